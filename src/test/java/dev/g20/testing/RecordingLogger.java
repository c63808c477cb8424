package dev.g20.testing;

import dev.g20.store.TrackLogger;
import dev.g20.track.Track;

import java.util.ArrayList;
import java.util.List;

/** TEST FIXTURE: a track logger that keeps rows in memory and remembers being stopped. */
public final class RecordingLogger implements TrackLogger {
    public record Row(Track track, long frameId, long timestampNs, String configHash) {
    }

    private final List<Row> rows = new ArrayList<>();
    private volatile boolean stopped;

    @Override
    public synchronized void log(Track track, long frameId, long timestampNs, String configHash) {
        if (stopped) throw new IllegalStateException("log after stop");
        rows.add(new Row(track, frameId, timestampNs, configHash));
    }

    @Override
    public void stop() {
        stopped = true;
    }

    public boolean stopped() {
        return stopped;
    }

    public synchronized List<Row> rows() {
        return List.copyOf(rows);
    }
}
