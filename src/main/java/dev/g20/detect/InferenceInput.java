package dev.g20.detect;

import dev.g20.config.SpectrogramConfig;
import dev.g20.spectrogram.FastLog;
import dev.g20.spectrogram.SpectrogramFrame;

/**
 * Derives a model input tensor from a canonical frame (seed Task 1.3): the PSD resized to the
 * model's H x W by area averaging of linear power (exact fractional coverage, so shrinking
 * preserves energy: a one-bin carrier averaged with seven noise bins still stands ~21 dB out,
 * where averaging dB values would leave ~4 dB), converted back to dB, normalised to [0, 1] over the
 * display range [ref - range, ref], and repeated over C channels. Boxes map back linearly:
 * canonical x = px / W, y = py / H' where H' is the height the frame fills: for the shipped models
 * ({@link #forModel}) a frame whose hop is shorter than the training frames' ({@link #TRAINING_HOP}) fills only H x hop / 2048 rows, so one
 * input row always spans the training's time (fft_size 1024: a quarter of the input). No FFT is ever recomputed. When H x W is the frame's own
 * rows x bins (a full-resolution model, which sees every bin), the dB values are only rescaled.
 * Gain invariance: before the scaling, the dB values are shifted so that the frame's measured
 * noise floor ({@link NoiseFloor}) lands where the training scenes' floor sits
 * ({@link NoiseFloor#TRAINING_FLOOR_DB}), whatever the receiver's gain. The receiver's DC spike
 * ({@link DcSpike}) is notched. A partial frame's padding rows read as that floor.
 * Weight tables are built once; {@link #fill} allocates nothing.
 */
public final class InferenceInput {
    private final int channels;
    private final int height;
    private final int width;
    private final int rows;
    private final int bins;
    private final float floorDb;
    private final float invRange;
    /**
     * Hop (samples between rows) of the frames the shipped models were trained on: 4096 bins at
     * overlap 0.5. A frame with a shorter hop spans less time than a training frame.
     */
    public static final int TRAINING_HOP = 2048;

    private final int usedHeight;
    private final AxisWeights xAxis;
    private final AxisWeights yAxis;
    private final boolean fullResolution;
    private final float[] rowScratch;
    private final float[] xResampled;
    private final NoiseFloor noiseFloor = new NoiseFloor();
    private final DcSpike dc = new DcSpike();
    private final boolean normalise;
    private double lastShiftDb;

    /**
     * A model's input, normalised. A model whose input is the training frame itself (256 rows x
     * 4096 bins: the shipped ones, trained on frames of hop {@link #TRAINING_HOP}) keeps one input
     * row the time of a training row; any other takes the frame's rows over its whole height.
     */
    public static InferenceInput forModel(int channels, int height, int width, SpectrogramConfig config) {
        boolean trainingFrame = height == 256 && width == 2 * TRAINING_HOP;
        return new InferenceInput(channels, height, width, config, true, trainingFrame ? TRAINING_HOP : 0);
    }

    /** Normalised, the frame's rows over the whole height whatever its hop. */
    public InferenceInput(int channels, int height, int width, SpectrogramConfig config) {
        this(channels, height, width, config, true);
    }

    /** @param normalise false keeps the absolute dB scale (no floor shift, no DC notch), as before gain invariance */
    public InferenceInput(int channels, int height, int width, SpectrogramConfig config, boolean normalise) {
        this(channels, height, width, config, normalise, 0);
    }

    /**
     * @param trainingHop hop of the frames the model was trained on; a frame of shorter hop fills
     *                    only height x hop / trainingHop rows; 0: the whole height whatever the hop
     */
    public InferenceInput(int channels, int height, int width, SpectrogramConfig config, boolean normalise, int trainingHop) {
        this.normalise = normalise;
        if (channels < 1 || height < 1 || width < 1) throw new IllegalArgumentException("bad model input shape");
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.rows = config.rowsPerFrame();
        this.bins = config.fftSize();
        this.floorDb = (float) (config.psdRefDbm() - config.dynamicRangeDb());
        this.invRange = (float) (1.0 / config.dynamicRangeDb());
        // keep the training's time per input row: a frame of shorter hop (fft_size 1024: a
        // quarter of the time) fills the top rows, the rest reads as the training floor; a longer
        // hop is compressed into the whole height (one inference per frame)
        this.usedHeight = trainingHop <= 0 ? height
                : Math.max(1, (int) Math.min(height, Math.round((double) height * config.hop() / trainingHop)));
        this.fullResolution = width == bins && height == rows && usedHeight == height;
        this.xAxis = fullResolution ? null : new AxisWeights(bins, width);
        this.yAxis = fullResolution ? null : new AxisWeights(rows, usedHeight);
        this.rowScratch = fullResolution ? null : new float[width];
        this.xResampled = fullResolution ? null : new float[rows * width];
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Input rows the frame fills (the rest is padding at the training floor): the height unless the hop is shorter than the training's. */
    public int usedHeight() {
        return usedHeight;
    }

    /** True when the input has the frame's own rows x bins: no resampling, every bin reaches the model. */
    public boolean fullResolution() {
        return fullResolution;
    }

    /** Elements in one tensor: C * H * W. */
    public int size() {
        return channels * height * width;
    }

    public float[] newTensor() {
        return new float[size()];
    }

    /** Writes the [C, H, W] tensor of {@code frame} into {@code out}. */
    public void fill(SpectrogramFrame frame, float[] out) {
        if (frame.rows() != rows || frame.bins() != bins)
            throw new IllegalArgumentException("frame is " + frame.rows() + "x" + frame.bins() + ", input expects " + rows + "x" + bins);
        float[] psd = frame.psdDb();
        int plane = height * width;
        int valid = frame.validRows();
        float shift = 0f;
        if (normalise) {
            shift = (float) (NoiseFloor.TRAINING_FLOOR_DB - noiseFloor.estimate(psd, valid, bins));
            dc.find(psd, valid, bins);
        }
        lastShiftDb = shift;
        if (fullResolution) rescale(psd, out, plane, shift, valid);
        else resample(psd, out, shift, valid);
        for (int c = 1; c < channels; c++) System.arraycopy(out, 0, out, c * plane, plane);
    }

    /** The shift applied to the last frame's dB values (training floor minus measured floor). */
    public double lastShiftDb() {
        return lastShiftDb;
    }

    /** The frame's own rows x bins: only the dB scaling. */
    private void rescale(float[] psd, float[] out, int plane, float shift, int valid) {
        // Math.min/max rather than branches: the loop vectorises (1 M bins a frame)
        float floor = floorDb - shift, scale = invRange;
        int real = valid * width;
        for (int i = 0; i < real; i++) out[i] = Math.min(1f, Math.max(0f, (psd[i] - floor) * scale));
        if (real < plane) java.util.Arrays.fill(out, real, plane, paddingLevel());
        if (normalise && dc.found()) {
            int lo = dc.lo(), hi = dc.hi(), span = hi - lo + 2;
            for (int r = 0; r < valid; r++) {
                int base = r * width;
                float left = out[base + lo - 1], right = out[base + hi + 1];
                for (int b = lo; b <= hi; b++) out[base + b] = left + (right - left) * (b - lo + 1) / span;
            }
        }
    }

    /** The value padding rows get: the training floor on the display scale. */
    private float paddingLevel() {
        return Math.clamp((float) ((NoiseFloor.TRAINING_FLOOR_DB - floorDb) * invRange), 0f, 1f);
    }

    /** Area averaging in linear power to H x W, then the dB scaling. */
    private void resample(float[] psd, float[] out, float shift, int valid) {
        // resample every row across the bins first, so each cell goes to linear power once even
        // when the model's height exceeds the frame's rows (the same sums as resampling per output row)
        float gain = FastLog.power(shift);
        float pad = FastLog.power((float) NoiseFloor.TRAINING_FLOOR_DB);
        int cLo = -1, cHi = -1;
        if (normalise && dc.found()) {
            cLo = (int) ((long) dc.lo() * width / bins);
            cHi = (int) ((long) dc.hi() * width / bins);
            if (cLo < 1 || cHi + 1 >= width) cLo = cHi = -1;
        }
        for (int r = 0; r < rows; r++) {
            int rowBase = r * bins, o = r * width;
            if (r >= valid) {
                java.util.Arrays.fill(xResampled, o, o + width, pad);
                continue;
            }
            for (int ox = 0; ox < width; ox++) {
                float acc = 0;
                for (int u = xAxis.start[ox]; u < xAxis.start[ox + 1]; u++) acc += FastLog.power(psd[rowBase + xAxis.index[u]]) * xAxis.weight[u];
                xResampled[o + ox] = acc * gain;
            }
            if (cLo >= 0) {
                float left = xResampled[o + cLo - 1], right = xResampled[o + cHi + 1];
                int span = cHi - cLo + 2;
                for (int c = cLo; c <= cHi; c++) xResampled[o + c] = left + (right - left) * (c - cLo + 1) / span;
            }
        }
        if (usedHeight < height) java.util.Arrays.fill(out, usedHeight * width, height * width, paddingLevel());
        for (int oy = 0; oy < usedHeight; oy++) {
            java.util.Arrays.fill(rowScratch, 0f);
            for (int t = yAxis.start[oy]; t < yAxis.start[oy + 1]; t++) {
                int in = yAxis.index[t] * width;
                float wy = yAxis.weight[t];
                for (int ox = 0; ox < width; ox++) rowScratch[ox] += xResampled[in + ox] * wy;
            }
            int o = oy * width;
            for (int ox = 0; ox < width; ox++) {
                float v = (FastLog.db(Math.max(rowScratch[ox], 1e-30f)) - floorDb) * invRange;
                out[o + ox] = v < 0 ? 0 : v > 1 ? 1 : v;
            }
        }
    }

    /** Model-pixel box (x1, y1, x2, y2 in input pixels) to canonical space, clipped to [0, 1]. */
    public Box toCanonical(double px1, double py1, double px2, double py2) {
        return new Box(clip(px1 / width), clip(py1 / usedHeight), clip(px2 / width), clip(py2 / usedHeight));
    }

    /** Canonical box to model pixels (for labels): {x1, y1, x2, y2}. */
    public double[] toPixels(Box b) {
        return new double[]{b.x1() * width, b.y1() * usedHeight, b.x2() * width, b.y2() * usedHeight};
    }

    private static double clip(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }

    /** For each output cell, the input cells it covers and their fractional weights (summing to 1). */
    private static final class AxisWeights {
        final int[] start;
        final int[] index;
        final float[] weight;

        AxisWeights(int in, int out) {
            double scale = (double) in / out;
            int[] s = new int[out + 1];
            int count = 0;
            for (int o = 0; o < out; o++) {
                double a = o * scale, b = (o + 1) * scale;
                count += (int) Math.ceil(b - 1e-9) - (int) Math.floor(a);
            }
            index = new int[count];
            weight = new float[count];
            int t = 0;
            for (int o = 0; o < out; o++) {
                s[o] = t;
                double a = o * scale, b = (o + 1) * scale;
                for (int i = (int) Math.floor(a); i < Math.min(in, (int) Math.ceil(b - 1e-9)); i++) {
                    double cover = Math.min(b, i + 1) - Math.max(a, i);
                    if (cover <= 0) continue;
                    index[t] = i;
                    weight[t] = (float) (cover / scale);
                    t++;
                }
            }
            s[out] = t;
            start = s;
        }
    }
}
