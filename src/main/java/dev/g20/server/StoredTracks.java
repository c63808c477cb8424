package dev.g20.server;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.g20.track.Track;

import java.util.List;

/**
 * Stored-track queries behind {@code GET /api/tracks}; the track store implements it. Ranges are
 * inclusive; results are ordered by frame id, then track id, and hold at most {@code limit} rows.
 */
public interface StoredTracks {

    List<StoredTrack> byFrames(long fromFrameId, long toFrameId, int limit);

    List<StoredTrack> byTime(long fromNs, long toNs, int limit);

    List<StoredTrack> byTrackId(long trackId, int limit);

    /**
     * One logged row: a track as it was after frame {@code frameId}. Serialised flat: the row's
     * frame_id, timestamp_ns and config_hash, then the tracks.json fields.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record StoredTrack(long frameId, long timestampNs, String configHash, @JsonUnwrapped Track track) {
    }
}
