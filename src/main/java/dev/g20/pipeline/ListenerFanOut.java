package dev.g20.pipeline;

import dev.g20.pipeline.PipelineListener.ConfigChange;
import dev.g20.spectrogram.SpectrogramFrame;
import dev.g20.track.Track;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Hands each event to every registered listener; a listener that throws is logged and skipped, so
 * one faulty consumer never stops a stage or starves the others. Each event's call is a
 * non-capturing lambda, so fanning out a frame allocates nothing.
 */
final class ListenerFanOut implements PipelineListener {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerFanOut.class);

    /** One listener method with its arguments. */
    @FunctionalInterface
    private interface Call<A, B> {
        void on(PipelineListener listener, A a, B b);
    }

    private final List<PipelineListener> listeners = new CopyOnWriteArrayList<>();

    void add(PipelineListener l) {
        listeners.add(l);
    }

    @Override
    public void onFrame(SpectrogramFrame frame) {
        each((l, f, unused) -> l.onFrame(f), frame, null, "frame");
    }

    @Override
    public void onTracks(SpectrogramFrame frame, List<Track> tracks) {
        each(PipelineListener::onTracks, frame, tracks, "tracks");
    }

    @Override
    public void onConfigChange(ConfigChange change) {
        each((l, c, unused) -> l.onConfigChange(c), change, null, "config change");
    }

    @Override
    public void onEnd(Throwable failure) {
        each((l, f, unused) -> l.onEnd(f), failure, null, "end");
    }

    private <A, B> void each(Call<A, B> call, A a, B b, String event) {
        for (int i = 0, n = listeners.size(); i < n; i++) {
            PipelineListener l = listeners.get(i);
            try {
                call.on(l, a, b);
            } catch (RuntimeException e) {
                LOG.warn("listener {} failed on {}: {}", l.getClass().getSimpleName(), event, e.toString());
            }
        }
    }
}
