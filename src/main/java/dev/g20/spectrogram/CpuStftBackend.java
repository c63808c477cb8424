package dev.g20.spectrogram;

import dev.g20.config.SpectrogramConfig;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * STFT on the CPU with reused scratch arrays: nothing is allocated per row. Rows are computed
 * {@link #DEFAULT_BATCH} at a time through one batched {@link Fft}, because longer vector loops
 * run faster (see Fft). Calibration (docs/spectrogram.md): a full-scale complex tone reads 0 dB in
 * its bin (|X|^2 / (sum w)^2); white noise of power P per complex sample reads
 * 10 log10(P * ENBW / N) dB per bin. Not thread-safe: one instance per thread.
 */
public final class CpuStftBackend implements StftBackend {
    /** Rows transformed together; 4 gets most of the gain of longer loops while staying in L2. */
    public static final int DEFAULT_BATCH = 4;

    private static final float POWER_FLOOR = 1e-30f;

    private final int n;
    private final int hop;
    private final float[][] windowRows;
    private final Fft fft;
    private final float[] power;
    private final MemorySegment powerView;
    private final int[] bits;
    private final float[] dbRow;
    private final float powerScale;
    private final float floorDb;
    private final float levelsPerDb;

    public CpuStftBackend(SpectrogramConfig config) {
        this(config, Math.min(DEFAULT_BATCH, config.rowsPerFrame()));
    }

    /** @param batch rows transformed together (1 = one at a time) */
    public CpuStftBackend(SpectrogramConfig config, int batch) {
        this.n = config.fftSize();
        this.hop = config.hop();
        float[] window = WindowFunction.coefficients(config.window(), n);
        this.fft = new Fft(n, batch);
        int width = fft.inputRowLength();
        this.windowRows = new float[fft.inputRows()][];
        for (int r = 0; r < windowRows.length; r++) windowRows[r] = Arrays.copyOfRange(window, r * width, (r + 1) * width);
        int outWidth = batch * fft.outputRowLength();
        this.power = new float[outWidth];
        this.powerView = MemorySegment.ofArray(power);
        this.bits = new int[outWidth];
        this.dbRow = new float[outWidth];
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

    /** Rows computed together. */
    public int batch() {
        return fft.batch();
    }

    @Override
    public void computeRows(float[] iq, int rows, float[] psdDb, byte[] levels) {
        int b = fft.batch();
        for (int r = 0; r < rows; r += b) computeBatch(iq, r * hop, Math.min(b, rows - r), psdDb, levels, r * n);
    }

    /**
     * {@code count} (at most the batch) rows starting at samples sampleOffset + i * hop, written
     * from {@code out} on. Unused batch slots still go through the FFT; their output is ignored.
     */
    private void computeBatch(float[] iq, int sampleOffset, int count, float[] psdDb, byte[] levels, int out) {
        // window + de-interleave straight into the FFT's input rows (stride-2 reads: scalar anyway)
        float[][] inRe = fft.inputRe(), inIm = fft.inputIm();
        int width = fft.inputRowLength();
        for (int t = 0; t < count; t++) {
            int slot = t * width;
            for (int r = 0, base = 2 * (sampleOffset + t * hop); r < inRe.length; r++, base += 2 * width) {
                float[] xr = inRe[r], xi = inIm[r], w = windowRows[r];
                for (int c = 0; c < width; c++) {
                    xr[slot + c] = iq[base + 2 * c] * w[c];
                    xi[slot + c] = iq[base + 2 * c + 1] * w[c];
                }
            }
        }
        fft.transformRows();
        // |X|^2 -> dB over whole output rows (every transform of the batch at once), then each
        // row's piece goes to its place: output row k2 holds X[k2*R ..], which the fft-shift puts
        // half a spectrum further on
        int outRows = fft.outputRows(), len = fft.outputRowLength(), half = outRows / 2;
        int rowWidth = power.length;
        float scale = powerScale;
        float[] pw = power, db = dbRow;
        for (int k2 = 0; k2 < outRows; k2++) {
            float[] xr = fft.outputRowRe(k2), xi = fft.outputRowIm(k2);
            for (int i = 0; i < rowWidth; i++) pw[i] = Math.max((xr[i] * xr[i] + xi[i] * xi[i]) * scale, POWER_FLOOR);
            FastLog.db(powerView, bits, db, 0, rowWidth);
            int shifted = ((k2 + half) & (outRows - 1)) * len;
            for (int t = 0; t < count; t++) System.arraycopy(db, t * len, psdDb, out + t * n + shifted, len);
        }
        // psdDb and levels are arrays of different types, and clamping in float before the
        // conversion keeps the loop free of int overflow handling: C2 vectorises it
        float floor = floorDb, perDb = levelsPerDb;
        for (int k = out, end = out + count * n; k < end; k++) {
            float v = Math.min(255f, Math.max(0f, (psdDb[k] - floor) * perDb + 0.5f));
            levels[k] = (byte) (int) v;
        }
    }

    @Override
    public void close() {
        // nothing held
    }
}
