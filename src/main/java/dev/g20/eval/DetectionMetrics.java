package dev.g20.eval;

import dev.g20.detect.Box;
import dev.g20.detect.Detection;
import dev.g20.detect.GroundTruth;
import dev.g20.detect.SignalClasses;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
 * <p>
 * Ground truth can be marked ignored (e.g. emissions below an SNR of interest): as COCO does with
 * its crowd regions, a detection that matches no scored ground truth but lies mostly (by the IoU
 * threshold, as a share of its own area) inside an ignored box counts neither as true nor as false
 * positive, and ignored boxes never count as misses.
 * Class-agnostic scoring also reports recall per original annotation label.
 */
public final class DetectionMetrics {
    /** IoU thresholds of mAP@0.5:0.95. */
    public static final double[] COCO_IOUS = {0.50, 0.55, 0.60, 0.65, 0.70, 0.75, 0.80, 0.85, 0.90, 0.95};
    private static final int RECALL_POINTS = 101;
    private static final byte FP = 0, TP = 1, IGNORED = 2;

    private final boolean classAgnostic;
    private final Map<String, Integer> classIds = new LinkedHashMap<>();
    private final List<List<Det>> detsByClass = new ArrayList<>();
    private final List<Integer> gtCountByClass = new ArrayList<>();
    /** Scored ground truth per image, per class id. */
    private final List<Map<Integer, List<GroundTruth.LabeledBox>>> truthByImage = new ArrayList<>();
    /** Ignored ground truth per image, per class id. */
    private final List<Map<Integer, List<Box>>> ignoredByImage = new ArrayList<>();
    private final Map<String, Integer> gtByLabel = new TreeMap<>();

    private record Det(int image, double score, Box box) {
    }

    /** One class's scores; {@code ap*} are null when the class has no ground truth (COCO leaves it out). */
    public record ClassResult(String name, int groundTruth, int detections, int truePositives, Double ap50, Double ap50to95,
                              Double ap, double precision, double recall) {
    }

    /** Recall of the ground truth carrying one annotation label, at the operating point. */
    public record LabelRecall(String label, int groundTruth, int found, double recall) {
    }

    /**
     * Overall and per-class results.
     *
     * @param iou                 the IoU of {@code map}, {@code precision} and {@code recall}
     * @param confidenceThreshold detections below this are left out of precision and recall (not of AP)
     * @param map                 mAP at {@code iou}
     * @param byLabel             class-agnostic scoring only (else empty): recall per annotation label
     */
    public record Result(boolean classAgnostic, int images, double iou, double confidenceThreshold, double map50,
                         double map50to95, double map, double precision, double recall, int groundTruth, int detections,
                         int truePositives, int ignoredGroundTruth, List<ClassResult> classes, List<LabelRecall> byLabel) {
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
        addImage(detections, truth, List.of());
    }

    /** Adds one image with ground truth that is neither to be found nor to be held against a detection. */
    public void addImage(List<Detection> detections, List<GroundTruth.LabeledBox> truth, List<GroundTruth.LabeledBox> ignored) {
        Map<Integer, List<GroundTruth.LabeledBox>> gt = new LinkedHashMap<>();
        for (GroundTruth.LabeledBox t : truth) {
            int c = classId(classAgnostic ? SignalClasses.SIGNAL : t.label());
            gt.computeIfAbsent(c, k -> new ArrayList<>()).add(t);
            gtCountByClass.set(c, gtCountByClass.get(c) + 1);
            gtByLabel.merge(t.label(), 1, Integer::sum);
        }
        Map<Integer, List<Box>> ign = new LinkedHashMap<>();
        for (GroundTruth.LabeledBox t : ignored) {
            int c = classId(classAgnostic ? SignalClasses.SIGNAL : t.label());
            ign.computeIfAbsent(c, k -> new ArrayList<>()).add(t.box());
        }
        int image = truthByImage.size();
        truthByImage.add(gt);
        ignoredByImage.add(ign);
        for (Detection d : detections) {
            int c = classId(classAgnostic ? SignalClasses.SIGNAL : d.className());
            detsByClass.get(c).add(new Det(image, d.confidence(), d.box()));
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
        Map<String, Integer> foundByLabel = new TreeMap<>();
        double sum50 = 0, sum5095 = 0, sumAp = 0;
        int withGt = 0, totalGt = 0, totalDets = 0, totalTp = 0, ignoredGt = 0;
        for (Map<Integer, List<Box>> m : ignoredByImage) for (List<Box> l : m.values()) ignoredGt += l.size();
        for (var e : classIds.entrySet()) {
            int c = e.getValue();
            List<Det> dets = new ArrayList<>(detsByClass.get(c));
            // stable: equal scores keep the order they were added in (image order)
            dets.sort((a, b) -> Double.compare(b.score, a.score));
            int nGt = gtCountByClass.get(c);
            // the operating point: only detections at or above the threshold take part in the matching
            int above = 0;
            while (above < dets.size() && dets.get(above).score >= confidenceThreshold) above++;
            byte[] atOp = match(c, dets.subList(0, above), iou, foundByLabel);
            int nDet = 0, tp = 0;
            for (byte b : atOp) {
                if (b == IGNORED) continue;
                nDet++;
                if (b == TP) tp++;
            }
            Double ap50 = null, ap5095 = null, ap = null;
            if (nGt > 0) {
                double s = 0;
                for (double t : COCO_IOUS) {
                    double a = averagePrecision(match(c, dets, t, null), nGt);
                    s += a;
                    if (t == 0.5) ap50 = a;
                }
                ap5095 = s / COCO_IOUS.length;
                ap = averagePrecision(match(c, dets, iou, null), nGt);
                sum50 += ap50;
                sum5095 += ap5095;
                sumAp += ap;
                withGt++;
            }
            classes.add(new ClassResult(e.getKey(), nGt, nDet, tp, ap50, ap5095, ap,
                    nDet > 0 ? (double) tp / nDet : 0, nGt > 0 ? (double) tp / nGt : 0));
            totalGt += nGt;
            totalDets += nDet;
            totalTp += tp;
        }
        List<LabelRecall> byLabel = new ArrayList<>();
        if (classAgnostic) {
            for (var e : gtByLabel.entrySet()) {
                int found = foundByLabel.getOrDefault(e.getKey(), 0);
                byLabel.add(new LabelRecall(e.getKey(), e.getValue(), found, (double) found / e.getValue()));
            }
        }
        return new Result(classAgnostic, images(), iou, confidenceThreshold,
                withGt > 0 ? sum50 / withGt : 0, withGt > 0 ? sum5095 / withGt : 0, withGt > 0 ? sumAp / withGt : 0,
                totalDets > 0 ? (double) totalTp / totalDets : 0, totalGt > 0 ? (double) totalTp / totalGt : 0,
                totalGt, totalDets, totalTp, ignoredGt, List.copyOf(classes), List.copyOf(byLabel));
    }

    /**
     * Greedy matching of class {@code c}'s detections (sorted best first) to scored ground truth;
     * unmatched ones overlapping ignored ground truth are IGNORED. Counts matched labels into
     * {@code foundByLabel} when given.
     */
    private byte[] match(int c, List<Det> sorted, double iouThreshold, Map<String, Integer> foundByLabel) {
        byte[] out = new byte[sorted.size()];
        Map<Integer, boolean[]> used = new LinkedHashMap<>();
        double min = Math.min(iouThreshold, 1 - 1e-10);
        for (int i = 0; i < sorted.size(); i++) {
            Det d = sorted.get(i);
            List<GroundTruth.LabeledBox> gts = truthByImage.get(d.image).get(c);
            int best = -1;
            if (gts != null) {
                boolean[] taken = used.computeIfAbsent(d.image, k -> new boolean[gts.size()]);
                double bestIou = min;
                for (int g = 0; g < gts.size(); g++) {
                    if (taken[g]) continue;
                    double v = d.box.iou(gts.get(g).box());
                    if (v >= bestIou) {
                        bestIou = v;
                        best = g;
                    }
                }
                if (best >= 0) {
                    taken[best] = true;
                    out[i] = TP;
                    if (foundByLabel != null) foundByLabel.merge(gts.get(best).label(), 1, Integer::sum);
                    continue;
                }
            }
            List<Box> ign = ignoredByImage.get(d.image).get(c);
            if (ign != null) {
                for (Box b : ign) {
                    if (insideShare(d.box, b) >= min) {
                        out[i] = IGNORED;
                        break;
                    }
                }
            }
        }
        return out;
    }

    /** Share of {@code d}'s area inside {@code region} (COCO's test against crowd regions). */
    private static double insideShare(Box d, Box region) {
        double iw = Math.min(d.x2(), region.x2()) - Math.max(d.x1(), region.x1());
        double ih = Math.min(d.y2(), region.y2()) - Math.max(d.y1(), region.y1());
        if (iw <= 0 || ih <= 0 || d.area() <= 0) return 0;
        return iw * ih / d.area();
    }

    /** 101-point interpolated AP of a ranked list of outcomes against {@code nGt} ground truths. */
    static double averagePrecision(byte[] ranked, int nGt) {
        if (nGt == 0) return 0;
        int n = 0;
        for (byte b : ranked) if (b != IGNORED) n++;
        double[] recall = new double[n];
        double[] precision = new double[n];
        int tp = 0, k = 0;
        for (byte b : ranked) {
            if (b == IGNORED) continue;
            if (b == TP) tp++;
            recall[k] = (double) tp / nGt;
            precision[k] = (double) tp / (k + 1);
            k++;
        }
        for (int i = n - 2; i >= 0; i--) precision[i] = Math.max(precision[i], precision[i + 1]);
        double sum = 0;
        int i = 0;
        for (int p = 0; p < RECALL_POINTS; p++) {
            // pycocotools' np.linspace(0, 1, 101): p * 0.01 (not p / 100), last point exactly 1
            double r = p == RECALL_POINTS - 1 ? 1.0 : p * 0.01;
            while (i < n && recall[i] < r) i++;
            if (i < n) sum += precision[i];
        }
        return sum / RECALL_POINTS;
    }
}
