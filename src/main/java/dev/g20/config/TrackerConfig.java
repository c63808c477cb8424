package dev.g20.config;

import java.util.List;
import java.util.Map;

/** Tracker parameters (config/tracker.yaml), with the original keys and defaults. */
public record TrackerConfig(
        double iouThreshold, double freqToleranceNormalized, AssociationMethod associationMethod,
        ClassAssociation classAssociation, double crossClassFreqIou, List<String> confusableClasses,
        Map<String, Double> classVoteWeights, int confirmHits, int maxAge,
        double boxEmaAlpha, double displayEmaAlpha, double confRiseAlpha, double confFallAlpha,
        boolean driftEnabled, int driftFramesRequired, double driftMinDisplacement) {

    /** The class pairs the shipped detector confuses most (its confusion matrix in models/MODEL_CARD.md), as "a/b". */
    public static final List<String> CONFUSABLE_CLASSES = List.of("cw/am", "cw/fm", "am/fm", "psk/qam16", "fsk/hopper");
    /**
     * How much a detection of a class counts in a track's class vote (others: 1). A bare carrier is
     * what cw always looks like and what AM and FM look like in a speech pause (about a third of
     * their frames), so a cw detection is weaker evidence than one that shows sidebands.
     */
    public static final Map<String, Double> CLASS_VOTE_WEIGHTS = Map.of("cw", 0.4);

    public TrackerConfig {
        confusableClasses = List.copyOf(confusableClasses);
        classVoteWeights = Map.copyOf(classVoteWeights);
        for (Map.Entry<String, Double> e : classVoteWeights.entrySet()) {
            if (!isVoteWeight(e.getValue())) throw new IllegalArgumentException("class vote weight of '" + e.getKey() + "' " + voteWeightRule(e.getValue()));
        }
        for (String pair : confusableClasses) {
            if (!isClassPair(pair)) throw new IllegalArgumentException("confusable class pair '" + pair + "': " + PAIR_RULE);
        }
    }

    private static final String PAIR_RULE = "each entry must be two different class names as a/b, e.g. cw/am";

    /** Whether {@code w} can weigh a class's votes: in (0, 1]. */
    static boolean isVoteWeight(double w) {
        return w > 0 && w <= 1;
    }

    private static String voteWeightRule(double w) {
        return "must be in (0, 1], got " + w;
    }

    /** Whether {@code pair} is two different, non-blank class names separated by one '/'. */
    public static boolean isClassPair(String pair) {
        String[] ab = pair.split("/", -1);
        return ab.length == 2 && !ab[0].isBlank() && !ab[1].isBlank() && !ab[0].equals(ab[1]);
    }

    public static TrackerConfig defaults() {
        return new TrackerConfig(0.2, 0.02, AssociationMethod.HUNGARIAN, ClassAssociation.VOTE, 0.5, CONFUSABLE_CLASSES, CLASS_VOTE_WEIGHTS, 3, 10, 0.3, 0.5, 0.3,
                0.05, false, 5, 0.005);
    }

    /** The vote weight of class {@code name} (1 unless class_vote_weights names it). */
    public double classVoteWeight(String name) {
        Double w = classVoteWeights.get(name);
        return w == null ? 1.0 : w;
    }

    public static TrackerConfig from(ConfigNode n) {
        TrackerConfig d = defaults();
        ConfigNode a = n.child("association");
        double iou = unit(a, "iou_threshold", d.iouThreshold);
        double tol = unit(a, "freq_tolerance_normalized", d.freqToleranceNormalized);
        AssociationMethod method = a.getEnum("method", d.associationMethod, AssociationMethod.class);
        ClassAssociation classes = a.getEnum("classes", d.classAssociation, ClassAssociation.class);
        double crossIou = a.getDouble("cross_class_freq_iou", d.crossClassFreqIou);
        a.require(crossIou > 0 && crossIou <= 1, "cross_class_freq_iou", "must be in (0, 1], got " + crossIou);
        List<String> confusable = a.getStringList("confusable_classes", d.confusableClasses);
        for (String pair : confusable) a.require(isClassPair(pair), "confusable_classes", "has '" + pair + "': " + PAIR_RULE);
        Map<String, Double> weights = a.getDoubleMap("class_vote_weights", d.classVoteWeights);
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            a.require(isVoteWeight(e.getValue()), "class_vote_weights." + e.getKey(), voteWeightRule(e.getValue()));
        }
        ConfigNode l = n.child("lifecycle");
        int confirm = l.getInt("confirm_hits", d.confirmHits);
        l.require(confirm >= 1, "confirm_hits", "must be >= 1, got " + confirm);
        int maxAge = l.getInt("max_age", d.maxAge);
        l.require(maxAge >= 0, "max_age", "must be >= 0, got " + maxAge);
        ConfigNode s = n.child("smoothing");
        double box = alpha(s, "box_ema_alpha", d.boxEmaAlpha);
        double disp = alpha(s, "display_ema_alpha", d.displayEmaAlpha);
        double rise = alpha(s, "conf_rise_alpha", d.confRiseAlpha);
        double fall = alpha(s, "conf_fall_alpha", d.confFallAlpha);
        ConfigNode dr = n.child("drift_detection");
        boolean en = dr.getBoolean("enabled", d.driftEnabled);
        int frames = dr.getInt("frames_required", d.driftFramesRequired);
        dr.require(frames >= 1, "frames_required", "must be >= 1, got " + frames);
        double minDisp = unit(dr, "min_displacement", d.driftMinDisplacement);
        return new TrackerConfig(iou, tol, method, classes, crossIou, confusable, weights, confirm, maxAge, box, disp, rise, fall, en,
                frames, minDisp);
    }

    private static double unit(ConfigNode n, String k, double def) {
        double v = n.getDouble(k, def);
        n.require(v >= 0 && v <= 1, k, "must be in [0, 1], got " + v);
        return v;
    }

    private static double alpha(ConfigNode n, String k, double def) {
        double v = n.getDouble(k, def);
        n.require(v > 0 && v <= 1, k, "must be in (0, 1], got " + v);
        return v;
    }
}
