package dev.g20.store;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.g20.detect.Box;
import dev.g20.track.MotionMode;
import dev.g20.track.Track;
import dev.g20.track.TrackState;

/**
 * One row of the tracks table: a track as it was at one frame. Field names in JSON are the
 * column names (snake_case); the boxes are [x1, y1, x2, y2] in canonical space.
 *
 * @param id         the row's database id
 * @param truthBox   null for rows written before the truth box columns existed
 * @param createdAt  when the row was inserted, ISO-8601 UTC (null if unknown)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StoredTrack(long id, long trackId, long frameId, long timestampNs, String configHash, int classId,
                          String className, double confidence, TrackState state, Box displayBox, Box truthBox,
                          double freqCenterHz, double freqBandwidthHz, MotionMode motionMode, double driftRateHzPerSec,
                          double driftConfidence, int hits, int ageFrames, long firstSeenFrameId, long lastSeenFrameId,
                          String createdAt) {

    /** The track as the tracker published it (REAL columns come back with float precision). */
    public Track toTrack() {
        return new Track(trackId, classId, className, truthBox, displayBox, confidence, state, ageFrames, hits, motionMode,
                driftRateHzPerSec, driftConfidence, freqCenterHz, freqBandwidthHz, firstSeenFrameId, lastSeenFrameId);
    }
}
