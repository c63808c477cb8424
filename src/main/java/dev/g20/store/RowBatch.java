package dev.g20.store;

import dev.g20.emitter.Emitter;
import dev.g20.track.Track;

/**
 * A reusable batch of rows for a sink: parallel arrays, so that queueing and writing a row
 * allocates nothing. Tracks and emitters are immutable records, so holding the reference is a
 * snapshot. Row i is a tracks row, or an emitter upsert when {@code emitters[i]} is set.
 */
public final class RowBatch {
    final Track[] tracks;
    final Emitter[] emitters;
    final long[] frameIds;
    final long[] timestampsNs;
    final String[] configHashes;
    int size;

    public RowBatch(int capacity) {
        tracks = new Track[capacity];
        emitters = new Emitter[capacity];
        frameIds = new long[capacity];
        timestampsNs = new long[capacity];
        configHashes = new String[capacity];
    }

    public int capacity() {
        return tracks.length;
    }

    public void add(Track t, long frameId, long timestampNs, String configHash) {
        add(t, null, frameId, timestampNs, configHash);
    }

    void add(Track t, Emitter e, long frameId, long timestampNs, String configHash) {
        tracks[size] = t;
        emitters[size] = e;
        frameIds[size] = frameId;
        timestampsNs[size] = timestampNs;
        configHashes[size] = configHash;
        size++;
    }

    /** Emitter rows among rows {@code from} (inclusive) to {@code to} (exclusive). */
    int emittersIn(int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) if (emitters[i] != null) n++;
        return n;
    }

    /** Drops the references so written tracks can be collected. */
    public void clear() {
        for (int i = 0; i < size; i++) {
            tracks[i] = null;
            emitters[i] = null;
            configHashes[i] = null;
        }
        size = 0;
    }
}
