package dev.g20.track;

import dev.g20.spectrogram.SpectrogramFrame;

/**
 * SNR of a box on one frame's canonical PSD: the band's mean power over the noise floor there,
 * minus one (signal over noise in the band, as docs/synthetic.md defines an emission's SNR).
 *
 * <p>The noise floor is measured per block of bins, once per frame ({@link #prepare}): the 20th
 * percentile of a row-subsample of the block's dB values, raised by 6.52 dB (the 20th percentile of
 * an exponentially distributed power is 0.2231 of its mean; one STFT row per PSD row makes noise
 * exponential). A low percentile ignores the signals in most blocks; a block that a continuous
 * signal fills is left out by taking the lowest floor within {@link #NEIGHBOUR_BLOCKS} blocks
 * of the band's edges, so a band that fills its own blocks still sees the noise beside it, and a
 * receiver whose floor varies across the span is measured locally. Linear powers come from a
 * table of 0.05 dB steps; every buffer is reused, nothing is allocated per call.
 */
public final class BandSnr {
    /** Blocks the floor is measured in (fewer when the frame has fewer bins). */
    static final int BLOCKS = 64;
    /** The floor of a band is the lowest within this many blocks beyond each of its edges. */
    static final int NEIGHBOUR_BLOCKS = 2;
    /** At most this many rows per block are read for the floor, and this many cells per band for its power. */
    static final int FLOOR_ROWS = 32, BAND_CELLS = 1024;
    /** Mean of an exponential power over its 20th percentile, in dB: -10 log10(-ln 0.8). */
    static final double P20_TO_MEAN_DB = 6.5146;
    private static final double TABLE_MIN_DB = -250, TABLE_MAX_DB = 50, TABLE_STEP = 0.05;
    private static final int HIST_BINS = (int) ((TABLE_MAX_DB - TABLE_MIN_DB) / 0.25) + 1;
    /** 10^(dB/10) at TABLE_MIN_DB + i * TABLE_STEP. */
    private static final double[] LINEAR = new double[(int) ((TABLE_MAX_DB - TABLE_MIN_DB) / TABLE_STEP) + 2];

    static {
        for (int i = 0; i < LINEAR.length; i++) LINEAR[i] = Math.pow(10, (TABLE_MIN_DB + i * TABLE_STEP) / 10);
    }

    private final int[] hist = new int[HIST_BINS];
    private double[] floorLinear = new double[BLOCKS];
    private SpectrogramFrame frame;
    private int blocks, binsPerBlock;
    private boolean prepared;

    /** Starts a frame; the floor is measured at the first {@link #snrDb} call of the frame. */
    public void prepare(SpectrogramFrame f) {
        frame = f;
        prepared = false;
    }

    /**
     * SNR in dB of the canonical box [x1, x2] x [y1, y2] (frequency, time within the frame) on the
     * prepared frame; NaN without a frame or PSD, or for an empty box. At most -30 dB when the band
     * reads at or below its floor.
     */
    public double snrDb(double x1, double y1, double x2, double y2) {
        SpectrogramFrame f = frame;
        if (f == null || f.psdDb() == null || f.bins() == 0 || f.rows() == 0) return Double.NaN;
        if (!prepared) measureFloor(f);
        int bins = f.bins(), rows = f.rows();
        int b1 = clamp((int) Math.floor(x1 * bins), bins - 1), b2 = clamp((int) Math.ceil(x2 * bins) - 1, bins - 1);
        int r1 = clamp((int) Math.floor(y1 * rows), rows - 1), r2 = clamp((int) Math.ceil(y2 * rows) - 1, rows - 1);
        if (b2 < b1 || r2 < r1) return Double.NaN;
        int nb = b2 - b1 + 1, nr = r2 - r1 + 1;
        // subsample rows first (a band is steadier across bins than a burst across rows), then bins
        int rowStep = Math.min(nr, Math.max(1, (int) Math.ceil((double) nr * nb / BAND_CELLS)));
        int rowsRead = (nr + rowStep - 1) / rowStep;
        int binStep = Math.max(1, (int) Math.ceil((double) nb * rowsRead / BAND_CELLS));
        float[] psd = f.psdDb();
        double sum = 0;
        int n = 0;
        for (int r = r1; r <= r2; r += rowStep) {
            int base = r * bins;
            for (int b = b1; b <= b2; b += binStep) {
                sum += linear(psd[base + b]);
                n++;
            }
        }
        int k1 = Math.max(0, b1 / binsPerBlock - NEIGHBOUR_BLOCKS), k2 = Math.min(blocks - 1, b2 / binsPerBlock + NEIGHBOUR_BLOCKS);
        double noise = Double.MAX_VALUE;
        for (int k = k1; k <= k2; k++) noise = Math.min(noise, floorLinear[k]);
        double excess = sum / n / noise - 1;
        return excess > 1e-3 ? 10 * Math.log10(excess) : -30;
    }

    private void measureFloor(SpectrogramFrame f) {
        int bins = f.bins(), rows = f.rows();
        blocks = Math.min(BLOCKS, bins);
        binsPerBlock = (bins + blocks - 1) / blocks;
        blocks = (bins + binsPerBlock - 1) / binsPerBlock;
        if (floorLinear.length < blocks) floorLinear = new double[blocks];
        int rowStep = Math.max(1, rows / FLOOR_ROWS);
        float[] psd = f.psdDb();
        for (int k = 0; k < blocks; k++) {
            java.util.Arrays.fill(hist, 0);
            int from = k * binsPerBlock, to = Math.min(bins, from + binsPerBlock), n = 0;
            for (int r = 0; r < rows; r += rowStep) {
                int base = r * bins;
                for (int b = from; b < to; b++) {
                    hist[histBin(psd[base + b])]++;
                    n++;
                }
            }
            int want = Math.max(1, (int) Math.ceil(0.2 * n)), seen = 0, h = 0;
            while (h < HIST_BINS - 1 && (seen += hist[h]) < want) h++;
            double p20Db = TABLE_MIN_DB + (h + 0.5) * 0.25;
            floorLinear[k] = Math.pow(10, (p20Db + P20_TO_MEAN_DB) / 10);
        }
        prepared = true;
    }

    private static int histBin(float db) {
        if (!(db > TABLE_MIN_DB)) return 0;
        if (db >= TABLE_MAX_DB) return HIST_BINS - 1;
        return (int) ((db - TABLE_MIN_DB) * 4);
    }

    private static double linear(float db) {
        if (!(db > TABLE_MIN_DB)) return LINEAR[0];
        if (db >= TABLE_MAX_DB) return LINEAR[LINEAR.length - 1];
        return LINEAR[(int) ((db - TABLE_MIN_DB) / TABLE_STEP + 0.5)];
    }

    private static int clamp(int v, int max) {
        return v < 0 ? 0 : Math.min(v, max);
    }
}
