package dev.g20.detect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * COCO-style detection scoring over many images (frames). Per class and IoU threshold:
 * detections of all images sorted by confidence (ties keep insertion order), each matched
 * greedily to the unmatched ground truth of its class in its image with the highest IoU
 * (at least the threshold); AP = mean over the 101 recall points 0, 0.01, ..., 1 of the
 * interpolated precision (the best precision at that recall or above, 0 past the last recall).
 * mAP@0.5 averages AP at IoU 0.5 over the classes that have ground truth; mAP@0.5:0.95 averages
 * AP over IoU 0.50, 0.55, ..., 0.95 and those classes. Precision and recall at an operating point
 * (a confidence threshold and one IoU) come from the same greedy matching of the detections at or
 * above the threshold. No cap on detections per image (COCO's maxDets).
 */
public final class DetectionMetrics {
    /** IoU thresholds of mAP@0.5:0.95. */
    public static final double[] COCO_IOUS = {0.50, 0.55, 0.60, 0.65, 0.70, 0.75, 0.80, 0.85, 0.90, 0.95};
    private static final int RECALL_POINTS = 101;

    private final boolean classAgnostic;
    private final Map<String, Integer> classIds = new LinkedHashMap<>();
    private final List<List<Det>> detsByClass = new ArrayList<>();
    private final List<Integer> gtCountByClass = new ArrayList<>();
    /** Ground truth boxes per image, per class id. */
    private final List<Map<Integer, List<Box>>> truthByImage = new ArrayList<>();

    private record Det(int image, double score, Box box, long order) {
    }

    /** One class's scores; {@code ap*} are null when the class has no ground truth (COCO leaves it out). */
    public record ClassResult(String name, int groundTruth, int detections, int truePositives, Double ap50, Double ap50to95,
                              Double ap, double precision, double recall) {
    }

    /**
     * Overall and per-class results.
     *
     * @param iou                 the IoU of {@code map}, {@code precision} and {@code recall}
     * @param confidenceThreshold detections below this are left out of precision and recall (not of AP)
     * @param map                 mAP at {@code iou}
     */
    public record Result(boolean classAgnostic, int images, double iou, double confidenceThreshold, double map50,
                         double map50to95, double map, double precision, double recall, int groundTruth, int detections,
                         int truePositives, List<ClassResult> classes) {
        public int falsePositives() {
            return detections - truePositives;
        }

        public int falseNegatives() {
            return groundTruth - truePositives;
        }
    }

    /** @param classAgnostic every detection and ground truth counts as class {@code signal} */
    public DetectionMetrics(boolean classAgnostic) {
        this.classAgnostic = classAgnostic;
    }

    public boolean classAgnostic() {
        return classAgnostic;
    }

    /** Fixes the order classes are reported in (e.g. the model's class list); optional. */
    public void declareClasses(List<String> names) {
        if (classAgnostic) classId(SignalClasses.SIGNAL);
        else for (String n : names) classId(n);
    }

    /** Adds one image: its detections (any confidence) and its ground truth. */
    public void addImage(List<Detection> detections, List<GroundTruth.LabeledBox> truth) {
        int image = truthByImage.size();
        Map<Integer, List<Box>> gt = new LinkedHashMap<>();
        for (GroundTruth.LabeledBox t : truth) {
            int c = classId(classAgnostic ? SignalClasses.SIGNAL : t.label());
            gt.computeIfAbsent(c, k -> new ArrayList<>()).add(t.box());
            gtCountByClass.set(c, gtCountByClass.get(c) + 1);
        }
        truthByImage.add(gt);
        for (Detection d : detections) {
            int c = classId(classAgnostic ? SignalClasses.SIGNAL : d.className());
            List<Det> list = detsByClass.get(c);
            list.add(new Det(image, d.confidence(), d.box(), list.size()));
        }
    }

    public int images() {
        return truthByImage.size();
    }

    private int classId(String name) {
        Integer id = classIds.get(name);
        if (id != null) return id;
        int c = classIds.size();
        classIds.put(name, c);
        detsByClass.add(new ArrayList<>());
        gtCountByClass.add(0);
        return c;
    }

    /** Scores everything added so far. */
    public Result compute(double iou, double confidenceThreshold) {
        List<ClassResult> classes = new ArrayList<>();
        double sum50 = 0, sum5095 = 0, sumAp = 0;
        int withGt = 0, totalGt = 0, totalDets = 0, totalTp = 0;
        for (var e : classIds.entrySet()) {
            int c = e.getValue();
            List<Det> dets = new ArrayList<>(detsByClass.get(c));
            // stable: equal scores keep the order they were added in (image order)
            dets.sort((a, b) -> Double.compare(b.score, a.score));
            int nGt = gtCountByClass.get(c);
            boolean[] atOp = match(c, dets, iou);
            int nDet = 0, tp = 0;
            for (int i = 0; i < dets.size(); i++) {
                if (dets.get(i).score < confidenceThreshold) continue;
                nDet++;
                if (atOp[i]) tp++;
            }
            Double ap50 = null, ap5095 = null, ap = null;
            if (nGt > 0) {
                double s = 0;
                for (double t : COCO_IOUS) {
                    double a = averagePrecision(match(c, dets, t), nGt);
                    s += a;
                    if (t == 0.5) ap50 = a;
                }
                ap5095 = s / COCO_IOUS.length;
                ap = averagePrecision(atOp, nGt);
                sum50 += ap50;
                sum5095 += ap5095;
                sumAp += ap;
                withGt++;
            }
            // the threshold counts only detections at or above it, so precision and recall use those
            classes.add(new ClassResult(e.getKey(), nGt, nDet, tp, ap50, ap5095, ap,
                    nDet > 0 ? (double) tp / nDet : 0, nGt > 0 ? (double) tp / nGt : 0));
            totalGt += nGt;
            totalDets += nDet;
            totalTp += tp;
        }
        return new Result(classAgnostic, images(), iou, confidenceThreshold,
                withGt > 0 ? sum50 / withGt : 0, withGt > 0 ? sum5095 / withGt : 0, withGt > 0 ? sumAp / withGt : 0,
                totalDets > 0 ? (double) totalTp / totalDets : 0, totalGt > 0 ? (double) totalTp / totalGt : 0,
                totalGt, totalDets, totalTp, List.copyOf(classes));
    }

    /** Greedy matching of class {@code c}'s detections (sorted best first); true = true positive. */
    private boolean[] match(int c, List<Det> sorted, double iouThreshold) {
        boolean[] tp = new boolean[sorted.size()];
        Map<Integer, boolean[]> used = new LinkedHashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            Det d = sorted.get(i);
            List<Box> gts = truthByImage.get(d.image).get(c);
            if (gts == null) continue;
            boolean[] taken = used.computeIfAbsent(d.image, k -> new boolean[gts.size()]);
            int best = -1;
            double bestIou = Math.min(iouThreshold, 1 - 1e-10);
            for (int g = 0; g < gts.size(); g++) {
                if (taken[g]) continue;
                double v = d.box.iou(gts.get(g));
                if (v >= bestIou) {
                    bestIou = v;
                    best = g;
                }
            }
            if (best >= 0) {
                taken[best] = true;
                tp[i] = true;
            }
        }
        return tp;
    }

    /** 101-point interpolated AP of a ranked list of hits against {@code nGt} ground truths. */
    static double averagePrecision(boolean[] tpRanked, int nGt) {
        int n = tpRanked.length;
        if (nGt == 0) return 0;
        double[] recall = new double[n];
        double[] precision = new double[n];
        int tp = 0;
        for (int i = 0; i < n; i++) {
            if (tpRanked[i]) tp++;
            recall[i] = (double) tp / nGt;
            precision[i] = (double) tp / (i + 1);
        }
        for (int i = n - 2; i >= 0; i--) precision[i] = Math.max(precision[i], precision[i + 1]);
        double sum = 0;
        int i = 0;
        for (int k = 0; k < RECALL_POINTS; k++) {
            // pycocotools' np.linspace(0, 1, 101): k * 0.01 (not k / 100), last point exactly 1
            double r = k == RECALL_POINTS - 1 ? 1.0 : k * 0.01;
            while (i < n && recall[i] < r) i++;
            if (i < n) sum += precision[i];
        }
        return sum / RECALL_POINTS;
    }
}
