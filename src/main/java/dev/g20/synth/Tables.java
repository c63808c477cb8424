package dev.g20.synth;

/**
 * Lookup tables shared by all emitters: a sine table indexed by the top bits of a 64-bit phase
 * (one full cycle = 2^64, so phase arithmetic wraps for free), and a standard-normal table built
 * from the inverse CDF at evenly spaced probabilities (deterministic, no random draws).
 */
final class Tables {
    static final int SIN_BITS = 12;
    static final int SIN_SIZE = 1 << SIN_BITS;
    /** Shift that turns a 64-bit phase into a table index. */
    static final int SIN_SHIFT = 64 - SIN_BITS;
    /** sin over one cycle; cos(x) = SIN[(i + SIN_SIZE / 4) mod SIN_SIZE], kept as its own table. */
    static final float[] SIN = new float[SIN_SIZE];
    static final float[] COS = new float[SIN_SIZE];

    static final int GAUSS_BITS = 16;
    static final float[] GAUSS = new float[1 << GAUSS_BITS];

    /** 2^64 as a double: phase units per cycle. */
    static final double CYCLE = 0x1.0p64;

    static {
        for (int i = 0; i < SIN_SIZE; i++) {
            // sample at the middle of each phase cell, so truncating the phase is unbiased
            double a = 2 * Math.PI * (i + 0.5) / SIN_SIZE;
            SIN[i] = (float) Math.sin(a);
            COS[i] = (float) Math.cos(a);
        }
        int n = GAUSS.length;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            GAUSS[i] = (float) inverseNormal((i + 0.5) / n);
            sumSq += (double) GAUSS[i] * GAUSS[i];
        }
        // the table's tails stop at ±4.3 sigma; rescale so the variance is exactly 1
        float k = (float) Math.sqrt(n / sumSq);
        for (int i = 0; i < n; i++) GAUSS[i] *= k;
    }

    private Tables() {
    }

    /** Phase increment per sample of a tone at {@code cyclesPerSample} (may be negative). */
    static long phaseStep(double cyclesPerSample) {
        double f = cyclesPerSample - Math.rint(cyclesPerSample);
        return (long) (f * CYCLE);
    }

    /** Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9). */
    static double inverseNormal(double p) {
        final double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
        final double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01};
        final double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
        final double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double plow = 0.02425;
        if (p < plow) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - plow) {
            double q = Math.sqrt(-2 * Math.log(1 - p));
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        double q = p - 0.5, r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
