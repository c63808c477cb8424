package dev.g20.classify;

/**
 * The last {@code capacity} complex samples of a source, as interleaved float I, Q, addressed by
 * absolute sample index (0 = the source's first sample). One thread appends (the source thread),
 * others read back spans (the tracker thread): a read that the writer overtook while it copied is
 * reported as failed rather than returned torn. Appending allocates nothing.
 */
public final class IqHistory {
    private final float[] ring;
    private final int capacity;
    /** Samples appended and complete. */
    private volatile long written;
    /** Samples the writer may be overwriting: set before a copy starts, so a reader can tell. */
    private volatile long reserved;

    public IqHistory(int capacitySamples) {
        if (capacitySamples < 1 || capacitySamples > Integer.MAX_VALUE / 2) throw new IllegalArgumentException("capacity " + capacitySamples);
        this.capacity = capacitySamples;
        this.ring = new float[2 * capacitySamples];
    }

    /** A ring holding {@code seconds} of samples at {@code sampleRateHz}. */
    public static IqHistory ofSeconds(double seconds, double sampleRateHz) {
        return new IqHistory((int) Math.min(Integer.MAX_VALUE / 2 - 1, Math.ceil(seconds * sampleRateHz)));
    }

    public int capacity() {
        return capacity;
    }

    /** Samples appended since the start (the absolute index of the next one). */
    public long written() {
        return written;
    }

    /**
     * Appends {@code n} samples of {@code iq} (interleaved). A gap in the stream (dropped blocks)
     * is {@link #skip}ped so that indices keep matching the source's.
     */
    public void append(float[] iq, int n) {
        int off = 0;
        if (n > capacity) {
            // only the newest capacity samples can be kept
            skip(n - capacity);
            off = n - capacity;
            n = capacity;
        }
        long w = written;
        reserved = w + n;
        int pos = (int) (w % capacity);
        int first = Math.min(n, capacity - pos);
        System.arraycopy(iq, 2 * off, ring, 2 * pos, 2 * first);
        if (first < n) System.arraycopy(iq, 2 * (off + first), ring, 0, 2 * (n - first));
        written = w + n;
    }

    /** Advances the index by {@code n} samples that were never seen (their slots read as stale). */
    public void skip(long n) {
        long w = written + n;
        reserved = w;
        written = w;
    }

    /** Oldest absolute index still held. */
    public long oldest() {
        return Math.max(0, written - capacity);
    }

    /**
     * Copies samples [{@code start}, {@code start + count}) into {@code out} (interleaved, from 0).
     *
     * @return false when part of the span is not (or no longer) held; {@code out} is then undefined
     */
    public boolean read(long start, int count, float[] out) {
        if (count < 0 || count > capacity || start < 0) return false;
        if (start + count > written || start < reserved - capacity) return false;
        int pos = (int) (start % capacity);
        int first = Math.min(count, capacity - pos);
        System.arraycopy(ring, 2 * pos, out, 0, 2 * first);
        if (first < count) System.arraycopy(ring, 0, out, 2 * first, 2 * (count - first));
        // the writer may have started overwriting our span while we copied
        return start >= reserved - capacity;
    }
}
