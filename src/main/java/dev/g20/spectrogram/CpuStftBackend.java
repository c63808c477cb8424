package dev.g20.spectrogram;

import dev.g20.config.SpectrogramConfig;

import java.lang.foreign.MemorySegment;

/**
 * STFT on the CPU, one row at a time with reused scratch arrays. Calibration: a full-scale complex
 * tone reads 0 dB in its bin (|X|^2 / (sum w)^2); white noise of power P per sample reads
 * P - 10 log10(N * ENBW) dB per bin. Not thread-safe: one instance per thread.
 */
public final class CpuStftBackend implements StftBackend {
    private static final float POWER_FLOOR = 1e-30f;

    private final int n;
    private final int hop;
    private final float[][] windowRows;
    private final Fft fft;
    private final float[] power;
    private final MemorySegment powerView;
    private final int[] bits;
    private final float powerScale;
    private final float floorDb;
    private final float levelsPerDb;

    public CpuStftBackend(SpectrogramConfig config) {
        this.n = config.fftSize();
        this.hop = config.hop();
        float[] window = WindowFunction.coefficients(config.window(), n);
        this.fft = new Fft(n);
        int width = fft.inputRowLength();
        this.windowRows = new float[fft.inputRows()][];
        for (int r = 0; r < windowRows.length; r++) windowRows[r] = java.util.Arrays.copyOfRange(window, r * width, (r + 1) * width);
        this.power = new float[fft.outputRowLength()];
        this.powerView = MemorySegment.ofArray(power);
        this.bits = new int[power.length];
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
        // window + de-interleave straight into the FFT's input rows (stride-2 reads: scalar anyway)
        float[][] inRe = fft.inputRe(), inIm = fft.inputIm();
        int width = fft.inputRowLength();
        for (int r = 0, base = 2 * sampleOffset; r < inRe.length; r++, base += 2 * width) {
            float[] xr = inRe[r], xi = inIm[r], w = windowRows[r];
            for (int c = 0; c < width; c++) {
                xr[c] = iq[base + 2 * c] * w[c];
                xi[c] = iq[base + 2 * c + 1] * w[c];
            }
        }
        fft.transformRows();
        // |X|^2 -> dB; fft-shift by placing output row k2 (X[k2*R ..]) half a spectrum further on
        int outRows = fft.outputRows(), len = fft.outputRowLength(), half = outRows / 2;
        float scale = powerScale;
        float[] pw = power;
        for (int k2 = 0; k2 < outRows; k2++) {
            float[] xr = fft.outputRowRe(k2), xi = fft.outputRowIm(k2);
            for (int i = 0; i < len; i++) pw[i] = Math.max((xr[i] * xr[i] + xi[i] * xi[i]) * scale, POWER_FLOOR);
            FastLog.db(powerView, bits, psdDb, out + ((k2 + half) & (outRows - 1)) * len, len);
        }
        // psdDb and levels are arrays of different types, and clamping in float before the
        // conversion keeps the loop free of int overflow handling: C2 vectorises it
        float floor = floorDb, perDb = levelsPerDb;
        for (int k = out, end = out + n; k < end; k++) {
            float v = Math.min(255f, Math.max(0f, (psdDb[k] - floor) * perDb + 0.5f));
            levels[k] = (byte) (int) v;
        }
    }

    @Override
    public void close() {
        // nothing held
    }
}
