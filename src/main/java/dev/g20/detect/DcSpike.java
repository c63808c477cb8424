package dev.g20.detect;

import dev.g20.spectrogram.FastLog;
import dev.g20.util.Selection;

/**
 * Finds and notches a receiver's DC spike (the LO leakage / DC offset of direct-conversion
 * receivers such as RTL-SDR or PlutoSDR) by its shape: it sits on the centre bin N/2, it is narrow
 * (at most {@link #MAX_HALF_WIDTH} bins either side) and steady (its level is the median over the
 * frame's rows, so a burst that crosses the centre now and then does not count). A signal that is
 * wide at the centre fails the narrowness test and is left alone. The notch replaces the spike's
 * bins, row by row, with the line between the mean power of two bins just outside it on each side:
 * a signal that crosses the centre keeps its level there, the spike disappears. Both detectors use
 * it. One instance per caller thread; {@link #find} and {@link #notch} allocate nothing.
 */
public final class DcSpike {
    /** The spike may spread this many bins either side of N/2 (window leakage, a slowly moving offset). */
    public static final int MAX_HALF_WIDTH = 6;
    /** The centre bin must stand this far above the bins around it (dB). */
    public static final double MIN_EXCESS_DB = 8.0;
    /** Bins at or above this excess (dB) next to the centre belong to the spike. */
    private static final double EDGE_EXCESS_DB = 3.0;
    /** The reference level is the median of the bins this far out from the centre (both sides). */
    private static final int REF_FROM = MAX_HALF_WIDTH + 3, REF_TO = MAX_HALF_WIDTH + 27;
    /** Rows sampled for the per-bin medians. */
    private static final int MAX_ROWS = 64;

    private final float[] level = new float[2 * REF_TO + 1];
    private final float[] ref = new float[2 * (REF_TO - REF_FROM + 1)];
    private final float[] column = new float[MAX_ROWS];
    private int lo = -1, hi = -1;
    private double excessDb;

    /**
     * Looks for the spike in the first {@code rows} rows of a rows x bins dB PSD (row-major).
     *
     * @return true when one was found; then {@link #lo()}..{@link #hi()} are its bins
     */
    public boolean find(float[] psdDb, int rows, int bins) {
        lo = hi = -1;
        excessDb = 0;
        int c = bins / 2;
        if (bins < 4 * REF_TO) return false;
        int step = Math.max(1, rows / MAX_ROWS);
        for (int d = -REF_TO; d <= REF_TO; d++) {
            int n = 0;
            for (int r = 0; r < rows && n < MAX_ROWS; r += step) column[n++] = psdDb[r * bins + c + d];
            level[d + REF_TO] = Selection.kth(column, 0, n, n / 2);
        }
        int k = 0;
        for (int d = REF_FROM; d <= REF_TO; d++) {
            ref[k++] = level[REF_TO + d];
            ref[k++] = level[REF_TO - d];
        }
        float reference = Selection.kth(ref, 0, k, k / 2);
        double centre = Math.max(level[REF_TO], Math.max(level[REF_TO - 1], level[REF_TO + 1])) - reference;
        if (centre < MIN_EXCESS_DB) return false;
        int a = 0, b = 0;
        while (a <= MAX_HALF_WIDTH && level[REF_TO - a - 1] - reference >= EDGE_EXCESS_DB) a++;
        while (b <= MAX_HALF_WIDTH && level[REF_TO + b + 1] - reference >= EDGE_EXCESS_DB) b++;
        if (a > MAX_HALF_WIDTH || b > MAX_HALF_WIDTH) return false; // wide at the centre: a signal, not a spike
        // one bin of margin each side: the window's leakage just below the edge threshold
        lo = c - a - 1;
        hi = c + b + 1;
        excessDb = centre;
        return true;
    }

    /** First notched bin, or -1 when no spike was found. */
    public int lo() {
        return lo;
    }

    /** Last notched bin, or -1. */
    public int hi() {
        return hi;
    }

    /** How far the spike stood above the bins around it (dB), 0 when none. */
    public double excessDb() {
        return excessDb;
    }

    /** True when the last {@link #find} found a spike. */
    public boolean found() {
        return lo >= 0;
    }

    /**
     * Replaces the spike's bins in each of the first {@code rows} rows of a rows x bins array of
     * linear powers (in place) by the line between the two-bin means outside the notch.
     */
    public void notchLinear(float[] power, int rows, int bins) {
        if (lo < 0) return;
        int span = hi - lo + 2;
        for (int r = 0; r < rows; r++) {
            int base = r * bins;
            float left = 0.5f * (power[base + lo - 1] + power[base + lo - 2]);
            float right = 0.5f * (power[base + hi + 1] + power[base + hi + 2]);
            for (int b = lo; b <= hi; b++) {
                float t = (float) (b - lo + 1) / span;
                power[base + b] = left + (right - left) * t;
            }
        }
    }

    /** As {@link #notchLinear}, for dB values: copies {@code src} rows into {@code dst} with the notch applied. */
    public void notchDb(float[] src, float[] dst, int rows, int bins) {
        int n = rows * bins;
        System.arraycopy(src, 0, dst, 0, n);
        if (lo < 0) return;
        int span = hi - lo + 2;
        for (int r = 0; r < rows; r++) {
            int base = r * bins;
            float left = 0.5f * (FastLog.power(src[base + lo - 1]) + FastLog.power(src[base + lo - 2]));
            float right = 0.5f * (FastLog.power(src[base + hi + 1]) + FastLog.power(src[base + hi + 2]));
            for (int b = lo; b <= hi; b++) {
                float t = (float) (b - lo + 1) / span;
                dst[base + b] = FastLog.db(Math.max(left + (right - left) * t, 1e-30f));
            }
        }
    }
}
