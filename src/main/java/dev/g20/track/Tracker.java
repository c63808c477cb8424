package dev.g20.track;

import dev.g20.detect.Detection;
import dev.g20.spectrogram.SpectrogramFrame;

import java.util.List;

/** Links per-frame detections into tracks. Called once per frame from one thread. */
public interface Tracker {

    /**
     * Updates with this frame's detections; returns the live tracks in a deterministic order (by track
     * id), plus, once, each track lost in this frame (state {@code lost}) so that consumers see it end.
     */
    List<Track> update(List<Detection> detections, SpectrogramFrame frame);

    /** Forgets every track (config change); track ids keep counting up. */
    void reset();

    /** The id the next new track will get (trackers without ids of their own: 0). */
    default long nextTrackId() {
        return 0;
    }

    /**
     * Continues numbering at {@code id} or above, so that a tracker replacing another (tracker config
     * change) never reuses one of its ids. Called before the first {@link #update}.
     */
    default void continueIdsFrom(long id) {
    }
}
