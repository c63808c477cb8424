package dev.g20.classify;

import dev.g20.source.IqSource;
import dev.g20.source.SourceInfo;

/**
 * An {@link IqSource} that appends everything read through it to an {@link IqHistory}: the
 * pipeline's source thread fills the history without knowing of it.
 */
public final class RecordingSource implements IqSource {
    private final IqSource source;
    private final IqHistory history;

    public RecordingSource(IqSource source, IqHistory history) {
        this.source = source;
        this.history = history;
    }

    @Override
    public SourceInfo info() {
        return source.info();
    }

    @Override
    public int read(float[] iq, int maxSamples) {
        int n = source.read(iq, maxSamples);
        if (n > 0) history.append(iq, n);
        return n;
    }

    @Override
    public void close() {
        source.close();
    }
}
