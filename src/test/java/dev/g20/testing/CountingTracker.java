package dev.g20.testing;

import dev.g20.config.TrackerConfig;
import dev.g20.detect.Detection;
import dev.g20.spectrogram.SpectrogramFrame;
import dev.g20.track.RFSignalTracker;
import dev.g20.track.Track;
import dev.g20.track.Tracker;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The real tracker, counting its resets (and optionally failing at one frame) for pipeline tests. */
public final class CountingTracker implements Tracker {
    private final RFSignalTracker inner;
    private final long failAtFrame;
    private final AtomicInteger resets = new AtomicInteger();

    public CountingTracker(TrackerConfig config) {
        this(config, -1);
    }

    /** @param failAtFrame throws IllegalStateException("tracker exploded") at this frame id (-1: never) */
    public CountingTracker(TrackerConfig config, long failAtFrame) {
        this.inner = new RFSignalTracker(config);
        this.failAtFrame = failAtFrame;
    }

    public int resets() {
        return resets.get();
    }

    @Override
    public List<Track> update(List<Detection> detections, SpectrogramFrame frame) {
        if (frame.frameId() == failAtFrame) throw new IllegalStateException("tracker exploded");
        return inner.update(detections, frame);
    }

    @Override
    public void reset() {
        resets.incrementAndGet();
        inner.reset();
    }

    @Override
    public long nextTrackId() {
        return inner.nextTrackId();
    }

    @Override
    public void continueIdsFrom(long id) {
        inner.continueIdsFrom(id);
    }
}
