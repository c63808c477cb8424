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
}
