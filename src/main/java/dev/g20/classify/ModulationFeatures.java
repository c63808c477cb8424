package dev.g20.classify;

/**
 * The measurements the rules decide on, from one channelized stretch of IQ (docs/classify.md
 * defines each). Frequencies in Hz, times in seconds; NaN where a measurement could not be made.
 *
 * @param channelRateHz      sample rate of the channelized IQ
 * @param bandwidthHz        the band it was channelized for
 * @param snrDb              signal over noise in the channel, noise from the Welch spectrum's low quantile
 * @param duty               share of the window above the on/off threshold
 * @param pulses             on-runs in the window
 * @param pulseWidthS        median on-run length
 * @param pulsePeriodS       median start-to-start spacing of the on-runs
 * @param keyedBitS          on-off keying: mean length of the runs near the shortest common one (one bit)
 * @param pulseCoherence     |sum| / sum of |.| of the sample-to-sample phase steps inside the runs: 1 for a keyed carrier
 * @param segmentS           length of the analysed stretch (the whole window, or its longest on-run)
 * @param envelopeKurtosis   E|s|^4 / (E|s|^2)^2 with the noise's share removed: 1 constant envelope, 2 Gaussian
 * @param carrierFraction    power of the strongest single line over the signal power
 * @param sidebandContrast   Welch spectrum inside the band (the carrier's bins left out) over the noise-only
 *                           spectrum between the band's and the channel's edge: 1 for a bare carrier, above for AM
 * @param phaseStdRad        circular std of the phase about the carrier line
 * @param freqStdHz          std of the (smoothed) instantaneous frequency
 * @param freqKurtosis       kurtosis of the instantaneous frequency: 1 for two levels, 1.64 for four, 3 Gaussian
 * @param freqCentreFraction share of the instantaneous frequency within 0.3 std of its median
 * @param chirpRateHzPerS    the straight line's slope (LFM) or the second phase difference's (CSS)
 * @param chirpR2            r^2 of a straight line through the instantaneous frequency
 * @param chirpFraction      coherence of the second phase difference (noise share removed): near 1 for chirps, 0 where the sweep is under a third of the band
 * @param chirpWraps         times the frequency jumps back by half the band against the sweep (CSS symbol starts)
 * @param freqSpread         (q90 - q10) / (q75 - q25) of the instantaneous frequency smoothed once more: 1 two levels, 1.5 four, 1.9 Gaussian
 * @param envelopeLineHz     strongest line of |x|^2 (a linear modulation's symbol rate)
 * @param envelopeLineProminence that line over the spectrum's median
 * @param freqLineHz         strongest line of |df| (an FSK's symbol rate)
 * @param freqLineProminence that line over the spectrum's median
 * @param symbols            symbols the cumulants were taken over (0 when none were)
 * @param c20 |C20| / S      @param c40 |C40| / S^2 @param c41 |C41| / S^2 @param c42 C42 / S^2
 * @param c60 |C60| / S^3    @param c63 C63 / S^3   @param m80 |E d^8| / S^4
 * @param ofdmLagS           lag of the strongest cyclic-prefix autocorrelation peak
 * @param ofdmPeak           |R(lag)| / R(0)
 * @param ofdmProminence     that peak over its surroundings
 * @param fskDeviationHz     outer tone's offset from the centre
 * @param fskTransitionFraction share of samples within half the deviation of the centre
 * @param fmDeviationHz      sqrt(2) x the rms instantaneous-frequency deviation
 */
public record ModulationFeatures(double channelRateHz, double bandwidthHz, double snrDb,
                                 double duty, int pulses, double pulseWidthS, double pulsePeriodS, double keyedBitS, double pulseCoherence,
                                 double segmentS, double envelopeKurtosis, double carrierFraction, double sidebandContrast, double phaseStdRad,
                                 double freqStdHz, double freqKurtosis, double freqCentreFraction,
                                 double chirpRateHzPerS, double chirpR2, double chirpFraction, int chirpWraps, double freqSpread,
                                 double envelopeLineHz, double envelopeLineProminence,
                                 double freqLineHz, double freqLineProminence,
                                 int symbols, double c20, double c40, double c41, double c42, double c60, double c63, double m80,
                                 double ofdmLagS, double ofdmPeak, double ofdmProminence,
                                 double fskDeviationHz, double fskTransitionFraction, double fmDeviationHz) {
}
