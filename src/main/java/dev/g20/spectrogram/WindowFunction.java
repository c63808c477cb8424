package dev.g20.spectrogram;

/** STFT window coefficients (periodic form, as used for spectral analysis). */
public final class WindowFunction {
    private WindowFunction() {
    }

    public static float[] coefficients(String name, int n) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            double t = 2 * Math.PI * i / n;
            w[i] = (float) switch (name) {
                case "hann" -> 0.5 - 0.5 * Math.cos(t);
                case "hamming" -> 0.54 - 0.46 * Math.cos(t);
                case "blackman" -> 0.42 - 0.5 * Math.cos(t) + 0.08 * Math.cos(2 * t);
                case "rect" -> 1.0;
                default -> throw new IllegalArgumentException("unknown window '" + name + "'");
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
