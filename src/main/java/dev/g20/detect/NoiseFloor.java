package dev.g20.detect;

import dev.g20.util.Selection;

/**
 * Measures a frame's noise floor in dB per bin, as the median level of its noise cells, robustly:
 * the 10 % quantile of (a strided sample of) all real cells, moved up by the gap between the 10 %
 * quantile and the median of noise. A noise cell's power is exponentially distributed whatever the
 * window and bin, so that gap is exactly 10 log10(ln 2 / -ln 0.9) = 8.18 dB; signals may cover up to
 * 90 % of the cells before they raise the estimate. The model input is shifted by
 * {@link #TRAINING_FLOOR_DB} minus this, so that detection does not depend on receiver gain.
 * One instance per caller thread; {@link #estimate} allocates nothing.
 */
public final class NoiseFloor {
    /**
     * Where the synthetic training scenes' floor sits: noise of -44 dBFS per sample on the
     * 4096-point Hann spectrogram reads -78.4 dB per bin on average (docs/spectrogram.md), and the
     * median of its cells is 1.59 dB below the average: -79.95 dB.
     */
    public static final double TRAINING_FLOOR_DB = -79.95;
    /** Median minus 10 % quantile of an exponentially distributed power, in dB. */
    static final double Q10_TO_MEDIAN_DB = 10 * Math.log10(Math.log(2) / -Math.log(0.9));
    private static final int MAX_SAMPLES = 1 << 16;

    private final float[] sample = new float[MAX_SAMPLES];

    /** The floor (median of noise, dB per bin) of the first {@code rows} rows of a rows x bins dB PSD. */
    public double estimate(float[] psdDb, int rows, int bins) {
        int cells = rows * bins;
        // an odd stride walks across bins and rows alike
        int stride = Math.max(1, cells / MAX_SAMPLES) | 1;
        int n = 0;
        for (int i = 0; i < cells && n < MAX_SAMPLES; i += stride) {
            float v = psdDb[i];
            if (v > -250f) sample[n++] = v; // exact zeros (silence, padding) are not noise
        }
        if (n == 0) return TRAINING_FLOOR_DB;
        return Selection.kth(sample, 0, n, (int) (0.1 * (n - 1))) + Q10_TO_MEDIAN_DB;
    }
}
