package dev.g20.spectrogram;

import dev.g20.config.StftWindow;

/** STFT window coefficients (periodic form, as used for spectral analysis). */
public final class WindowFunction {
    private WindowFunction() {
    }

    public static float[] coefficients(StftWindow window, int n) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            double t = 2 * Math.PI * i / n;
            w[i] = (float) switch (window) {
                case HANN -> 0.5 - 0.5 * Math.cos(t);
                case HAMMING -> 0.54 - 0.46 * Math.cos(t);
                case BLACKMAN -> 0.42 - 0.5 * Math.cos(t) + 0.08 * Math.cos(2 * t);
                case RECT -> 1.0;
            };
        }
        return w;
    }

    /** Equivalent noise bandwidth in bins: N * sum(w^2) / sum(w)^2 (1.5 for Hann). */
    public static double enbwBins(float[] w) {
        double s = 0, s2 = 0;
        for (float v : w) {
            s += v;
            s2 += (double) v * v;
        }
        return w.length * s2 / (s * s);
    }
}
