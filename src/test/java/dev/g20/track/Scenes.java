package dev.g20.track;

import dev.g20.config.AssociationMethod;
import dev.g20.config.ClassAssociation;
import dev.g20.config.WireName;

import dev.g20.config.TrackerConfig;
import dev.g20.detect.Box;
import dev.g20.detect.Detection;
import dev.g20.spectrogram.SpectrogramFrame;

import java.util.List;

/** Test fixtures: frames carrying only the metadata the tracker reads, detections, configs. */
final class Scenes {
    static final double FC = 100e6, FS = 1e6;
    static final int HOP = 512, ROWS = 256;
    /** Seconds per frame: 256 rows * 512 samples / 1 MHz. */
    static final double FRAME_SECONDS = ROWS * HOP / FS;

    private static final float[] PSD = new float[ROWS];
    private static final byte[] LEVELS = new byte[ROWS], RGBA = new byte[4 * ROWS];

    private Scenes() {
    }

    static SpectrogramFrame frame(long id) {
        return new SpectrogramFrame(id, id * 131_072_000L, "test", FC, FS, id * ROWS * HOP, HOP, ROWS, 1, PSD, LEVELS, RGBA);
    }

    static Detection det(double x1, double y1, double x2, double y2, int cls, double conf) {
        return new Detection(new Box(x1, y1, x2, y2), cls, "class" + cls, conf);
    }

    /** A detection of a continuous signal (full frame height) centred at cx with width w. */
    static Detection carrier(double cx, double w, int cls, double conf) {
        return det(cx - w / 2, 0, cx + w / 2, 1, cls, conf);
    }

    /** A carrier detection whose class has a real name (the confusable pairs are by name). */
    static Detection named(double cx, double w, int cls, String name, double conf) {
        return new Detection(new Box(cx - w / 2, 0, cx + w / 2, 1), cls, name, conf);
    }

    /** The defaults with association.classes set to {@code classes} (vote or strict). */
    static TrackerConfig classes(String method, String classes) {
        TrackerConfig d = TrackerConfig.defaults();
        return new TrackerConfig(d.iouThreshold(), d.freqToleranceNormalized(), WireName.parse(AssociationMethod.class, method),
                WireName.parse(ClassAssociation.class, classes), d.crossClassFreqIou(),
                d.confusableClasses(), d.classVoteWeights(), d.confirmHits(), d.maxAge(), d.boxEmaAlpha(), d.displayEmaAlpha(),
                d.confRiseAlpha(), d.confFallAlpha(), d.driftEnabled(), d.driftFramesRequired(), d.driftMinDisplacement());
    }

    /** The defaults with association.class_vote_weights set to {@code weights} (empty: every class counts 1). */
    static TrackerConfig voteWeights(java.util.Map<String, Double> weights) {
        TrackerConfig d = TrackerConfig.defaults();
        return new TrackerConfig(d.iouThreshold(), d.freqToleranceNormalized(), d.associationMethod(), d.classAssociation(),
                d.crossClassFreqIou(), d.confusableClasses(), weights, d.confirmHits(), d.maxAge(), d.boxEmaAlpha(),
                d.displayEmaAlpha(), d.confRiseAlpha(), d.confFallAlpha(), d.driftEnabled(), d.driftFramesRequired(),
                d.driftMinDisplacement());
    }

    static TrackerConfig config(String method) {
        TrackerConfig d = TrackerConfig.defaults();
        return new TrackerConfig(d.iouThreshold(), d.freqToleranceNormalized(), WireName.parse(AssociationMethod.class, method),
                d.classAssociation(), d.crossClassFreqIou(), d.confusableClasses(), d.classVoteWeights(), d.confirmHits(), d.maxAge(),
                d.boxEmaAlpha(), d.displayEmaAlpha(), d.confRiseAlpha(), d.confFallAlpha(), d.driftEnabled(),
                d.driftFramesRequired(), d.driftMinDisplacement());
    }

    static TrackerConfig withDrift(String method) {
        TrackerConfig d = config(method);
        return new TrackerConfig(d.iouThreshold(), d.freqToleranceNormalized(), d.associationMethod(),
                d.classAssociation(), d.crossClassFreqIou(), d.confusableClasses(), d.classVoteWeights(), d.confirmHits(), d.maxAge(),
                d.boxEmaAlpha(), d.displayEmaAlpha(), d.confRiseAlpha(), d.confFallAlpha(), true,
                d.driftFramesRequired(), d.driftMinDisplacement());
    }

    static TrackerConfig lifecycle(int confirmHits, int maxAge) {
        TrackerConfig d = TrackerConfig.defaults();
        return new TrackerConfig(d.iouThreshold(), d.freqToleranceNormalized(), d.associationMethod(),
                d.classAssociation(), d.crossClassFreqIou(), d.confusableClasses(), d.classVoteWeights(), confirmHits, maxAge,
                d.boxEmaAlpha(), d.displayEmaAlpha(), d.confRiseAlpha(), d.confFallAlpha(), d.driftEnabled(),
                d.driftFramesRequired(), d.driftMinDisplacement());
    }

    static Track only(List<Track> tracks) {
        if (tracks.size() != 1) throw new AssertionError("expected one track, got " + tracks);
        return tracks.getFirst();
    }
}
