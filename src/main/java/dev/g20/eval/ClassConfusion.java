package dev.g20.eval;

import dev.g20.detect.Detection;
import dev.g20.detect.GroundTruth;

import java.util.ArrayList;
import java.util.List;

/**
 * Which class the detector gives each ground-truth box at the operating point: per frame, the
 * detections at or above the confidence threshold are matched one-to-one to the ground truth by
 * IoU (class-agnostically, highest IoU first, at least the IoU threshold); each matched pair counts
 * in the row of the truth's class and the column of the detection's class, an unmatched truth as
 * missed, an unmatched detection as a false alarm of its class. Ground truth the detector has no
 * class for is left out. This is what tells "found but named wrongly" (a row's off-diagonal) from
 * "not found" (missed), which mAP mixes.
 */
public final class ClassConfusion {
    /**
     * The counts; {@code counts[t][d]}: truths of class t detected as class d.
     *
     * @param missed      per truth class, boxes no detection matched
     * @param falseAlarms per detected class, detections that matched no truth
     */
    public record Result(double iou, double confidenceThreshold, List<String> classes, int[][] counts, int[] missed, int[] falseAlarms) {
        /** Matched truths of class {@code t} given their own class, as a share of all matched truths of that class (NaN if none). */
        public double correctShare(int t) {
            int matched = 0;
            for (int c : counts[t]) matched += c;
            return matched == 0 ? Double.NaN : (double) counts[t][t] / matched;
        }
    }

    private final double iou, confidence;
    private final List<String> classes;
    private final int[][] counts;
    private final int[] missed, falseAlarms;

    public ClassConfusion(List<String> classes, double iou, double confidence) {
        this.classes = List.copyOf(classes);
        this.iou = iou;
        this.confidence = confidence;
        int n = classes.size();
        counts = new int[n][n];
        missed = new int[n];
        falseAlarms = new int[n];
    }

    /** Adds one frame (or dataset image). */
    public void add(List<Detection> detections, List<GroundTruth.LabeledBox> truth) {
        int n = classes.size();
        List<Detection> dets = new ArrayList<>(detections.size());
        for (Detection d : detections) if (d.confidence() >= confidence && d.classId() >= 0 && d.classId() < n) dets.add(d);
        List<GroundTruth.LabeledBox> gts = new ArrayList<>(truth.size());
        for (GroundTruth.LabeledBox t : truth) if (t.classId() >= 0 && t.classId() < n) gts.add(t);
        List<double[]> pairs = new ArrayList<>();
        for (int g = 0; g < gts.size(); g++) {
            for (int d = 0; d < dets.size(); d++) {
                double v = gts.get(g).box().iou(dets.get(d).box());
                if (v >= iou) pairs.add(new double[]{v, g, d});
            }
        }
        // highest IoU first; ties by truth, then detection index, so the result is deterministic
        pairs.sort((a, b) -> a[0] != b[0] ? Double.compare(b[0], a[0]) : a[1] != b[1] ? Double.compare(a[1], b[1]) : Double.compare(a[2], b[2]));
        boolean[] gUsed = new boolean[gts.size()], dUsed = new boolean[dets.size()];
        for (double[] p : pairs) {
            int g = (int) p[1], d = (int) p[2];
            if (gUsed[g] || dUsed[d]) continue;
            gUsed[g] = dUsed[d] = true;
            counts[gts.get(g).classId()][dets.get(d).classId()]++;
        }
        for (int g = 0; g < gts.size(); g++) if (!gUsed[g]) missed[gts.get(g).classId()]++;
        for (int d = 0; d < dets.size(); d++) if (!dUsed[d]) falseAlarms[dets.get(d).classId()]++;
    }

    public Result result() {
        int[][] copy = new int[counts.length][];
        for (int i = 0; i < counts.length; i++) copy[i] = counts[i].clone();
        return new Result(iou, confidence, classes, copy, missed.clone(), falseAlarms.clone());
    }
}
