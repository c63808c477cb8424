package dev.g20.detect;

import dev.g20.spectrogram.FastLog;
import dev.g20.spectrogram.SpectrogramFrame;
import dev.g20.util.Selection;
import dev.g20.util.UnionFind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A classical detector that needs no model (class {@code signal}, id 0). Per frame:
 * <ol>
 *   <li>light box smoothing of the linear power over time and frequency (then dB), so noisy
 *       wideband signals come out solid and single noise cells do not;</li>
 *   <li>a per-bin noise floor: the median over the frame's rows, then a morphological opening
 *       across bins (running min, then running max, over a wide window), which removes anything
 *       narrower than the window (continuous carriers, wideband signals present all frame) but
 *       follows a sloping floor such as a receiver's filter roll-off;</li>
 *   <li>a CFAR-style mask: cells more than {@code thresholdDb} above their bin's floor;</li>
 *   <li>connected regions (8-connected, two-pass union-find on primitive arrays), fragments
 *       closer than a few bins/rows merged, regions kept when they reach {@code peakDb} and a
 *       minimum size (hysteresis: weak cells only count when joined to a strong region);</li>
 *   <li>confidence = signal share of the region's mean power, 1 - 10^(-meanSnr/10);</li>
 *   <li>box edges pulled back by the spread the smoothing gives a signal of the region's strength;
 *       boxes narrower than {@link GroundTruth#minWidth} widened to it, as the ground truth is.</li>
 * </ol>
 * All working arrays are reused across frames of the same shape; nothing is allocated per row.
 */
public final class EnergyDetector implements Detector {

    /**
     * Tuning of the energy detector. Defaults work on any recording at the canonical frame size.
     *
     * @param thresholdDb   a cell belongs to a signal when its smoothed level is this far above the floor
     * @param peakDb        a region is kept only when some cell is this far above the floor
     * @param smoothRows    box smoothing length in rows (odd)
     * @param smoothBins    box smoothing length in bins (odd)
     * @param floorWindow   width of the floor's opening window as a fraction of the bins; signals
     *                      present all frame and wider than this are taken as floor
     * @param gapRows       fragments with at most this many empty rows between them are merged
     * @param gapBins       fragments with at most this many empty bins between them are merged
     * @param minRows       smallest kept region height in rows
     * @param minBins       smallest kept region width in bins
     * @param minCells      smallest kept region area in cells
     * @param maxDetections most detections per frame (strongest kept; the rest are counted in
     *                      {@link EnergyDetector#droppedDetections()})
     * @param floorQuantile the per-bin floor is this quantile over the frame's rows (0.5: the median),
     *                      so a signal present up to 1 - q of the frame does not raise it
     * @param floorCapDb    the floor never sits more than this above the frame's quietest bins (its
     *                      10 % quantile across bins): a signal wider than the opening window and
     *                      present all frame still stands out; roll-off deeper than this is not followed
     */
    public record Params(double thresholdDb, double peakDb, int smoothRows, int smoothBins, double floorWindow,
                         int gapRows, int gapBins, int minRows, int minBins, int minCells, int maxDetections,
                         double floorQuantile, double floorCapDb) {

        public static Params defaults() {
            return new Params(4.0, 7.5, 5, 3, 0.25, 0, 1, 2, 2, 12, 100, 0.2, 10.0);
        }

        public Params {
            if (!(thresholdDb > 0) || !(peakDb >= thresholdDb)) throw new IllegalArgumentException("energy: need 0 < threshold_db <= peak_db");
            if (smoothRows < 1 || smoothBins < 1 || smoothRows % 2 == 0 || smoothBins % 2 == 0)
                throw new IllegalArgumentException("energy: smoothing lengths must be odd and >= 1");
            if (!(floorWindow > 0 && floorWindow <= 1)) throw new IllegalArgumentException("energy: floor_window must be in (0, 1]");
            if (gapRows < 0 || gapBins < 0 || minRows < 1 || minBins < 1 || minCells < 1 || maxDetections < 1)
                throw new IllegalArgumentException("energy: gaps must be >= 0, minimum sizes and max detections >= 1");
            if (!(floorQuantile > 0 && floorQuantile <= 0.5)) throw new IllegalArgumentException("energy: floor_quantile must be in (0, 0.5]");
            if (!(floorCapDb > 0)) throw new IllegalArgumentException("energy: floor_cap_db must be > 0");
        }

        public Params withThresholds(double threshold, double peak) {
            return new Params(threshold, peak, smoothRows, smoothBins, floorWindow, gapRows, gapBins, minRows, minBins, minCells, maxDetections,
                    floorQuantile, floorCapDb);
        }
    }

    private static final List<String> NAMES = List.of(SignalClasses.SIGNAL);
    /** Raw regions considered for merging; beyond this the weakest small ones are dropped first. */
    private static final int MAX_REGIONS = 4096;
    /** Bins whose columns are gathered together for the floor's medians. */
    private static final int FLOOR_BLOCK = 64;
    /** A region needs this many cells above the threshold before it can seed a detection. */
    private static final int MIN_SEED_CELLS = 3;
    /** Regions at most this tall (rows) may be fragments of one short burst. */
    private static final int SHORT_BURST_ROWS = 4;
    /** Fragments of one short burst share at least this share of their joint rows. */
    private static final double SAME_ROWS = 0.75;
    /** Fragments of one short burst lie at most this share of the bins apart. */
    private static final double BURST_GAP = 1.0 / 16;
    /** Pieces of one wideband signal lie at most this share of the narrower piece's width apart. */
    private static final double SPLIT_GAP = 0.25;
    /** A skirt is at least this far (dB) below the peak of the signal it belongs to. */
    private static final float SKIRT_DB = 15f;
    /** A skirt lies within this share of its rows inside the signal's rows. */
    private static final double SKIRT_TIME = 0.8;
    /** A skirt lies no further from the signal than this many times the signal's width. */
    private static final double SKIRT_REACH = 1.0;
    /** How far above the floor's lower envelope a bin's own steady level is still taken as floor (ripple), dB. */
    private static final float RIPPLE_DB = 2f;
    /** Largest noise spread (median - low quantile) credited to the floor, dB. */
    private static final float MAX_SPREAD_DB = 3f;
    /** The floor's cap is relative to this quantile of the per-bin floor across bins. */
    private static final double QUIET_QUANTILE = 0.1;
    /** Power floor before taking dB (an all-zero input stays finite). */
    private static final float TINY = 1e-30f;

    private final Params params;
    private final DcSpike dc = new DcSpike();
    private int frameRows;
    private long dropped;

    // working arrays, sized for the last frame shape seen
    private int rows = -1;
    private int bins = -1;
    private float[] tmp;        // horizontal pass of the smoothing
    private float[] snr;        // smoothed level, then level above floor
    private float[] floor;      // per-bin floor
    private float[] floorTmp;
    private float[] spreadTmp;  // per-bin median - quantile
    private float[] spreadSel;  // scratch for selections across bins
    private float[] column;     // one bin's values over the rows, for the median
    private int[] deque;        // running min/max
    private int[] labels;       // provisional label per cell, 0 = background
    private final UnionFind labelSets = new UnionFind(1024);

    // per-root statistics
    private int[] minR = new int[1024];
    private int[] maxR = new int[1024];
    private int[] minB = new int[1024];
    private int[] maxB = new int[1024];
    private int[] cells = new int[1024];
    private double[] sumSnr = new double[1024];
    private float[] peak = new float[1024];
    private int[] regionOf = new int[1024];
    private int[] regions = new int[1024];
    private int[] group = new int[1024];

    public EnergyDetector() {
        this(Params.defaults());
    }

    public EnergyDetector(Params params) {
        this.params = params;
    }

    public Params params() {
        return params;
    }

    @Override
    public String name() {
        return "energy";
    }

    @Override
    public List<String> classNames() {
        return NAMES;
    }

    @Override
    public List<Detection> detect(SpectrogramFrame frame) {
        // only the real rows: a partial frame's padding is computed on zeros
        return detect(frame.psdDb(), frame.validRows(), frame.bins(), frame.rows());
    }

    /** Detections in a rows x bins PSD in dB (row-major), in canonical box space. */
    public List<Detection> detect(float[] psdDb, int rows, int bins) {
        return detect(psdDb, rows, bins, rows);
    }

    /**
     * Detections in the first {@code rows} rows of a PSD whose frame has {@code frameRows} rows:
     * boxes are in the frame's box space (y = row / frameRows) and never reach past the real rows.
     */
    public List<Detection> detect(float[] psdDb, int rows, int bins, int frameRows) {
        if (psdDb.length < rows * bins) throw new IllegalArgumentException("psd has " + psdDb.length + " cells, expected " + rows * bins);
        if (frameRows < rows) throw new IllegalArgumentException("frame rows " + frameRows + " < rows " + rows);
        ensure(rows, bins);
        this.frameRows = frameRows;
        dc.find(psdDb, rows, bins);
        smooth(psdDb);
        estimateFloor();
        for (int r = 0, i = 0; r < rows; r++) {
            for (int b = 0; b < bins; b++, i++) snr[i] -= floor[b];
        }
        int roots = label();
        return regionsToDetections(roots);
    }

    private void ensure(int rows, int bins) {
        if (rows == this.rows && bins == this.bins) return;
        this.rows = rows;
        this.bins = bins;
        int n = rows * bins;
        tmp = new float[n];
        snr = new float[n];
        labels = new int[n];
        floor = new float[bins];
        floorTmp = new float[bins];
        spreadTmp = new float[bins];
        spreadSel = new float[bins];
        column = new float[FLOOR_BLOCK * rows];
        deque = new int[Math.max(rows, bins) + 1];
    }

    /**
     * Separable box mean of linear power (a narrow carrier keeps its level better than with a mean
     * of dB values), back to dB in snr. Windows shrink at the frame's edges.
     */
    private void smooth(float[] psd) {
        int hb = params.smoothBins() / 2;
        int hr = params.smoothRows() / 2;
        int n = rows * bins;
        for (int i = 0; i < n; i++) snr[i] = FastLog.power(psd[i]);
        dc.notchLinear(snr, rows, bins);
        for (int r = 0; r < rows; r++) {
            int base = r * bins;
            double acc = 0;
            int lo = 0, hi = -1; // current window [lo, hi]
            for (int b = 0; b < bins; b++) {
                int wantHi = Math.min(bins - 1, b + hb);
                int wantLo = Math.max(0, b - hb);
                while (hi < wantHi) acc += snr[base + ++hi];
                while (lo < wantLo) acc -= snr[base + lo++];
                tmp[base + b] = (float) (acc / (hi - lo + 1));
            }
        }
        for (int r = 0; r < rows; r++) {
            int lo = Math.max(0, r - hr), hi = Math.min(rows - 1, r + hr);
            float inv = 1f / (hi - lo + 1);
            int out = r * bins;
            Arrays.fill(snr, out, out + bins, 0f);
            for (int k = lo; k <= hi; k++) {
                int in = k * bins;
                for (int b = 0; b < bins; b++) snr[out + b] += tmp[in + b];
            }
            for (int b = 0; b < bins; b++) snr[out + b] = FastLog.db(Math.max(snr[out + b] * inv, TINY));
        }
    }

    /**
     * Per-bin low quantile over rows (robust to a signal present most of the frame), raised by the
     * noise's own median-to-quantile spread, lightly smoothed across bins, opened across bins, and
     * capped a little above the frame's quietest bins (so a signal wider than the opening window
     * and present all frame is not taken for floor).
     */
    private void estimateFloor() {
        // every other row (when there are enough): rows overlap and are smoothed over several rows,
        // so this loses little; columns are gathered a block of bins at a time so the reads stay row-contiguous
        int stride = rows >= 32 ? 2 : 1;
        int used = (rows + stride - 1) / stride;
        int mid = used / 2;
        int q = Math.min(mid, (int) Math.floor(params.floorQuantile() * (used - 1)));
        for (int b0 = 0; b0 < bins; b0 += FLOOR_BLOCK) {
            int width = Math.min(FLOOR_BLOCK, bins - b0);
            for (int r = 0, k = 0; r < rows; r += stride, k++) {
                int base = r * bins + b0;
                for (int j = 0; j < width; j++) column[j * used + k] = snr[base + j];
            }
            for (int j = 0; j < width; j++) {
                int from = j * used;
                float low = Selection.kth(column, from, used, q);
                // after the select, the values from q on are >= low: the median is among them
                float median = q == mid ? low : Selection.kth(column, from + q, used - q, mid - q);
                floorTmp[b0 + j] = low;
                spreadTmp[b0 + j] = median - low;
            }
        }
        // noise alone has median - quantile = its spread; the median over bins of that spread puts the
        // quantile back at the median of noise (what the thresholds are relative to)
        System.arraycopy(spreadTmp, 0, spreadSel, 0, bins);
        float spread = Math.clamp(Selection.kth(spreadSel, 0, bins, bins / 2), 0f, MAX_SPREAD_DB);
        for (int b = 0; b < bins; b++) floorTmp[b] += spread;
        // a 9-bin running mean keeps the opening's min step from locking onto estimation noise
        int h = Math.min(4, (bins - 1) / 2);
        double acc = 0;
        int lo = 0, hi = -1;
        for (int b = 0; b < bins; b++) {
            int wantHi = Math.min(bins - 1, b + h), wantLo = Math.max(0, b - h);
            while (hi < wantHi) acc += floorTmp[++hi];
            while (lo < wantLo) acc -= floorTmp[lo++];
            floor[b] = (float) (acc / (hi - lo + 1));
        }
        int half = Math.max(1, (int) Math.round(params.floorWindow() * bins / 2));
        // floor now holds the per-bin profile; its opening (running min, then max) is the lower envelope
        System.arraycopy(floor, 0, spreadTmp, 0, bins);
        runningExtreme(floor, floorTmp, bins, half, true);
        runningExtreme(floorTmp, floor, bins, half, false);
        // a receiver's ripple (a few dB, steady across bins) is floor: follow the profile up to RIPPLE_DB
        // above the envelope; a carrier present all frame stands further out and is not absorbed
        for (int b = 0; b < bins; b++) floor[b] = Math.min(spreadTmp[b], floor[b] + RIPPLE_DB);
        System.arraycopy(floor, 0, spreadSel, 0, bins);
        float cap = Selection.kth(spreadSel, 0, bins, (int) (QUIET_QUANTILE * (bins - 1))) + (float) params.floorCapDb();
        for (int b = 0; b < bins; b++) floor[b] = Math.min(floor[b], cap);
    }

    /** Running min (or max) over [i - half, i + half] clipped to the array, via a monotonic deque. */
    private void runningExtreme(float[] in, float[] out, int n, int half, boolean min) {
        int head = 0, tail = 0; // deque of indices into in, values monotonic
        int next = 0;           // next index to push
        for (int i = 0; i < n; i++) {
            int wantHi = Math.min(n - 1, i + half);
            while (next <= wantHi) {
                float v = in[next];
                while (tail > head && (min ? in[deque[tail - 1]] >= v : in[deque[tail - 1]] <= v)) tail--;
                deque[tail++] = next++;
            }
            while (deque[head] < i - half) head++;
            out[i] = in[deque[head]];
        }
    }

    /** Two-pass 8-connected labelling of cells above the threshold; fills per-root statistics, returns the label count. */
    private int label() {
        float thr = (float) params.thresholdDb();
        int next = 1;
        for (int r = 0; r < rows; r++) {
            int base = r * bins;
            for (int b = 0; b < bins; b++) {
                int i = base + b;
                if (snr[i] <= thr) {
                    labels[i] = 0;
                    continue;
                }
                int l = 0;
                if (b > 0 && labels[i - 1] != 0) l = labels[i - 1];
                if (r > 0) {
                    int up = i - bins;
                    if (b > 0) l = join(l, labels[up - 1]);
                    l = join(l, labels[up]);
                    if (b < bins - 1) l = join(l, labels[up + 1]);
                }
                if (l == 0) {
                    if (next == labelSets.capacity()) growLabels();
                    labelSets.makeSet(next);
                    l = next++;
                }
                labels[i] = l;
            }
        }
        for (int l = 1; l < next; l++) {
            int root = labelSets.find(l);
            if (root == l) {
                minR[l] = Integer.MAX_VALUE;
                maxR[l] = -1;
                minB[l] = Integer.MAX_VALUE;
                maxB[l] = -1;
                cells[l] = 0;
                sumSnr[l] = 0;
                peak[l] = Float.NEGATIVE_INFINITY;
            }
        }
        for (int r = 0; r < rows; r++) {
            int base = r * bins;
            for (int b = 0; b < bins; b++) {
                int l = labels[base + b];
                if (l == 0) continue;
                int root = labelSets.find(l);
                float s = snr[base + b];
                if (r < minR[root]) minR[root] = r;
                if (r > maxR[root]) maxR[root] = r;
                if (b < minB[root]) minB[root] = b;
                if (b > maxB[root]) maxB[root] = b;
                cells[root]++;
                sumSnr[root] += s;
                if (s > peak[root]) peak[root] = s;
            }
        }
        return next;
    }

    /** Union of two labels (0 = none); returns the surviving root. */
    private int join(int a, int b) {
        if (b == 0) return a;
        if (a == 0) return labelSets.find(b);
        return labelSets.union(a, b);
    }

    private void growLabels() {
        labelSets.grow();
        int n = labelSets.capacity();
        minR = Arrays.copyOf(minR, n);
        maxR = Arrays.copyOf(maxR, n);
        minB = Arrays.copyOf(minB, n);
        maxB = Arrays.copyOf(maxB, n);
        cells = Arrays.copyOf(cells, n);
        sumSnr = Arrays.copyOf(sumSnr, n);
        peak = Arrays.copyOf(peak, n);
    }

    private List<Detection> regionsToDetections(int labelCount) {
        // hysteresis: only regions that reach the peak level count; weak cells count only as part of
        // one, so noise specks never chain fragments together
        int n = 0;
        float peakDb = (float) params.peakDb();
        for (int l = 1; l < labelCount; l++) {
            if (!labelSets.isRoot(l) || peak[l] < peakDb || cells[l] < MIN_SEED_CELLS) continue;
            if (n == regions.length) {
                regions = Arrays.copyOf(regions, n * 2);
                group = Arrays.copyOf(group, n * 2);
                regionOf = Arrays.copyOf(regionOf, n * 2);
            }
            regions[n++] = l;
        }
        if (n > MAX_REGIONS) n = keepLargest(n);
        // merge fragments whose boxes, grown by the gaps, touch (union-find over regions)
        for (int i = 0; i < n; i++) group[i] = i;
        int gr = params.gapRows(), gb = params.gapBins();
        boolean changed = true;
        // boxes grow as they merge, so repeat until no pair of groups touches
        while (changed) {
            changed = false;
            for (int i = 0; i < n; i++) {
                int a = regions[i];
                for (int j = i + 1; j < n; j++) {
                    int b = regions[j];
                    if (minR[b] - maxR[a] - 1 > gr || minR[a] - maxR[b] - 1 > gr) continue;
                    if (minB[b] - maxB[a] - 1 > gb || minB[a] - maxB[b] - 1 > gb) continue;
                    int ga = groupRoot(i), gbb = groupRoot(j);
                    if (ga == gbb) continue;
                    int keep = Math.min(ga, gbb), drop = Math.max(ga, gbb);
                    group[drop] = keep;
                    mergeInto(regions[keep], regions[drop]);
                    changed = true;
                }
            }
            if (changed) n = compact(n);
        }
        n = mergeShortBursts(n);
        n = dropSkirts(n);
        List<Detection> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int l = regions[i];
            int h = maxR[l] - minR[l] + 1, w = maxB[l] - minB[l] + 1;
            if (h < params.minRows() || w < params.minBins() || cells[l] < params.minCells()) continue;
            double meanSnr = sumSnr[l] / cells[l];
            double confidence = 1 - Math.pow(10, -meanSnr / 10);
            // the smoothing window spreads a signal past its true edges: take back the spread a
            // signal of this strength shows (none at the frame's edges, where windows shrink)
            double excess = Math.pow(10, meanSnr / 10) - 1;
            int er = spread(params.smoothRows() / 2, excess), eb = spread(params.smoothBins() / 2, excess);
            int r0 = minR[l], r1 = maxR[l], b0 = minB[l], b1 = maxB[l];
            if (r1 - r0 + 1 > 2 * er + 1) {
                if (r0 > 0) r0 += er;
                if (r1 < rows - 1) r1 -= er;
            }
            if (b1 - b0 + 1 > 2 * eb + 1) {
                if (b0 > 0) b0 += eb;
                if (b1 < bins - 1) b1 -= eb;
            }
            double x1 = (double) b0 / bins, x2 = (double) (b1 + 1) / bins;
            double minWidth = Math.min(1.0, (double) GroundTruth.MIN_WIDTH_BINS / bins);
            if (x2 - x1 < minWidth) {
                // the ground truth widens carriers to this width; a box of the same convention scores as found
                double c = (x1 + x2) / 2;
                x1 = Math.max(0, c - minWidth / 2);
                x2 = Math.min(1, c + minWidth / 2);
            }
            Box box = new Box(x1, (double) r0 / frameRows, x2, (double) (r1 + 1) / frameRows);
            out.add(new Detection(box, 0, SignalClasses.SIGNAL, confidence));
        }
        out.sort((x, y) -> Double.compare(y.confidence(), x.confidence()));
        if (out.size() <= params.maxDetections()) return out;
        dropped += out.size() - params.maxDetections();
        return List.copyOf(out.subList(0, params.maxDetections()));
    }

    /**
     * How many cells past an edge a box window of half-width {@code half} carries a signal whose
     * power is {@code excess} times the floor above the threshold: cell d outside sees the
     * fraction (half + 1 - d) / (2 half + 1) of it.
     */
    private int spread(int half, double excess) {
        double need = Math.pow(10, params.thresholdDb() / 10) - 1;
        int e = 0;
        for (int d = 1; d <= half; d++) if ((double) (half + 1 - d) / (2 * half + 1) * excess >= need) e = d;
        return e;
    }

    /**
     * A burst shorter than a few rows but wide in frequency (a PPM reply, a packet shorter than one
     * FFT window) is diluted over its rows and breaks into fragments along them. Fragments with the
     * same rows (row spans overlapping by most of their union), each at most SHORT_BURST_ROWS tall
     * and at most BURST_GAP of the bins apart, are one burst.
     */
    private int mergeShortBursts(int n) {
        int maxGap = Math.max(params.gapBins(), (int) (BURST_GAP * bins));
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < n; i++) {
                int a = regions[i];
                boolean shortA = maxR[a] - minR[a] + 1 <= SHORT_BURST_ROWS;
                for (int j = i + 1; j < n; j++) {
                    int b = regions[j];
                    boolean shortBoth = shortA && maxR[b] - minR[b] + 1 <= SHORT_BURST_ROWS;
                    int inter = Math.min(maxR[a], maxR[b]) - Math.max(minR[a], minR[b]) + 1;
                    int union = Math.max(maxR[a], maxR[b]) - Math.min(minR[a], minR[b]) + 1;
                    if (inter < SAME_ROWS * union) continue;
                    int gap = Math.max(minB[b] - maxB[a], minB[a] - maxB[b]) - 1;
                    int narrower = Math.min(maxB[a] - minB[a], maxB[b] - minB[b]) + 1;
                    // a wideband signal's spectrum with dips (OFDM resource blocks, a filter ripple) splits
                    // into wide pieces with the same rows and gaps small beside them
                    if (gap > (shortBoth ? maxGap : Math.max(params.gapBins(), (int) (SPLIT_GAP * narrower))) ) continue;
                    int ga = groupRoot(i), gb = groupRoot(j);
                    if (ga == gb) continue;
                    int keep = Math.min(ga, gb), drop = Math.max(ga, gb);
                    group[drop] = keep;
                    mergeInto(regions[keep], regions[drop]);
                    changed = true;
                }
            }
            if (changed) n = compact(n);
        }
        return n;
    }

    /**
     * A strong signal's spectral skirts and sidelobes (an unfiltered PSK/O-QPSK spectrum, keying
     * splatter) come out as weaker regions beside it, during its time. A region at least SKIRT_DB
     * below a neighbour's peak, within that neighbour's rows and no further from it than
     * SKIRT_REACH of its width, is taken as part of it and dropped (the neighbour's box stays its body).
     */
    private int dropSkirts(int n) {
        int m = 0;
        for (int i = 0; i < n; i++) {
            int s = regions[i];
            boolean skirt = false;
            for (int j = 0; j < n && !skirt; j++) {
                int b = regions[j];
                if (b == s) continue;
                // a fragment lying inside another region's box is part of it
                if (minR[s] >= minR[b] && maxR[s] <= maxR[b] && minB[s] >= minB[b] && maxB[s] <= maxB[b] && cells[b] >= cells[s]) {
                    skirt = true;
                    continue;
                }
                if (peak[b] - peak[s] < SKIRT_DB) continue;
                int inter = Math.min(maxR[s], maxR[b]) - Math.max(minR[s], minR[b]) + 1;
                if (inter < SKIRT_TIME * (maxR[s] - minR[s] + 1)) continue;
                int gap = Math.max(minB[b] - maxB[s], minB[s] - maxB[b]) - 1;
                skirt = gap <= SKIRT_REACH * (maxB[b] - minB[b] + 1);
            }
            if (!skirt) regionOf[m++] = s;
        }
        System.arraycopy(regionOf, 0, regions, 0, m);
        for (int i = 0; i < m; i++) group[i] = i;
        return m;
    }

    private int groupRoot(int i) {
        while (group[i] != i) i = group[i] = group[group[i]];
        return i;
    }

    /** Folds region {@code src}'s statistics into {@code dst}. */
    private void mergeInto(int dst, int src) {
        minR[dst] = Math.min(minR[dst], minR[src]);
        maxR[dst] = Math.max(maxR[dst], maxR[src]);
        minB[dst] = Math.min(minB[dst], minB[src]);
        maxB[dst] = Math.max(maxB[dst], maxB[src]);
        cells[dst] += cells[src];
        sumSnr[dst] += sumSnr[src];
        peak[dst] = Math.max(peak[dst], peak[src]);
    }

    /** Keeps only group roots (merged regions), in order; returns the new count. */
    private int compact(int n) {
        int m = 0;
        for (int i = 0; i < n; i++) if (groupRoot(i) == i) regionOf[m++] = regions[i];
        System.arraycopy(regionOf, 0, regions, 0, m);
        for (int i = 0; i < m; i++) group[i] = i;
        return m;
    }

    /** Too many raw regions (a very noisy frame): keep the MAX_REGIONS largest by area. */
    private int keepLargest(int n) {
        dropped += n - MAX_REGIONS;
        long[] keyed = new long[n];
        for (int i = 0; i < n; i++) keyed[i] = ((long) cells[regions[i]] << 32) | regions[i];
        Arrays.sort(keyed);
        for (int i = 0; i < MAX_REGIONS; i++) regions[i] = (int) keyed[n - 1 - i];
        return MAX_REGIONS;
    }

    /** Detections (and raw regions) dropped by the per-frame caps since this detector was made. */
    @Override
    public long droppedDetections() {
        return dropped;
    }

    /** Bins notched as the receiver's DC spike in the last frame: {lo, hi}, or null when none was found. */
    public int[] lastDcNotch() {
        return dc.found() ? new int[]{dc.lo(), dc.hi()} : null;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
