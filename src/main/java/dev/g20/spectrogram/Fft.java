package dev.g20.spectrogram;

/**
 * In-place forward complex FFT of a fixed power-of-two size on split real/imaginary float
 * arrays. Tables are built once; {@link #transform} allocates nothing.
 */
public final class Fft {
    private final int n;
    private final int[] bitReverse;
    private final float[] cos;
    private final float[] sin;

    public Fft(int n) {
        if (n < 2 || Integer.bitCount(n) != 1) throw new IllegalArgumentException("FFT size must be a power of two, got " + n);
        this.n = n;
        int bits = Integer.numberOfTrailingZeros(n);
        bitReverse = new int[n];
        for (int i = 0; i < n; i++) bitReverse[i] = Integer.reverse(i) >>> (32 - bits);
        cos = new float[n / 2];
        sin = new float[n / 2];
        for (int k = 0; k < n / 2; k++) {
            double a = -2 * Math.PI * k / n;
            cos[k] = (float) Math.cos(a);
            sin[k] = (float) Math.sin(a);
        }
    }

    public int size() {
        return n;
    }

    /** X[k] = sum_j x[j] exp(-2 pi i j k / n), in place. */
    public void transform(float[] re, float[] im) {
        for (int i = 0; i < n; i++) {
            int j = bitReverse[i];
            if (j > i) {
                float t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int half = 1; half < n; half <<= 1) {
            int step = n / (half << 1);
            for (int start = 0; start < n; start += half << 1) {
                for (int k = 0, t = 0; k < half; k++, t += step) {
                    int a = start + k;
                    int b = a + half;
                    float wr = cos[t], wi = sin[t];
                    float xr = re[b] * wr - im[b] * wi;
                    float xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }
}
