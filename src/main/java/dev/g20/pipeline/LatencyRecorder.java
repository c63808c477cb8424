package dev.g20.pipeline;

import java.util.Arrays;

/**
 * Keeps the most recent {@code capacity} durations (in microseconds) for percentiles. Recording
 * is allocation-free; percentiles copy and sort the window, which is only done by readers
 * (status line, metrics scrape), never on the data path.
 */
public final class LatencyRecorder {
    private final long[] ring;
    private long count;
    private long max;

    public LatencyRecorder(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1");
        ring = new long[capacity];
    }

    /** Records one duration given in nanoseconds. */
    public synchronized void recordNanos(long nanos) {
        long us = Math.max(0, nanos / 1000);
        ring[(int) (count % ring.length)] = us;
        count++;
        if (us > max) max = us;
    }

    /** Durations recorded since start. */
    public synchronized long count() {
        return count;
    }

    /** A copy of the window's percentiles, in milliseconds. */
    public synchronized Snapshot snapshot() {
        int n = (int) Math.min(count, ring.length);
        if (n == 0) return new Snapshot(count, 0, 0, 0, 0);
        long[] w = Arrays.copyOf(ring, n);
        Arrays.sort(w);
        return new Snapshot(count, pct(w, 0.50) / 1000.0, pct(w, 0.90) / 1000.0, pct(w, 0.99) / 1000.0, max / 1000.0);
    }

    /** Forgets the window (e.g. between the phases of a benchmark). */
    public synchronized void clear() {
        count = 0;
        max = 0;
    }

    private static long pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.clamp(i, 0, sorted.length - 1)];
    }

    /**
     * Percentiles over the recent window, in milliseconds.
     *
     * @param count all durations recorded since start (not only the window)
     * @param maxMs largest since start
     */
    public record Snapshot(long count, double p50Ms, double p90Ms, double p99Ms, double maxMs) {
    }
}
