package dev.g20.detect;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a YOLO output tensor into detections: confidence threshold, class-wise NMS, boxes mapped
 * from model pixels to canonical space. Two layouts:
 * <ul>
 *   <li>{@link Layout#YOLOV8}: {@code [1, 4 + nc, N]}: per anchor cx, cy, w, h in input pixels,
 *       then nc class scores; each anchor takes its best class (as the YOLOv8 tooling predicts), or
 *       with {@code everyClass} one candidate per class whose score passes the threshold (as the
 *       YOLOv8 tooling's val ranks, {@code multi_label}: a box torn between two classes is then
 *       still ranked, lower, under its second);</li>
 *   <li>{@link Layout#END_TO_END}: {@code [1, N, 6]}: x1, y1, x2, y2, score, class.</li>
 * </ul>
 * NMS runs on both (harmless on an end-to-end model's already-suppressed output). Candidate
 * arrays are reused between calls; only the returned detections are allocated.
 */
public final class YoloDecoder {

    /** Output tensor layouts understood. */
    public enum Layout { YOLOV8, END_TO_END }

    /** Candidates above the threshold considered for NMS at most (the YOLOv8 tooling's max_nms). */
    private static final int MAX_CANDIDATES = 30_000;

    private final double confidence;
    private final double nms;
    private final int maxDetections;
    private final boolean everyClass;

    private float[] x1 = new float[256];
    private float[] y1 = new float[256];
    private float[] x2 = new float[256];
    private float[] y2 = new float[256];
    private float[] score = new float[256];
    private int[] cls = new int[256];
    private long[] order = new long[256];
    private boolean[] suppressed = new boolean[256];

    /**
     * @param confidence    keep detections with score at or above this
     * @param nms           suppress a box of the same class overlapping a better one by more than this IoU
     * @param maxDetections most detections returned (best first)
     */
    public YoloDecoder(double confidence, double nms, int maxDetections) {
        this(confidence, nms, maxDetections, false);
    }

    /**
     * @param everyClass a YOLOv8 anchor yields a candidate for every class scoring at or above
     *                   {@code confidence}, not only for its best (for ranking in eval)
     */
    public YoloDecoder(double confidence, double nms, int maxDetections, boolean everyClass) {
        this.confidence = confidence;
        this.nms = nms;
        this.maxDetections = maxDetections;
        this.everyClass = everyClass;
    }

    /** The confidence threshold. */
    public double confidence() {
        return confidence;
    }

    /** The NMS IoU threshold. */
    public double nms() {
        return nms;
    }

    /**
     * The layout of an output shape: {@code [1, N, 6]} with N != 6 is end-to-end; {@code [1, K, N]}
     * with K > 4 is YOLOv8; a square {@code [1, 6, 6]} is YOLOv8 only when the model names 2 classes.
     *
     * @param knownClasses classes named by the model's metadata, or -1 when unknown
     * @return the layout, or null when the shape is neither
     */
    public static Layout layoutOf(long[] shape, int knownClasses) {
        if (shape.length != 3 || shape[0] != 1) return null;
        long a = shape[1], b = shape[2];
        if (b == 6 && a == 6) return knownClasses == 2 ? Layout.YOLOV8 : Layout.END_TO_END;
        if (b == 6 && a > 0) return Layout.END_TO_END;
        if (a > 4 && b > 0) return Layout.YOLOV8;
        return null;
    }

    /**
     * Decodes {@code out} (row-major, shape {@code shape}) read from absolute index 0.
     *
     * @param names class names by id; ids beyond the list are named {@code class<id>}
     * @param geom  the model input geometry, for mapping pixels back to canonical space
     */
    public List<Detection> decode(FloatBuffer out, long[] shape, Layout layout, List<String> names, InferenceInput geom) {
        int n = layout == Layout.YOLOV8 ? collectYolov8(out, shape) : collectEndToEnd(out, shape);
        if (n == 0) return List.of();
        for (int i = 0; i < n; i++) {
            // positive float bits sort like the floats; low word keeps the index
            order[i] = ((long) Float.floatToRawIntBits(score[i]) << 32) | i;
            suppressed[i] = false;
        }
        Arrays.sort(order, 0, n);
        List<Detection> kept = new ArrayList<>();
        for (int k = n - 1; k >= 0 && kept.size() < maxDetections; k--) {
            int i = (int) order[k];
            if (suppressed[i]) continue;
            kept.add(new Detection(geom.toCanonical(x1[i], y1[i], x2[i], y2[i]), cls[i], nameOf(names, cls[i]), score[i]));
            for (int m = k - 1; m >= 0; m--) {
                int j = (int) order[m];
                if (!suppressed[j] && cls[j] == cls[i] && iou(i, j) > nms) suppressed[j] = true;
            }
        }
        return kept;
    }

    private int collectYolov8(FloatBuffer out, long[] shape) {
        int k = (int) shape[1], anchors = (int) shape[2], nc = k - 4;
        float thr = (float) confidence;
        int n = 0;
        for (int a = 0; a < anchors && n < MAX_CANDIDATES; a++) {
            if (everyClass) {
                n = collectEveryClass(out, anchors, nc, a, thr, n);
                continue;
            }
            int best = 0;
            float bestScore = out.get(4 * anchors + a);
            for (int c = 1; c < nc; c++) {
                float s = out.get((4 + c) * anchors + a);
                if (s > bestScore) {
                    bestScore = s;
                    best = c;
                }
            }
            if (!(bestScore >= thr) || bestScore <= 0) continue;
            float cx = out.get(a), cy = out.get(anchors + a), w = out.get(2 * anchors + a), h = out.get(3 * anchors + a);
            if (!(w > 0 && h > 0)) continue;
            n = add(n, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, bestScore, best);
        }
        return n;
    }

    private int collectEveryClass(FloatBuffer out, int anchors, int nc, int a, float thr, int n) {
        float cx = out.get(a), cy = out.get(anchors + a), w = out.get(2 * anchors + a), h = out.get(3 * anchors + a);
        if (!(w > 0 && h > 0)) return n;
        for (int c = 0; c < nc && n < MAX_CANDIDATES; c++) {
            float s = out.get((4 + c) * anchors + a);
            if (s >= thr && s > 0) n = add(n, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, s, c);
        }
        return n;
    }

    private int collectEndToEnd(FloatBuffer out, long[] shape) {
        int rows = (int) shape[1];
        float thr = (float) confidence;
        int n = 0;
        for (int r = 0; r < rows && n < MAX_CANDIDATES; r++) {
            int o = r * 6;
            float s = out.get(o + 4);
            if (!(s >= thr) || s <= 0) continue;
            float ax = out.get(o), ay = out.get(o + 1), bx = out.get(o + 2), by = out.get(o + 3);
            if (!(bx > ax && by > ay)) continue;
            int c = Math.round(out.get(o + 5));
            if (c < 0) continue;
            n = add(n, ax, ay, bx, by, s, c);
        }
        return n;
    }

    private int add(int n, float ax, float ay, float bx, float by, float s, int c) {
        if (n == score.length) grow();
        x1[n] = ax;
        y1[n] = ay;
        x2[n] = bx;
        y2[n] = by;
        score[n] = s;
        cls[n] = c;
        return n + 1;
    }

    private void grow() {
        int m = score.length * 2;
        x1 = Arrays.copyOf(x1, m);
        y1 = Arrays.copyOf(y1, m);
        x2 = Arrays.copyOf(x2, m);
        y2 = Arrays.copyOf(y2, m);
        score = Arrays.copyOf(score, m);
        cls = Arrays.copyOf(cls, m);
        order = Arrays.copyOf(order, m);
        suppressed = Arrays.copyOf(suppressed, m);
    }

    private float iou(int i, int j) {
        float iw = Math.min(x2[i], x2[j]) - Math.max(x1[i], x1[j]);
        float ih = Math.min(y2[i], y2[j]) - Math.max(y1[i], y1[j]);
        if (iw <= 0 || ih <= 0) return 0;
        float inter = iw * ih;
        float union = (x2[i] - x1[i]) * (y2[i] - y1[i]) + (x2[j] - x1[j]) * (y2[j] - y1[j]) - inter;
        return union > 0 ? inter / union : 0;
    }

    private static String nameOf(List<String> names, int c) {
        return c < names.size() ? names.get(c) : "class" + c;
    }
}
