package dev.g20.track;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.g20.detect.Box;

/**
 * A tracked signal as published to the UI, the store and tracks.json (field names in snake_case,
 * as the first version's Track). Boxes are in canonical space.
 *
 * @param state        tentative, confirmed or lost
 * @param ageFrames    frames since the last matched detection
 * @param motionMode   stationary or drifting
 * @param snrDb        the band's power over its noise floor on the canonical PSD, in the latest frame the track was
 *                     matched (BandSnr); NaN where not measured (rows read back from a store)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Track(long trackId, int classId, String className, Box truthBox, Box displayBox, double confidence,
                    TrackState state, int ageFrames, int hits, MotionMode motionMode, double driftRateHzPerSec,
                    double driftConfidence, double freqCenterHz, double freqBandwidthHz, long firstSeenFrameId,
                    long lastSeenFrameId, double snrDb) {

    /** A track without an SNR measurement (NaN). */
    public Track(long trackId, int classId, String className, Box truthBox, Box displayBox, double confidence,
                 TrackState state, int ageFrames, int hits, MotionMode motionMode, double driftRateHzPerSec,
                 double driftConfidence, double freqCenterHz, double freqBandwidthHz, long firstSeenFrameId,
                 long lastSeenFrameId) {
        this(trackId, classId, className, truthBox, displayBox, confidence, state, ageFrames, hits, motionMode,
                driftRateHzPerSec, driftConfidence, freqCenterHz, freqBandwidthHz, firstSeenFrameId, lastSeenFrameId, Double.NaN);
    }
}
