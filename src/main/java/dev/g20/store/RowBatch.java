package dev.g20.store;

import dev.g20.track.Track;

/**
 * A reusable batch of rows for a sink: parallel arrays, so that queueing and writing a row
 * allocates nothing. Tracks are immutable records, so holding the reference is a snapshot.
 */
public final class RowBatch {
    final Track[] tracks;
    final long[] frameIds;
    final long[] timestampsNs;
    final String[] configHashes;
    int size;

    public RowBatch(int capacity) {
        tracks = new Track[capacity];
        frameIds = new long[capacity];
        timestampsNs = new long[capacity];
        configHashes = new String[capacity];
    }

    public int capacity() {
        return tracks.length;
    }

    public void add(Track t, long frameId, long timestampNs, String configHash) {
        tracks[size] = t;
        frameIds[size] = frameId;
        timestampsNs[size] = timestampNs;
        configHashes[size] = configHash;
        size++;
    }

    /** Drops the references so written tracks can be collected. */
    public void clear() {
        for (int i = 0; i < size; i++) {
            tracks[i] = null;
            configHashes[i] = null;
        }
        size = 0;
    }
}
