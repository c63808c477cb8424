package dev.g20.eval;

import dev.g20.track.TrackState;

import dev.g20.track.Track;

import dev.g20.track.Hungarian;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.g20.detect.GroundTruth.LabeledBox;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tracking quality against ground truth, accumulated frame by frame: CLEAR MOT (MOTA, MOTP as mean
 * IoU, ID switches, fragmentations, mostly tracked / lost) and the identity measures IDF1, IDP, IDR.
 *
 * <p>Ground-truth identity is {@link LabeledBox#annotationIndex()}; hypotheses are the tracker's
 * {@code confirmed} tracks (tentative and lost records are ignored), identified by track id, with
 * their truth box. A pair can match when IoU >= the threshold (and, if class-aware, the class ids
 * agree). Per frame, a ground truth keeps the hypothesis it was matched to in the previous frame if
 * that pair can still match (as CLEAR MOT prescribes); the rest are assigned optimally (most pairs,
 * then highest total IoU). An ID switch is a match to a different hypothesis than the object's last
 * one; a fragmentation is a tracked object that becomes untracked while present and is tracked
 * again later. IDF1 uses the one-to-one trajectory assignment that maximises identity true
 * positives over the whole sequence.
 */
public final class TrackingMetrics {

    /**
     * The accumulated scores (field names snake_case in JSON). Counts are per (object, frame).
     *
     * @param gt               ground-truth boxes seen
     * @param hypotheses       confirmed-track boxes seen
     * @param misses           unmatched ground truths (FN)
     * @param falsePositives   unmatched hypotheses (FP)
     * @param motpIou          mean IoU of the matched pairs
     * @param classAccuracy    fraction of the matched pairs whose track has the ground truth's class
     * @param classAccuracyByClass the same per ground-truth class name (classes with matched pairs only)
     * @param mostlyTracked    trajectories matched in at least 80 % of their frames
     * @param mostlyLost       trajectories matched in less than 20 % of their frames
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Result(int frames, int gt, int hypotheses, int matches, int misses, int falsePositives,
                         int idSwitches, int fragmentations, double mota, double motpIou, double classAccuracy,
                         Map<String, Double> classAccuracyByClass, double precision,
                         double recall, double idf1, double idp, double idr, int idtp, int idfp, int idfn,
                         int gtTrajectories, int hypTrajectories, int mostlyTracked, int partiallyTracked,
                         int mostlyLost, double iouThreshold) {
    }

    private final double iouThreshold;
    private final boolean classAware;
    private final Hungarian solver = new Hungarian();

    private int frames, gtTotal, hypTotal, matches, misses, falsePositives, idSwitches, fragmentations;
    private double iouSum;
    /** Per ground-truth class name: matched pairs, and those whose track had that class. */
    private final Map<String, int[]> byClass = new TreeMap<>();

    // Dense indices for ids, in order of first appearance.
    private final Map<Integer, Integer> gtIndex = new HashMap<>();
    private final Map<Long, Integer> hypIndex = new HashMap<>();
    private int[] gtFrames = new int[16], gtMatched = new int[16], hypFrames = new int[16];
    private long[] lastHyp = new long[16];       // last matched track id per gt, or NO_HYP
    private boolean[] everTracked = new boolean[16], missRun = new boolean[16];
    /** Frames in which (gt index, hyp index) overlap enough to match, keyed gt << 32 | hyp. */
    private final Map<Long, int[]> overlap = new HashMap<>();
    /** gt id -> track id matched in the previous frame. */
    private Map<Integer, Long> prevMatch = new HashMap<>(), curMatch = new HashMap<>();

    private static final long NO_HYP = Long.MIN_VALUE;

    /** IoU >= 0.5, class-agnostic (identity quality; class errors are the detector's mAP). */
    public TrackingMetrics() {
        this(0.5, false);
    }

    public TrackingMetrics(double iouThreshold, boolean classAware) {
        if (!(iouThreshold > 0 && iouThreshold <= 1)) throw new IllegalArgumentException("iouThreshold " + iouThreshold);
        this.iouThreshold = iouThreshold;
        this.classAware = classAware;
    }

    /** Adds one frame: its ground truth and the tracker's output for that frame. */
    public void addFrame(List<LabeledBox> groundTruth, List<Track> tracks) {
        frames++;
        int ng = groundTruth.size();
        List<Track> hyps = new ArrayList<>(tracks.size());
        for (Track t : tracks) if (t.state() == TrackState.CONFIRMED) hyps.add(t);
        int nh = hyps.size();
        gtTotal += ng;
        hypTotal += nh;

        int[] g = new int[ng];
        int[] h = new int[nh];
        for (int i = 0; i < ng; i++) {
            g[i] = gtIdx(groundTruth.get(i).annotationIndex());
            gtFrames[g[i]]++;
        }
        for (int j = 0; j < nh; j++) {
            h[j] = hypIdx(hyps.get(j).trackId());
            hypFrames[h[j]]++;
        }
        double[][] iou = new double[ng][nh];
        for (int i = 0; i < ng; i++) {
            LabeledBox gb = groundTruth.get(i);
            for (int j = 0; j < nh; j++) {
                Track t = hyps.get(j);
                if (classAware && gb.classId() != t.classId()) continue;
                double v = gb.box().iou(t.truthBox());
                if (v >= iouThreshold) {
                    iou[i][j] = v;
                    overlap.computeIfAbsent(((long) g[i] << 32) | h[j], k -> new int[1])[0]++;
                }
            }
        }

        int[] gtTo = new int[ng];
        boolean[] hypUsed = new boolean[nh];
        Arrays.fill(gtTo, -1);
        // Keep last frame's correspondences that are still valid.
        for (int i = 0; i < ng; i++) {
            Long prev = prevMatch.get(groundTruth.get(i).annotationIndex());
            if (prev == null) continue;
            for (int j = 0; j < nh; j++) {
                if (!hypUsed[j] && hyps.get(j).trackId() == prev && iou[i][j] > 0) {
                    gtTo[i] = j;
                    hypUsed[j] = true;
                    break;
                }
            }
        }
        // Assign the rest optimally.
        int[] freeG = new int[ng], freeH = new int[nh];
        int fg = 0, fh = 0;
        for (int i = 0; i < ng; i++) if (gtTo[i] < 0) freeG[fg++] = i;
        for (int j = 0; j < nh; j++) if (!hypUsed[j]) freeH[fh++] = j;
        if (fg > 0 && fh > 0) {
            double[][] w = new double[fg][fh];
            for (int a = 0; a < fg; a++) for (int b = 0; b < fh; b++) w[a][b] = iou[freeG[a]][freeH[b]];
            int[] as = new int[fg];
            solver.maxWeight(w, fg, fh, as, true);
            for (int a = 0; a < fg; a++) {
                if (as[a] >= 0) {
                    gtTo[freeG[a]] = freeH[as[a]];
                    hypUsed[freeH[as[a]]] = true;
                }
            }
        }

        curMatch.clear();
        for (int i = 0; i < ng; i++) {
            int gi = g[i];
            int j = gtTo[i];
            if (j < 0) {
                misses++;
                if (everTracked[gi]) missRun[gi] = true;
                continue;
            }
            long tid = hyps.get(j).trackId();
            matches++;
            int[] c = byClass.computeIfAbsent(groundTruth.get(i).label(), k -> new int[2]);
            c[0]++;
            if (hyps.get(j).classId() == groundTruth.get(i).classId()) c[1]++;
            iouSum += iou[i][j];
            gtMatched[gi]++;
            if (lastHyp[gi] != NO_HYP && lastHyp[gi] != tid) idSwitches++;
            if (missRun[gi]) fragmentations++;
            missRun[gi] = false;
            everTracked[gi] = true;
            lastHyp[gi] = tid;
            curMatch.put(groundTruth.get(i).annotationIndex(), tid);
        }
        for (int j = 0; j < nh; j++) if (!hypUsed[j]) falsePositives++;
        Map<Integer, Long> swap = prevMatch;
        prevMatch = curMatch;
        curMatch = swap;
    }

    /** The scores so far; a ratio with a zero denominator (MOTA without ground truth included) is 0. */
    public Result result() {
        int ng = gtIndex.size(), nh = hypIndex.size();
        int idtp = 0;
        if (ng > 0 && nh > 0 && !overlap.isEmpty()) {
            double[][] w = new double[ng][nh];
            for (Map.Entry<Long, int[]> e : overlap.entrySet()) {
                long k = e.getKey();
                w[(int) (k >>> 32)][(int) k] = e.getValue()[0];
            }
            int[] as = new int[ng];
            idtp = (int) Math.round(solver.maxWeight(w, ng, nh, as, false));
        }
        int idfp = hypTotal - idtp, idfn = gtTotal - idtp;
        int mt = 0, ml = 0;
        for (int i = 0; i < ng; i++) {
            double r = gtFrames[i] == 0 ? 0 : (double) gtMatched[i] / gtFrames[i];
            if (r >= 0.8) mt++;
            else if (r < 0.2) ml++;
        }
        double mota = gtTotal == 0 ? 0 : 1.0 - (double) (misses + falsePositives + idSwitches) / gtTotal;
        return new Result(frames, gtTotal, hypTotal, matches, misses, falsePositives, idSwitches, fragmentations,
                mota, matches == 0 ? 0 : iouSum / matches, ratio(classMatches(), matches), classAccuracyByClass(),
                ratio(matches, hypTotal), ratio(matches, gtTotal),
                ratio(2 * idtp, gtTotal + hypTotal), ratio(idtp, hypTotal), ratio(idtp, gtTotal),
                idtp, idfp, idfn, ng, nh, mt, ng - mt - ml, ml, iouThreshold);
    }

    /** Matched pairs whose track had the ground truth's class, over all classes. */
    private int classMatches() {
        int n = 0;
        for (int[] c : byClass.values()) n += c[1];
        return n;
    }

    private Map<String, Double> classAccuracyByClass() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : byClass.entrySet()) out.put(e.getKey(), ratio(e.getValue()[1], e.getValue()[0]));
        return out;
    }

    private static double ratio(int a, int b) {
        return b == 0 ? 0 : (double) a / b;
    }

    private int gtIdx(int id) {
        Integer k = gtIndex.get(id);
        if (k != null) return k;
        int n = gtIndex.size();
        gtIndex.put(id, n);
        if (n == gtFrames.length) {
            int c = 2 * n;
            gtFrames = Arrays.copyOf(gtFrames, c);
            gtMatched = Arrays.copyOf(gtMatched, c);
            lastHyp = Arrays.copyOf(lastHyp, c);
            everTracked = Arrays.copyOf(everTracked, c);
            missRun = Arrays.copyOf(missRun, c);
        }
        lastHyp[n] = NO_HYP;
        return n;
    }

    private int hypIdx(long id) {
        Integer k = hypIndex.get(id);
        if (k != null) return k;
        int n = hypIndex.size();
        hypIndex.put(id, n);
        if (n == hypFrames.length) hypFrames = Arrays.copyOf(hypFrames, 2 * n);
        return n;
    }
}
