package dev.g20.track;

import dev.g20.config.AssociationMethod;

import dev.g20.config.TrackerConfig;
import dev.g20.detect.Detection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static dev.g20.track.Scenes.carrier;
import static dev.g20.track.Scenes.det;
import static dev.g20.track.Scenes.frame;
import static dev.g20.track.Scenes.named;
import static dev.g20.track.Scenes.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RFSignalTrackerTest {

    /** The signal box [0.40, 0.45] x [0.1, 0.9] with each coordinate jittered by up to +-2 % of the box size. */
    private static Detection jittered(Random r, double conf) {
        double w = 0.05, h = 0.8;
        return det(0.40 + j(r) * w, 0.1 + j(r) * h, 0.45 + j(r) * w, 0.9 + j(r) * h, 0, conf);
    }

    private static double j(Random r) {
        return (r.nextDouble() * 2 - 1) * 0.02;
    }

    @ParameterizedTest
    @ValueSource(strings = {"hungarian", "greedy"})
    void noFlicker_oneConfirmedTrackWhoseIdNeverChanges(String method) {
        RFSignalTracker tracker = new RFSignalTracker(Scenes.config(method));
        Random r = new Random(42);
        TreeSet<Long> allIds = new TreeSet<>(), confirmedIds = new TreeSet<>();
        int missed = 0, confirmedFrames = 0;
        for (int f = 0; f < 500; f++) {
            List<Detection> dets = f > 0 && r.nextDouble() < 0.2 ? List.of() : List.of(jittered(r, 0.8));
            if (dets.isEmpty()) missed++;
            List<Track> out = tracker.update(dets, frame(f));
            for (Track t : out) {
                allIds.add(t.trackId());
                assertThat(t.state()).isNotEqualTo(TrackState.LOST);
                if (t.state().equals(TrackState.CONFIRMED)) confirmedIds.add(t.trackId());
            }
            if (out.size() == 1 && out.getFirst().state().equals(TrackState.CONFIRMED)) confirmedFrames++;
        }
        assertThat(missed).isBetween(80, 120);
        assertThat(allIds).containsExactly(0L);
        assertThat(confirmedIds).containsExactly(0L);
        // Confirmed from the third hit on and shown in every frame after that, misses included.
        assertThat(confirmedFrames).isGreaterThanOrEqualTo(500 - 5);
    }

    @Test
    void noJitter_displayBoxMovesFarLessThanTheRawDetections() {
        RFSignalTracker tracker = new RFSignalTracker(Scenes.config("hungarian"));
        Random r = new Random(7);
        double rawMove = 0, displayMove = 0;
        double[] prevRaw = null, prevDisp = null;
        for (int f = 0; f < 500; f++) {
            Detection d = jittered(r, 0.8);
            Track t = only(tracker.update(List.of(d), frame(f)));
            double[] raw = {d.box().x1(), d.box().y1(), d.box().x2(), d.box().y2()};
            double[] disp = {t.displayBox().x1(), t.displayBox().y1(), t.displayBox().x2(), t.displayBox().y2()};
            if (f >= 20) {
                // x (frequency) only: y is time within the frame and follows the detection
                for (int k = 0; k < 4; k += 2) {
                    rawMove += Math.abs(raw[k] - prevRaw[k]);
                    displayMove += Math.abs(disp[k] - prevDisp[k]);
                }
                assertThat(disp[1]).isEqualTo(raw[1]);
                assertThat(disp[3]).isEqualTo(raw[3]);
            }
            prevRaw = raw;
            prevDisp = disp;
        }
        // Two EMAs (0.3 then 0.5) on white jitter: the display's x moves about an eighth as much.
        assertThat(displayMove / rawMove).isLessThan(0.2);
    }

    @Test
    void confidenceDoesNotFlash_underAlternatingScores() {
        RFSignalTracker tracker = new RFSignalTracker(Scenes.config("hungarian"));
        double prev = -1, maxStep = 0, min = 1, max = 0;
        for (int f = 0; f < 200; f++) {
            double score = f % 2 == 0 ? 0.9 : 0.3;
            double c = only(tracker.update(List.of(carrier(0.3, 0.02, 0, score)), frame(f))).confidence();
            if (f >= 1) maxStep = Math.max(maxStep, Math.abs(c - prev));
            if (f >= 50) {
                min = Math.min(min, c);
                max = Math.max(max, c);
            }
            prev = c;
        }
        // The detections jump by 0.6 every frame; the track never moves by more than 0.05 (it
        // cannot move by more than rise_alpha * 0.6 = 0.18 by construction).
        assertThat(maxStep).isLessThan(0.05);
        // Fast rise, slow fall: it settles high in the band (about 0.82) and swings little.
        assertThat(min).isGreaterThan(0.75);
        assertThat(max - min).isLessThan(0.05);
    }

    @Test
    void confidenceRisesFastFallsSlowlyAndDecaysWhenUnmatched() {
        RFSignalTracker tracker = new RFSignalTracker(Scenes.config("hungarian"));
        assertThat(only(tracker.update(List.of(carrier(0.3, 0.02, 0, 0.5)), frame(0))).confidence()).isEqualTo(0.5);
        assertThat(only(tracker.update(List.of(carrier(0.3, 0.02, 0, 0.9)), frame(1))).confidence())
                .isCloseTo(0.3 * 0.9 + 0.7 * 0.5, within(1e-12));
        double c = 0.3 * 0.9 + 0.7 * 0.5;
        assertThat(only(tracker.update(List.of(carrier(0.3, 0.02, 0, 0.1)), frame(2))).confidence())
                .isCloseTo(0.05 * 0.1 + 0.95 * c, within(1e-12));
        c = 0.05 * 0.1 + 0.95 * c;
        assertThat(only(tracker.update(List.of(), frame(3))).confidence()).isCloseTo(0.95 * c, within(1e-12));
    }

    @Test
    void lifecycle_tentativeConfirmedLostAtTheConfiguredFrames() {
        for (int[] p : new int[][]{{3, 10}, {5, 2}, {1, 0}}) {
            int confirmHits = p[0], maxAge = p[1];
            RFSignalTracker tracker = new RFSignalTracker(Scenes.lifecycle(confirmHits, maxAge));
            int seen = confirmHits + 2;
            List<TrackState> states = new ArrayList<>();
            int f = 0;
            for (; f < seen; f++) {
                Track t = only(tracker.update(List.of(carrier(0.6, 0.03, 2, 0.7)), frame(f)));
                assertThat(t.hits()).isEqualTo(f + 1);
                assertThat(t.ageFrames()).isZero();
                states.add(t.state());
            }
            for (int k = 1; k <= maxAge + 1; k++, f++) {
                Track t = only(tracker.update(List.of(), frame(f)));
                assertThat(t.ageFrames()).isEqualTo(k);
                states.add(t.state());
            }
            assertThat(tracker.update(List.of(), frame(f))).isEmpty();
            assertThat(tracker.size()).isZero();

            List<TrackState> expected = new ArrayList<>();
            for (int k = 1; k <= seen; k++) expected.add(k >= confirmHits ? TrackState.CONFIRMED : TrackState.TENTATIVE);
            for (int k = 1; k <= maxAge; k++) expected.add(TrackState.CONFIRMED);
            expected.add(TrackState.LOST);
            assertThat(states).as("confirm_hits=%d max_age=%d", confirmHits, maxAge).isEqualTo(expected);
        }
    }

    @Test
    void lifecycle_missedFramesWithinMaxAgeKeepTheTrack() {
        RFSignalTracker tracker = new RFSignalTracker(Scenes.config("hungarian"));
        long f = 0;
        for (; f < 5; f++) tracker.update(List.of(carrier(0.6, 0.03, 2, 0.7)), frame(f));
        for (int k = 0; k < 10; k++, f++) assertThat(only(tracker.update(List.of(), frame(f))).state()).isEqualTo(TrackState.CONFIRMED);
        Track back = only(tracker.update(List.of(carrier(0.6, 0.03, 2, 0.7)), frame(f)));
        assertThat(back.trackId()).isZero();
        assertThat(back.ageFrames()).isZero();
        assertThat(back.state()).isEqualTo(TrackState.CONFIRMED);
    }

    @Test
    void tentativeTracksAlsoExpireAfterMaxAge() {
        RFSignalTracker tracker = new RFSignalTracker(Scenes.config("hungarian"));
        tracker.update(List.of(carrier(0.6, 0.03, 2, 0.7)), frame(0));
        for (int f = 1; f <= 10; f++) assertThat(only(tracker.update(List.of(), frame(f))).state()).isEqualTo(TrackState.TENTATIVE);
        assertThat(only(tracker.update(List.of(), frame(11))).state()).isEqualTo(TrackState.LOST);
        assertThat(tracker.update(List.of(), frame(12))).isEmpty();
    }

    @Test
    void firstAndLastSeenFrameIds() {
        RFSignalTracker tracker = new RFSignalTracker(Scenes.config("hungarian"));
        long f = 100;
        for (; f < 105; f++) assertThat(tracker.update(List.of(), frame(f))).isEmpty();
        for (; f < 110; f++) {
            Track t = only(tracker.update(List.of(carrier(0.2, 0.02, 1, 0.6)), frame(f)));
            assertThat(t.firstSeenFrameId()).isEqualTo(105);
            assertThat(t.lastSeenFrameId()).isEqualTo(f);
        }
        for (; f < 113; f++) {
            Track t = only(tracker.update(List.of(), frame(f)));
            assertThat(t.firstSeenFrameId()).isEqualTo(105);
            assertThat(t.lastSeenFrameId()).isEqualTo(109);
        }
        // A second signal appearing later gets its own first frame; order stays by id.
        List<Track> out = tracker.update(List.of(carrier(0.2, 0.02, 1, 0.6), carrier(0.7, 0.02, 1, 0.6)), frame(f));
        assertThat(out).extracting(Track::trackId).containsExactly(0L, 1L);
        assertThat(out).extracting(Track::firstSeenFrameId).containsExactly(105L, 113L);
        assertThat(out).extracting(Track::lastSeenFrameId).containsExactly(113L, 113L);
    }

    @Test
    void hzFromTheFramesCentreFrequencyAndSampleRate() {
        RFSignalTracker tracker = new RFSignalTracker(Scenes.config("hungarian"));
        Track t = null;
        for (int f = 0; f < 3; f++) t = only(tracker.update(List.of(det(0.25, 0, 0.35, 1, 0, 0.9)), frame(f)));
        // fc + (0.30 - 0.5) * fs and 0.10 * fs, with fc = 100 MHz and fs = 1 MHz.
        assertThat(t.freqCenterHz()).isCloseTo(99.8e6, within(1e-3));
        assertThat(t.freqBandwidthHz()).isCloseTo(100e3, within(1e-3));
        assertThat(t.driftRateHzPerSec()).isZero();
        assertThat(t.motionMode()).isEqualTo(MotionMode.STATIONARY);
        assertThat(t.truthBox().x1()).isCloseTo(0.25, within(1e-12));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hungarian", "greedy"})
    void crossingSignalsOfDifferentClassesKeepTheirIdentities(String method) {
        for (boolean drift : new boolean[]{false, true}) {
            RFSignalTracker tracker = new RFSignalTracker(drift ? Scenes.withDrift(method) : Scenes.config(method));
            // Class 0 sweeps up, class 1 sweeps down; they overlap completely at frame 50.
            for (int f = 0; f <= 100; f++) {
                double up = 0.3 + 0.004 * f, down = 0.7 - 0.004 * f;
                List<Track> out = tracker.update(List.of(carrier(up, 0.03, 0, 0.8), carrier(down, 0.03, 1, 0.8)), frame(f));
                assertThat(out).hasSize(2);
                assertThat(out.get(0).trackId()).isZero();
                assertThat(out.get(0).classId()).isZero();
                assertThat(out.get(1).trackId()).isEqualTo(1);
                assertThat(out.get(1).classId()).isEqualTo(1);
                assertThat(out.get(0).truthBox().centerX()).isCloseTo(up, within(0.02));
                assertThat(out.get(1).truthBox().centerX()).isCloseTo(down, within(0.02));
            }
        }
    }

    /**
     * Two narrow carriers of one class, 0.012 apart, both step down by 0.007 (an LO step). The
     * greedy pass lets the lower-id track grab the nearer detection, which is its
     * neighbour's, and the identities swap for good; the optimal assignment keeps them.
     */
    @Test
    void greedySwapsIdentitiesWhereTheOptimalAssignmentDoesNot() {
        assertThat(swapRun("greedy")).isTrue();
        assertThat(swapRun("hungarian")).isFalse();
    }

    /** Whether track 0 ends up on signal B after the step. */
    private static boolean swapRun(String method) {
        RFSignalTracker tracker = new RFSignalTracker(Scenes.config(method));
        double a = 0.500, b = 0.512, w = 0.004;
        int f = 0;
        for (; f < 10; f++) tracker.update(List.of(carrier(a, w, 0, 0.8), carrier(b, w, 0, 0.8)), frame(f));
        a -= 0.007;
        b -= 0.007;
        List<Track> out = List.of();
        for (; f < 30; f++) out = tracker.update(List.of(carrier(a, w, 0, 0.8), carrier(b, w, 0, 0.8)), frame(f));
        assertThat(out).extracting(Track::trackId).containsExactly(0L, 1L);
        double c0 = out.get(0).truthBox().centerX(), c1 = out.get(1).truthBox().centerX();
        if (Math.abs(c0 - a) < 1e-4 && Math.abs(c1 - b) < 1e-4) return false;
        assertThat(c0).isCloseTo(b, within(1e-4));
        assertThat(c1).isCloseTo(a, within(1e-4));
        return true;
    }

    @Test
    void lostTrackIsReportedOnceThenPruned_andIdsKeepCountingAcrossReset() {
        RFSignalTracker tracker = new RFSignalTracker(Scenes.lifecycle(3, 1));
        tracker.update(List.of(carrier(0.5, 0.02, 0, 0.8)), frame(0));
        assertThat(only(tracker.update(List.of(), frame(1))).state()).isEqualTo(TrackState.TENTATIVE);
        List<Track> out = tracker.update(List.of(carrier(0.1, 0.02, 0, 0.8)), frame(2));
        assertThat(out).extracting(Track::trackId).containsExactly(0L, 1L);
        assertThat(out).extracting(Track::state).containsExactly(TrackState.LOST, TrackState.TENTATIVE);
        assertThat(only(tracker.update(List.of(carrier(0.1, 0.02, 0, 0.8)), frame(3))).trackId()).isEqualTo(1);
        tracker.reset();
        assertThat(tracker.size()).isZero();
        assertThat(only(tracker.update(List.of(carrier(0.1, 0.02, 0, 0.8)), frame(4))).trackId()).isEqualTo(2);
    }

    @Test
    void deterministic_sameInputSameOutput_andSortedById() {
        List<List<Track>> first = runBusyScene(), second = runBusyScene();
        assertThat(second).isEqualTo(first);
        for (List<Track> frameTracks : first) {
            for (int i = 1; i < frameTracks.size(); i++) {
                assertThat(frameTracks.get(i).trackId()).isGreaterThan(frameTracks.get(i - 1).trackId());
            }
        }
    }

    private static List<List<Track>> runBusyScene() {
        RFSignalTracker tracker = new RFSignalTracker(Scenes.withDrift("hungarian"));
        Random r = new Random(3);
        List<List<Track>> all = new ArrayList<>();
        for (int f = 0; f < 200; f++) {
            List<Detection> dets = new ArrayList<>();
            for (int s = 0; s < 30; s++) {
                if (r.nextDouble() < 0.15) continue;
                double cx = 0.02 + s * 0.032 + (r.nextDouble() - 0.5) * 0.004;
                dets.add(carrier(cx, 0.01 + 0.0005 * (s % 5), s % 3, 0.5 + 0.4 * r.nextDouble()));
            }
            if (r.nextDouble() < 0.3) dets.add(carrier(r.nextDouble(), 0.01, 0, 0.3));
            all.add(tracker.update(dets, frame(f)));
        }
        return all;
    }

    @Test
    void configFromTheDefaultsMatchesTheSeed() {
        TrackerConfig d = TrackerConfig.defaults();
        assertThat(d.associationMethod()).isEqualTo(AssociationMethod.HUNGARIAN);
        assertThat(new RFSignalTracker(d).size()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hungarian", "greedy"})
    void burstTimeInFrameComesFromTheLatestDetection_notSmoothed(String method) {
        RFSignalTracker tracker = new RFSignalTracker(Scenes.config(method));
        for (int f = 0; f < 4; f++) tracker.update(List.of(det(0.40, 0.7, 0.45, 1.0, 0, 0.8)), frame(f));
        // the next burst sits at the top of the frame, with the same band
        Track t = only(tracker.update(List.of(det(0.401, 0.0, 0.451, 0.3, 0, 0.8)), frame(4)));
        assertThat(t.trackId()).isZero();
        assertThat(t.displayBox().y1()).isEqualTo(0.0);
        assertThat(t.displayBox().y2()).isEqualTo(0.3);
        assertThat(t.truthBox().y1()).isEqualTo(0.0);
        assertThat(t.truthBox().y2()).isEqualTo(0.3);
        // x is still smoothed: the display box moved less than the detection
        assertThat(t.displayBox().x1()).isBetween(0.40, 0.4009);
        // unmatched: the last detection's time extent is kept
        t = only(tracker.update(List.of(), frame(5)));
        assertThat(t.displayBox().y1()).isEqualTo(0.0);
        assertThat(t.displayBox().y2()).isEqualTo(0.3);
    }

    @Test
    void burstsJitteringInTimeNeverLookLikeDrift() {
        // the first version measured displacement on the x1/y1 corner: bursts at random rows looked like motion
        RFSignalTracker tracker = new RFSignalTracker(Scenes.withDrift("hungarian"));
        Random r = new Random(3);
        for (int f = 0; f < 200; f++) {
            double y = r.nextDouble() * 0.7;
            Track t = only(tracker.update(List.of(det(0.40, y, 0.45, y + 0.3, 0, 0.8)), frame(f)));
            assertThat(t.motionMode()).as("frame %d", f).isEqualTo(MotionMode.STATIONARY);
            assertThat(t.driftRateHzPerSec()).isZero();
        }
    }

    @Test
    void aReplacingTrackerContinuesTheIds() {
        RFSignalTracker first = new RFSignalTracker(Scenes.config("hungarian"));
        first.update(List.of(det(0.1, 0, 0.15, 1, 0, 0.8), det(0.5, 0, 0.55, 1, 0, 0.8)), frame(0));
        assertThat(first.nextTrackId()).isEqualTo(2);
        RFSignalTracker second = new RFSignalTracker(Scenes.lifecycle(1, 5));
        second.continueIdsFrom(first.nextTrackId());
        assertThat(only(second.update(List.of(det(0.1, 0, 0.15, 1, 0, 0.8)), frame(1))).trackId()).isEqualTo(2);
        assertThat(only(new RFSignalTracker(Scenes.config("greedy"), 7).update(List.of(det(0.1, 0, 0.15, 1, 0, 0.8)), frame(0))).trackId())
                .isEqualTo(7);
        // never backwards
        second.continueIdsFrom(0);
        assertThat(second.nextTrackId()).isEqualTo(3);
    }

    /**
     * One carrier whose detected class flips between cw and am (what the shipped detector does with
     * weakly modulated AM): with classes: vote it is one track whose class is the confidence-weighted
     * vote; with strict (the original rule) every flip starts a second track on the same band.
     */
    @ParameterizedTest
    @ValueSource(strings = {"hungarian", "greedy"})
    void aCarrierWhoseClassFlipsKeepsOneTrack_andItsClassIsTheVote(String method) {
        RFSignalTracker vote = new RFSignalTracker(Scenes.classes(method, "vote"));
        RFSignalTracker strict = new RFSignalTracker(Scenes.classes(method, "strict"));
        TreeSet<Long> voteIds = new TreeSet<>(), strictIds = new TreeSet<>();
        for (int f = 0; f < 40; f++) {
            // am in 3 frames of 5 at 0.6; cw in the others at 0.7: am carries more weight (1.8 vs 1.4)
            Detection d = f % 5 < 3 ? named(0.3, 0.004, 1, "am", 0.6) : named(0.3005, 0.004, 0, "cw", 0.7);
            List<Track> v = vote.update(List.of(d), frame(f));
            for (Track t : v) voteIds.add(t.trackId());
            if (f >= 2) assertThat(only(v).className()).as("frame %d", f).isEqualTo("am");
            for (Track t : strict.update(List.of(d), frame(f))) strictIds.add(t.trackId());
        }
        assertThat(voteIds).containsExactly(0L);
        Track t = only(vote.update(List.of(named(0.3, 0.004, 1, "am", 0.6)), frame(40)));
        assertThat(t.classId()).isEqualTo(1);
        assertThat(t.hits()).isEqualTo(41);
        assertThat(t.state()).isEqualTo(TrackState.CONFIRMED);
        assertThat(strictIds).containsExactly(0L, 1L);
    }

    @Test
    void theVotedClassChangesOnlyWhenAnotherClassOutweighsIt() {
        RFSignalTracker tracker = new RFSignalTracker(Scenes.config("hungarian"));
        assertThat(only(tracker.update(List.of(named(0.5, 0.01, 4, "psk", 0.9)), frame(0))).className()).isEqualTo("psk");
        // qam16 0.5 + 0.3 = 0.8 < 0.9: still psk; one more 0.2 makes 1.0 > 0.9: qam16, same track
        assertThat(only(tracker.update(List.of(named(0.5, 0.01, 5, "qam16", 0.5)), frame(1))).className()).isEqualTo("psk");
        assertThat(only(tracker.update(List.of(named(0.5, 0.01, 5, "qam16", 0.3)), frame(2))).className()).isEqualTo("psk");
        Track t = only(tracker.update(List.of(named(0.5, 0.01, 5, "qam16", 0.2)), frame(3)));
        assertThat(t.className()).isEqualTo("qam16");
        assertThat(t.classId()).isEqualTo(5);
        assertThat(t.trackId()).isZero();
    }

    @Test
    void unrelatedClassesOnTheSameBand_orAConfusableClassOnAnotherBand_startTheirOwnTracks() {
        RFSignalTracker tracker = new RFSignalTracker(Scenes.config("hungarian"));
        tracker.update(List.of(named(0.5, 0.01, 8, "hopper", 0.9)), frame(0));
        // qam16 on the hopper's channel: not a confusable pair, so a second track
        List<Track> out = tracker.update(List.of(named(0.5, 0.01, 5, "qam16", 0.9)), frame(1));
        assertThat(out).extracting(Track::trackId).containsExactly(0L, 1L);
        assertThat(out.get(0).ageFrames()).isEqualTo(1);

        RFSignalTracker narrow = new RFSignalTracker(Scenes.config("hungarian"));
        narrow.update(List.of(named(0.2, 0.002, 0, "cw", 0.9)), frame(0));
        // am five times as wide on the same centre: frequency IoU 0.2 < 0.5
        out = narrow.update(List.of(named(0.2, 0.01, 1, "am", 0.9)), frame(1));
        assertThat(out).extracting(Track::className).containsExactly("cw", "am");
    }

    /** Two crossing carriers of a confusable pair keep their identities: same-class pairs score higher. */
    @ParameterizedTest
    @ValueSource(strings = {"hungarian", "greedy"})
    void crossingCarriersOfAConfusablePairKeepTheirIdentitiesAndClasses(String method) {
        RFSignalTracker tracker = new RFSignalTracker(Scenes.config(method));
        for (int f = 0; f <= 100; f++) {
            double up = 0.3 + 0.004 * f, down = 0.7 - 0.004 * f;
            List<Track> out = tracker.update(List.of(named(up, 0.03, 4, "psk", 0.8), named(down, 0.03, 5, "qam16", 0.8)), frame(f));
            assertThat(out).hasSize(2);
            assertThat(out.get(0).className()).isEqualTo("psk");
            assertThat(out.get(1).className()).isEqualTo("qam16");
            assertThat(out.get(0).truthBox().centerX()).isCloseTo(up, within(0.02));
            assertThat(out.get(1).truthBox().centerX()).isCloseTo(down, within(0.02));
        }
    }

    /**
     * The detector's NMS is per class, so one carrier can come out as am and as cw in the same frame.
     * With classes: vote the weaker box is folded into the stronger (it only votes): one track, and
     * its class follows the summed confidence; strict keeps the original two tracks. (Every class
     * counts 1 here; class_vote_weights has its own test.)
     */
    @Test
    void oneCarrierReportedUnderTwoConfusableClassesInOneFrameIsOneTrack() {
        RFSignalTracker vote = new RFSignalTracker(Scenes.voteWeights(java.util.Map.of()));
        RFSignalTracker strict = new RFSignalTracker(Scenes.classes("hungarian", "strict"));
        List<Track> v = List.of(), st = List.of();
        for (int f = 0; f < 10; f++) {
            // cw is the stronger box in every frame; am is folded into it
            List<Detection> dets = List.of(named(0.3, 0.004, 0, "cw", 0.6), named(0.3002, 0.004, 1, "am", 0.5));
            v = vote.update(dets, frame(f));
            st = strict.update(dets, frame(f));
        }
        Track t = only(v);
        assertThat(t.trackId()).isZero();
        assertThat(t.className()).isEqualTo("cw");
        assertThat(t.hits()).isEqualTo(10);
        assertThat(st).extracting(Track::className).containsExactly("cw", "am");

        // the folded box still votes: am outweighs cw once its confidence is higher for long enough
        for (int f = 10; f < 30; f++) {
            v = vote.update(List.of(named(0.3, 0.004, 0, "cw", 0.3), named(0.3002, 0.004, 1, "am", 0.29)), frame(f));
        }
        assertThat(only(v).className()).isEqualTo("cw");   // votes cw 6 + 6 = 12, am 5 + 5.8 = 10.8
        for (int f = 30; f < 40; f++) v = vote.update(List.of(named(0.3002, 0.004, 1, "am", 0.9)), frame(f));
        assertThat(only(v).className()).isEqualTo("am");   // am 10.8 + 9 = 19.8 > cw 12
    }

    /**
     * An AM voice in a speech pause is a bare carrier, which the detector calls cw: with the default
     * class_vote_weights (cw 0.4) an AM track whose boxes say cw in 65 % of its frames (its pauses,
     * and its weakly modulated frames: what the shipped model does) stays am, where equal weights or
     * the earlier cw 0.5 would hand it to cw; a real carrier named am now and then stays cw.
     */
    @Test
    void carrierLookingFramesOfAnAmVoiceDoNotOutvoteItsSidebands() {
        RFSignalTracker weighted = new RFSignalTracker(TrackerConfig.defaults());
        RFSignalTracker equal = new RFSignalTracker(Scenes.voteWeights(java.util.Map.of()));
        RFSignalTracker half = new RFSignalTracker(Scenes.voteWeights(java.util.Map.of("cw", 0.5)));
        RFSignalTracker carrier = new RFSignalTracker(TrackerConfig.defaults());
        List<Track> w = List.of(), e = List.of(), h = List.of(), c = List.of();
        for (int f = 0; f < 40; f++) {
            boolean pause = f % 20 < 13; // 13 of every 20 frames
            // a pause starts the track, so its first class is cw
            Detection amVoice = pause ? named(0.3, 0.004, 0, "cw", 0.8) : named(0.3, 0.004, 1, "am", 0.7);
            w = weighted.update(List.of(amVoice), frame(f));
            e = equal.update(List.of(amVoice), frame(f));
            h = half.update(List.of(amVoice), frame(f));
            Detection cw = f % 10 == 3 ? named(0.6, 0.004, 1, "am", 0.5) : named(0.6, 0.004, 0, "cw", 0.8);
            c = carrier.update(List.of(cw), frame(f));
        }
        assertThat(only(w).className()).isEqualTo("am");  // am 14 x 0.7 = 9.8 > cw 26 x 0.8 x 0.4 = 8.32
        assertThat(only(h).className()).isEqualTo("cw");  // cw 26 x 0.8 x 0.5 = 10.4 > am 9.8
        assertThat(only(e).className()).isEqualTo("cw");  // cw 20.8 > am 9.8
        assertThat(only(c).className()).isEqualTo("cw");  // cw 36 x 0.8 x 0.4 = 11.52 > am 4 x 0.5 = 2
    }

    @Test
    void badClassVoteWeightsAreRejectedNamingTheKey() {
        assertThatThrownBy(() -> Scenes.voteWeights(java.util.Map.of("cw", 0.0)))
                .hasMessageContaining("cw").hasMessageContaining("(0, 1]");
    }

    @Test
    void unrelatedClassesOrLooselyOverlappingBoxesAreNotFolded() {
        RFSignalTracker tracker = new RFSignalTracker(Scenes.config("hungarian"));
        // ofdm and psk on one box: not a confusable pair
        List<Track> out = tracker.update(List.of(named(0.5, 0.05, 6, "ofdm", 0.9), named(0.5, 0.05, 4, "psk", 0.5)), frame(0));
        assertThat(out).extracting(Track::className).containsExactly("ofdm", "psk");
        // psk and qam16 sharing only part of their band (IoU 0.5 < 0.7): two signals
        RFSignalTracker other = new RFSignalTracker(Scenes.config("hungarian"));
        out = other.update(List.of(named(0.2, 0.03, 4, "psk", 0.9), named(0.21, 0.03, 5, "qam16", 0.8)), frame(0));
        assertThat(out).extracting(Track::className).containsExactly("psk", "qam16");
    }
}
