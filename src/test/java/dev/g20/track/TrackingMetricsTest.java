package dev.g20.track;

import dev.g20.eval.TrackingMetrics;


import com.fasterxml.jackson.databind.ObjectMapper;
import dev.g20.detect.Box;
import dev.g20.detect.GroundTruth.LabeledBox;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TrackingMetricsTest {
    private static final Box A = new Box(0.1, 0, 0.2, 1), B = new Box(0.5, 0, 0.6, 1), FAR = new Box(0.8, 0, 0.9, 1);

    private static LabeledBox gt(Box b, int id) {
        return new LabeledBox(b, 0, "x", id);
    }

    private static Track track(long id, Box b, TrackState state) {
        return new Track(id, 0, "x", b, b, 0.9, state, 0, 5, MotionMode.STATIONARY, 0, 0, 0, 0, 0, 0);
    }

    /**
     * Six frames, two objects. Object a is tracked by 10 (frames 0-2), missed in frame 3, then
     * tracked by 11 (frames 4-5): one miss, one ID switch, one fragmentation. Object b is tracked
     * by 12 throughout. 13 is a false positive in frames 2 and 4. A tentative and a lost record
     * must be ignored.
     */
    @Test
    void handComputedSwitchFragmentationAndFalsePositives() throws Exception {
        TrackingMetrics m = new TrackingMetrics();
        for (int f = 0; f < 6; f++) {
            List<Track> hyps = new ArrayList<>();
            if (f <= 2) hyps.add(track(10, A, TrackState.CONFIRMED));
            if (f >= 4) hyps.add(track(11, A, TrackState.CONFIRMED));
            hyps.add(track(12, B, TrackState.CONFIRMED));
            if (f == 2 || f == 4) hyps.add(track(13, FAR, TrackState.CONFIRMED));
            if (f == 1) hyps.add(track(14, B, TrackState.TENTATIVE));
            if (f == 3) hyps.add(track(15, A, TrackState.LOST));
            m.addFrame(List.of(gt(A, 0), gt(B, 1)), hyps);
        }
        TrackingMetrics.Result r = m.result();
        assertThat(r.frames()).isEqualTo(6);
        assertThat(r.gt()).isEqualTo(12);
        assertThat(r.hypotheses()).isEqualTo(13);
        assertThat(r.matches()).isEqualTo(11);
        assertThat(r.misses()).isEqualTo(1);
        assertThat(r.falsePositives()).isEqualTo(2);
        assertThat(r.idSwitches()).isEqualTo(1);
        assertThat(r.fragmentations()).isEqualTo(1);
        assertThat(r.mota()).isCloseTo(1 - 4.0 / 12, within(1e-12));
        assertThat(r.motpIou()).isCloseTo(1.0, within(1e-12));
        assertThat(r.precision()).isCloseTo(11.0 / 13, within(1e-12));
        assertThat(r.recall()).isCloseTo(11.0 / 12, within(1e-12));
        // Identity: a <-> 10 (3 frames), b <-> 12 (6 frames).
        assertThat(r.idtp()).isEqualTo(9);
        assertThat(r.idfp()).isEqualTo(4);
        assertThat(r.idfn()).isEqualTo(3);
        assertThat(r.idf1()).isCloseTo(18.0 / 25, within(1e-12));
        assertThat(r.idp()).isCloseTo(9.0 / 13, within(1e-12));
        assertThat(r.idr()).isCloseTo(9.0 / 12, within(1e-12));
        assertThat(r.gtTrajectories()).isEqualTo(2);
        assertThat(r.hypTrajectories()).isEqualTo(4);
        assertThat(r.mostlyTracked()).isEqualTo(2);
        assertThat(r.mostlyLost()).isZero();
        assertThat(r.classAccuracy()).isEqualTo(1.0);

        String json = new ObjectMapper().writeValueAsString(r);
        assertThat(json).contains("\"id_switches\":1", "\"fragmentations\":1", "\"idf1\":0.72", "\"mota\":");
    }

    @Test
    void swappedIdentitiesCountTwoSwitchesAndNoFragmentation() {
        TrackingMetrics m = new TrackingMetrics();
        for (int f = 0; f < 5; f++) {
            boolean swapped = f >= 3;
            m.addFrame(List.of(gt(A, 0), gt(B, 1)),
                    List.of(track(1, swapped ? B : A, TrackState.CONFIRMED), track(2, swapped ? A : B, TrackState.CONFIRMED)));
        }
        TrackingMetrics.Result r = m.result();
        assertThat(r.idSwitches()).isEqualTo(2);
        assertThat(r.fragmentations()).isZero();
        assertThat(r.mota()).isCloseTo(0.8, within(1e-12));
        assertThat(r.idf1()).isCloseTo(12.0 / 20, within(1e-12));
    }

    @Test
    void lastFramesCorrespondenceIsKeptWhileStillValid() {
        Box a = new Box(0.10, 0, 0.20, 1), b = new Box(0.15, 0, 0.25, 1);
        Box h1 = new Box(0.12, 0, 0.22, 1);   // IoU 0.67 with a, 0.54 with b
        TrackingMetrics m = new TrackingMetrics();
        m.addFrame(List.of(gt(a, 0)), List.of(track(1, a, TrackState.CONFIRMED)));
        // A fresh optimal assignment would give a -> 2 and b -> 1 (two pairs); CLEAR MOT keeps a -> 1.
        m.addFrame(List.of(gt(a, 0), gt(b, 1)), List.of(track(1, h1, TrackState.CONFIRMED), track(2, a, TrackState.CONFIRMED)));
        TrackingMetrics.Result r = m.result();
        assertThat(r.idSwitches()).isZero();
        assertThat(r.matches()).isEqualTo(2);
        assertThat(r.misses()).isEqualTo(1);
        assertThat(r.falsePositives()).isEqualTo(1);
    }

    @Test
    void iouThresholdAndClassAwareness() {
        Box shifted = new Box(0.13, 0, 0.23, 1);   // IoU 7/13 = 0.54 with A
        TrackingMetrics loose = new TrackingMetrics(0.5, false), strict = new TrackingMetrics(0.6, false);
        TrackingMetrics classAware = new TrackingMetrics(0.5, true);
        List<LabeledBox> g = List.of(new LabeledBox(A, 1, "y", 0));
        List<Track> h = List.of(track(7, shifted, TrackState.CONFIRMED));   // class 0
        loose.addFrame(g, h);
        strict.addFrame(g, h);
        classAware.addFrame(g, h);
        assertThat(loose.result().matches()).isEqualTo(1);
        assertThat(loose.result().motpIou()).isCloseTo(7.0 / 13, within(1e-12));
        assertThat(strict.result().matches()).isZero();
        assertThat(classAware.result().matches()).isZero();
        assertThat(classAware.result().mota()).isCloseTo(1 - 2.0, within(1e-12));
    }

    @Test
    void trackerOnAJitteredSceneScoresPerfectIdentity() {
        RFSignalTracker tracker = new RFSignalTracker(Scenes.config("hungarian"));
        TrackingMetrics m = new TrackingMetrics();
        java.util.Random r = new java.util.Random(9);
        for (int f = 0; f < 100; f++) {
            List<dev.g20.detect.Detection> dets = new ArrayList<>();
            List<LabeledBox> truth = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                double cx = 0.2 + 0.3 * s;
                truth.add(new LabeledBox(new Box(cx - 0.02, 0, cx + 0.02, 1), s, "c" + s, s));
                if (r.nextDouble() < 0.1) continue;
                double j = (r.nextDouble() - 0.5) * 0.002;
                dets.add(Scenes.carrier(cx + j, 0.04, s, 0.8));
            }
            m.addFrame(truth, tracker.update(dets, Scenes.frame(f)));
        }
        TrackingMetrics.Result res = m.result();
        assertThat(res.idSwitches()).isZero();
        assertThat(res.fragmentations()).isZero();
        assertThat(res.falsePositives()).isZero();
        // Only the first two frames of each signal are tentative.
        assertThat(res.misses()).isEqualTo(6);
        assertThat(res.idf1()).isGreaterThan(0.98);
    }

    @Test
    void classAccuracyCountsMatchedPairsWhoseTrackHasTheTruthsClass() {
        TrackingMetrics m = new TrackingMetrics();
        for (int f = 0; f < 4; f++) {
            // a is class 0 and tracked as class 0 twice, then as class 1; b is never matched
            Track t = new Track(10, f < 2 ? 0 : 1, f < 2 ? "x" : "y", A, A, 0.9, TrackState.CONFIRMED, 0, 5, MotionMode.STATIONARY, 0, 0, 0, 0, 0, 0);
            m.addFrame(List.of(gt(A, 0), gt(FAR, 1)), List.of(t));
        }
        TrackingMetrics.Result r = m.result();
        assertThat(r.matches()).isEqualTo(4);
        assertThat(r.classAccuracy()).isCloseTo(0.5, within(1e-12));
        assertThat(r.classAccuracyByClass()).containsOnlyKeys(gt(A, 0).label());
        assertThat(r.classAccuracyByClass().get(gt(A, 0).label())).isCloseTo(0.5, within(1e-12));
        assertThat(new TrackingMetrics().result().classAccuracy()).isZero();
    }
}
