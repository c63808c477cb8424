package dev.g20.classify;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What the IQ-level classifier says about one signal (docs/classify.md). Every parameter is in Hz
 * or seconds and is null where it does not apply to the modulation; each has its confidence in
 * [0, 1] (null with it).
 *
 * @param modulation            the modulation named
 * @param confidence            how sure the rules are of {@code modulation}
 * @param snrDb                 measured in the channel (signal over the noise in the analysed band)
 * @param symbolRateHz          PSK/QAM/FSK/OOK symbol rate
 * @param fskDeviationHz        FSK: the outer tone's offset from the centre
 * @param fmDeviationHz         FM: sqrt(2) x the rms frequency deviation (the peak of a sine of that rms)
 * @param ofdmSymbolS           OFDM: the useful symbol length (1 / subcarrier spacing), without the prefix
 * @param chirpRateHzPerS       LFM/CSS: the sweep rate, signed
 * @param pulseWidthS           OOK/PPM: the median pulse width
 * @param analysedSeconds       how much IQ the estimate rests on
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ModulationEstimate(Modulation modulation, double confidence, double snrDb,
                                 Double symbolRateHz, Double symbolRateConfidence,
                                 Double fskDeviationHz, Double fskDeviationConfidence,
                                 Double fmDeviationHz, Double fmDeviationConfidence,
                                 Double ofdmSymbolS, Double ofdmSymbolConfidence,
                                 Double chirpRateHzPerS, Double chirpRateConfidence,
                                 Double pulseWidthS, Double pulseWidthConfidence,
                                 double analysedSeconds) {
}
