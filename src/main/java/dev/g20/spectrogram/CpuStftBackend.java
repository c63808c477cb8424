package dev.g20.spectrogram;

import dev.g20.config.SpectrogramConfig;

/**
 * STFT on the CPU, one row at a time with reused scratch arrays. Calibration: a full-scale complex
 * tone reads 0 dB in its bin (|X|^2 / (sum w)^2); white noise of power P per sample reads
 * P - 10 log10(N * ENBW) dB per bin. Not thread-safe: one instance per thread.
 */
public final class CpuStftBackend implements StftBackend {
    private static final float POWER_FLOOR = 1e-30f;

    private final int n;
    private final int hop;
    private final float[] window;
    private final Fft fft;
    private final float[] re;
    private final float[] im;
    private final float powerScale;
    private final float floorDb;
    private final float levelsPerDb;

    public CpuStftBackend(SpectrogramConfig config) {
        this.n = config.fftSize();
        this.hop = config.hop();
        this.window = WindowFunction.coefficients(config.window(), n);
        this.fft = new Fft(n);
        this.re = new float[n];
        this.im = new float[n];
        double sum = 0;
        for (float w : window) sum += w;
        this.powerScale = (float) (1.0 / (sum * sum));
        this.floorDb = (float) (config.psdRefDbm() - config.dynamicRangeDb());
        this.levelsPerDb = (float) (255.0 / config.dynamicRangeDb());
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public void computeRows(float[] iq, int rows, float[] psdDb, byte[] levels) {
        for (int r = 0; r < rows; r++) computeRow(iq, r * hop, psdDb, levels, r * n);
    }

    /** One row from samples starting at {@code sampleOffset}, written at {@code out} in both outputs. */
    public void computeRow(float[] iq, int sampleOffset, float[] psdDb, byte[] levels, int out) {
        int base = sampleOffset * 2;
        for (int i = 0; i < n; i++) {
            float w = window[i];
            re[i] = iq[base + 2 * i] * w;
            im[i] = iq[base + 2 * i + 1] * w;
        }
        fft.transform(re, im);
        int half = n / 2;
        for (int k = 0; k < n; k++) {
            // fft-shift: output bin k holds FFT bin (k + n/2) mod n, so bin 0 is the lowest frequency
            int src = k < half ? k + half : k - half;
            float p = (re[src] * re[src] + im[src] * im[src]) * powerScale;
            float db = FastLog.db(Math.max(p, POWER_FLOOR));
            psdDb[out + k] = db;
            float v = (db - floorDb) * levelsPerDb;
            levels[out + k] = (byte) (v <= 0 ? 0 : v >= 255 ? 255 : (int) (v + 0.5f));
        }
    }

    @Override
    public void close() {
        // nothing held
    }
}
