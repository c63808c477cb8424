package dev.g20.classify;

import dev.g20.spectrogram.Fft;
import dev.g20.util.Selection;

import java.util.Arrays;

/**
 * The FFT-based measurements the features share: a Welch power spectrum, the strongest line of a
 * real or complex sequence in a frequency range, and the autocorrelation magnitude. One FFT per
 * power-of-two size is built on first use and kept; work arrays grow to the largest size seen, so
 * a steady state allocates nothing. Not thread-safe.
 */
final class SpectralKit {
    private static final int MAX_LOG2 = 20;
    private final Fft[] ffts = new Fft[MAX_LOG2 + 1];
    private float[] wr = new float[0], wi = new float[0];
    private float[] psd = new float[0];
    private float[] sorted = new float[0];
    private float[] hann = new float[0];
    private int hannFor = -1;
    /** Halvings of the refinement step around a peak: the last step is 1/32 of a (2x padded) bin. */
    private static final int REFINE_STEPS = 4;

    Fft fft(int n) {
        int lg = Integer.numberOfTrailingZeros(n);
        if (lg > MAX_LOG2) throw new IllegalArgumentException("fft size " + n);
        if (ffts[lg] == null) ffts[lg] = new Fft(n);
        return ffts[lg];
    }

    static int pow2AtLeast(int n) {
        int p = 2;
        while (p < n && p < 1 << MAX_LOG2) p <<= 1;
        return p;
    }

    float[] workRe(int n) {
        if (wr.length < n) {
            wr = new float[n];
            wi = new float[n];
        }
        return wr;
    }

    float[] workIm(int n) {
        workRe(n);
        return wi;
    }

    /**
     * Welch PSD of x (Hann, half overlap, {@code nfft} bins, fft-shifted: bin nfft/2 = 0 Hz),
     * scaled so that white noise of variance v reads v in every bin.
     */
    float[] welch(float[] re, float[] im, int n, int nfft) {
        if (psd.length < nfft) psd = new float[nfft];
        Arrays.fill(psd, 0, nfft, 0f);
        float[] a = workRe(nfft), b = workIm(nfft);
        double wsum2 = 0;
        if (hann.length != nfft) hann = new float[nfft]; // one size in steady state: the window is computed once
        if (hannFor != nfft) {
            for (int j = 0; j < nfft; j++) hann[j] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * j / nfft));
            hannFor = nfft;
        }
        for (int j = 0; j < nfft; j++) wsum2 += (double) hann[j] * hann[j];
        int hop = nfft / 2, segs = 0;
        Fft f = fft(nfft);
        for (int s = 0; s + nfft <= n; s += hop, segs++) {
            for (int j = 0; j < nfft; j++) {
                float w = hann[j];
                a[j] = re[s + j] * w;
                b[j] = im[s + j] * w;
            }
            f.transform(a, b);
            for (int k = 0; k < nfft; k++) {
                int o = (k + nfft / 2) % nfft;
                psd[o] += a[k] * a[k] + b[k] * b[k];
            }
        }
        float norm = (float) (1 / (Math.max(1, segs) * wsum2));
        for (int k = 0; k < nfft; k++) psd[k] *= norm;
        return psd;
    }

    /** The q-quantile (0..1) of v[from, to), by selection in a copy (linear time on average). */
    float quantile(float[] v, int from, int to, double q) {
        int n = to - from;
        if (n <= 0) return 0;
        if (sorted.length < n) sorted = new float[n];
        System.arraycopy(v, from, sorted, 0, n);
        return Selection.kth(sorted, 0, n, (int) Math.min(n - 1, Math.max(0, Math.round(q * (n - 1)))));
    }

    /** A spectral line: its frequency in cycles per sample, |X|^2 at the peak and the peak over the median of the range. */
    record Line(double cyclesPerSample, double power, double prominence) {
        static final Line NONE = new Line(Double.NaN, 0, 0);
    }

    /**
     * The strongest line of x (complex; pass im = null for a real sequence, whose mean is removed)
     * between {@code fLo} and {@code fHi} cycles per sample (signed for complex x), refined to a
     * fraction of a bin by evaluating the transform around the peak.
     */
    Line strongestLine(float[] re, float[] im, int n, double fLo, double fHi) {
        if (n < 8) return Line.NONE;
        int size = pow2AtLeast(2 * n);
        float[] a = workRe(size), b = workIm(size);
        double mr = 0;
        if (im == null) {
            for (int i = 0; i < n; i++) mr += re[i];
            mr /= n;
        }
        for (int i = 0; i < n; i++) {
            a[i] = (float) (re[i] - mr);
            b[i] = im == null ? 0 : im[i];
        }
        Arrays.fill(a, n, size, 0f);
        Arrays.fill(b, n, size, 0f);
        fft(size).transform(a, b);
        int kLo = (int) Math.ceil(fLo * size), kHi = (int) Math.floor(fHi * size);
        if (kHi <= kLo) return Line.NONE;
        int best = kLo;
        double bp = -1;
        int count = 0;
        for (int k = kLo; k <= kHi; k++) {
            int i = Math.floorMod(k, size);
            double p = a[i] * a[i] + b[i] * b[i];
            if (p > bp) {
                bp = p;
                best = k;
            }
            count++;
        }
        // median of the range, for the prominence (power values reuse the 'sorted' buffer)
        if (sorted.length < count) sorted = new float[count];
        for (int k = kLo, j = 0; k <= kHi; k++, j++) {
            int i = Math.floorMod(k, size);
            sorted[j] = a[i] * a[i] + b[i] * b[i];
        }
        double median = Math.max(Selection.kth(sorted, 0, count, count / 2), 1e-30);
        // refine: golden-section-free, a few direct evaluations around the peak bin
        double f0 = (double) best / size, step = 0.5 / size, fBest = f0, pBest = bp;
        for (int it = 0; it < REFINE_STEPS; it++) {
            for (int s = -1; s <= 1; s += 2) {
                double f = fBest + s * step;
                double p = dtftPower(re, im, n, mr, f);
                if (p > pBest) {
                    pBest = p;
                    fBest = f;
                }
            }
            step /= 2;
        }
        return new Line(fBest, pBest, bp / median);
    }

    /**
     * The fundamental of a line that may be a harmonic: the lowest of line/2, line/3, line/4 that
     * holds at least a fifth of the line's power, else the line itself.
     */
    Line fundamental(float[] re, float[] im, int n, Line line) {
        if (Double.isNaN(line.cyclesPerSample())) return line;
        double mean = 0;
        if (im == null) {
            for (int i = 0; i < n; i++) mean += re[i];
            mean /= n;
        }
        for (int k = 4; k >= 2; k--) {
            double f0 = line.cyclesPerSample() / k;
            if (f0 * n < 8) continue;
            double step = 0.5 / n, fBest = f0, pBest = dtftPower(re, im, n, mean, f0);
            for (int it = 0; it < REFINE_STEPS; it++) {
                for (int s = -1; s <= 1; s += 2) {
                    double p = dtftPower(re, im, n, mean, fBest + s * step);
                    if (p > pBest) {
                        pBest = p;
                        fBest += s * step;
                    }
                }
                step /= 2;
            }
            if (pBest > 0.2 * line.power()) return new Line(fBest, pBest, line.prominence() * pBest / line.power());
        }
        return line;
    }

    private static double dtftPower(float[] re, float[] im, int n, double mean, double f) {
        double w = -2 * Math.PI * f, cr = Math.cos(w), ci = Math.sin(w);
        double pr = 1, pi = 0, sr = 0, si = 0;
        for (int i = 0; i < n; i++) {
            double xr = re[i] - mean, xi = im == null ? 0 : im[i];
            sr += xr * pr - xi * pi;
            si += xr * pi + xi * pr;
            double t = pr * cr - pi * ci;
            pi = pr * ci + pi * cr;
            pr = t;
        }
        return sr * sr + si * si;
    }

    /**
     * |R(tau)| / R(0) for tau in [0, maxLag] into {@code out}, R(tau) = sum x[i + tau] conj(x[i]),
     * through one zero-padded FFT and its inverse.
     */
    void autocorrelation(float[] re, float[] im, int n, int maxLag, float[] out) {
        int size = pow2AtLeast(n + maxLag + 1);
        float[] a = workRe(size), b = workIm(size);
        System.arraycopy(re, 0, a, 0, n);
        System.arraycopy(im, 0, b, 0, n);
        Arrays.fill(a, n, size, 0f);
        Arrays.fill(b, n, size, 0f);
        Fft f = fft(size);
        f.transform(a, b);
        for (int k = 0; k < size; k++) {
            // |X|^2, then the inverse transform as a forward one of the conjugate (real input: same)
            a[k] = a[k] * a[k] + b[k] * b[k];
            b[k] = 0;
        }
        f.transform(a, b);
        double r0 = Math.max(Math.sqrt(a[0] * a[0] + b[0] * b[0]), 1e-30);
        for (int t = 0; t <= maxLag; t++) {
            // forward transform of a real spectrum gives R at -tau: |R| is the same
            int i = t == 0 ? 0 : size - t;
            out[t] = (float) (Math.sqrt(a[i] * a[i] + b[i] * b[i]) / r0);
        }
    }
}
