package dev.g20.emitter;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import dev.g20.track.MotionMode;

import java.util.List;
import java.util.Map;

/**
 * One transmitter over time, as G20 reports, stores, serves and alerts on it: built from confirmed
 * tracks (its bursts, hops or pulses), snapshot whenever it changes. JSON field names are the
 * store's column names (snake_case). Parameters that do not apply to this emitter are null
 * (a carrier has no PRI, a non-hopper no hop rate).
 *
 * @param classVotes   share of the class vote per class name over the emitter's whole life (sums to 1)
 * @param bursts       separate on-air periods (a continuous carrier has 1)
 * @param dutyCycle    on-air time over the emitter's life, 0..1
 * @param burstS       mean burst length in seconds
 * @param priS         pulse (burst start) repetition interval in seconds, when the bursts repeat regularly
 * @param hopCount     dwells on distinct channels, for a frequency hopper
 * @param hopRateHz    hops per second, for a frequency hopper
 * @param dwellS       mean dwell length in seconds, for a frequency hopper
 * @param driftHzPerS  centre-frequency drift, for a drifting emitter
 * @param trackIds     the tracks that make it up, oldest first
 * @param classFamily  the family of {@code className} (the classes one transmitter may show in turn)
 * @param motionMode   drifting when {@code driftHzPerS} is reported, else stationary
 * @param hopSpanHz    for a frequency hopper: the occupied hop span (lowest to highest channel edge)
 * @param channelsHz   for a frequency hopper: the centre of each channel seen, ascending (else empty)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Emitter(long emitterId, String sensorId, String className, Map<String, Double> classVotes,
                      EmitterState state, long firstSeenNs, long lastSeenNs, long firstFrameId, long lastFrameId,
                      double freqCenterHz, double bandwidthHz, double freqMinHz, double freqMaxHz,
                      double snrDbPeak, double snrDbMean, int bursts, double dutyCycle, double burstS,
                      Double priS, Integer hopCount, Double hopRateHz, Double dwellS, Double driftHzPerS,
                      List<Long> trackIds, String configHash, EmitterFamily classFamily, MotionMode motionMode,
                      Double hopSpanHz, List<Double> channelsHz) {

    public Emitter {
        classVotes = Map.copyOf(classVotes);
        trackIds = List.copyOf(trackIds);
        channelsHz = List.copyOf(channelsHz);
    }

    /** Without the hopper and motion details: family from the class name, stationary, no channels. */
    public Emitter(long emitterId, String sensorId, String className, Map<String, Double> classVotes,
                   EmitterState state, long firstSeenNs, long lastSeenNs, long firstFrameId, long lastFrameId,
                   double freqCenterHz, double bandwidthHz, double freqMinHz, double freqMaxHz,
                   double snrDbPeak, double snrDbMean, int bursts, double dutyCycle, double burstS,
                   Double priS, Integer hopCount, Double hopRateHz, Double dwellS, Double driftHzPerS,
                   List<Long> trackIds, String configHash) {
        this(emitterId, sensorId, className, classVotes, state, firstSeenNs, lastSeenNs, firstFrameId, lastFrameId,
                freqCenterHz, bandwidthHz, freqMinHz, freqMaxHz, snrDbPeak, snrDbMean, bursts, dutyCycle, burstS, priS,
                hopCount, hopRateHz, dwellS, driftHzPerS, trackIds, configHash, EmitterFamily.of(className),
                driftHzPerS != null ? MotionMode.DRIFTING : MotionMode.STATIONARY, null, List.of());
    }
}
