package dev.g20.track;

import dev.g20.detect.Detection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Random;

import static dev.g20.track.Scenes.det;
import static dev.g20.track.Scenes.frame;
import static dev.g20.track.Scenes.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DriftDetectionTest {

    @ParameterizedTest
    @ValueSource(doubles = {0.001, 0.005})
    void stationaryJitteredSignalNeverDrifts(double jitter) {
        // jitter 0.001 is +-2 % of the 0.05 box width; 0.005 equals min_displacement.
        for (String method : new String[]{"hungarian", "greedy"}) {
            RFSignalTracker tracker = new RFSignalTracker(Scenes.withDrift(method));
            Random r = new Random(11);
            for (int f = 0; f < 500; f++) {
                double j1 = (r.nextDouble() * 2 - 1) * jitter, j2 = (r.nextDouble() * 2 - 1) * jitter;
                List<Detection> dets = f > 0 && r.nextDouble() < 0.2 ? List.of()
                        : List.of(det(0.40 + j1, 0, 0.45 + j2, 1, 0, 0.8));
                Track t = only(tracker.update(dets, frame(f)));
                assertThat(t.motionMode()).as("%s frame %d", method, f).isEqualTo(MotionMode.STATIONARY);
                assertThat(t.driftConfidence()).isLessThan(1.0);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hungarian", "greedy"})
    void linearDriftIsDetectedAndItsRateMeasured(String method) {
        RFSignalTracker tracker = new RFSignalTracker(Scenes.withDrift(method));
        double v = 0.008;                                   // canonical units per frame
        double truthHzPerSec = v * Scenes.FS / Scenes.FRAME_SECONDS;   // about 61 kHz/s
        Random r = new Random(5);
        int firstDrifting = -1;
        double startCentre = 0.1;
        for (int f = 0; f < 90; f++) {
            double c = startCentre + v * f;
            double j1 = (r.nextDouble() * 2 - 1) * 0.001, j2 = (r.nextDouble() * 2 - 1) * 0.001;
            Track t = only(tracker.update(List.of(det(c - 0.025 + j1, 0, c + 0.025 + j2, 1, 0, 0.8)), frame(f)));
            assertThat(t.trackId()).isZero();
            if (firstDrifting < 0 && t.motionMode().equals(MotionMode.DRIFTING)) firstDrifting = f;
            if (firstDrifting >= 0) assertThat(t.motionMode()).as("frame %d", f).isEqualTo(MotionMode.DRIFTING);
            if (f >= 25) {
                assertThat(t.driftRateHzPerSec()).as("frame %d", f).isCloseTo(truthHzPerSec, within(0.1 * truthHzPerSec));
                assertThat(t.driftConfidence()).isEqualTo(1.0);
                // Predict-then-correct leaves no lag behind the moving signal.
                assertThat(t.truthBox().centerX()).isCloseTo(c, within(0.002));
                // The display box is an EMA of the truth box without prediction (seed): with alpha 0.5
                // it trails a linear drift by (1 - alpha) / alpha = one frame's movement.
                assertThat(t.freqCenterHz()).isCloseTo(Scenes.FC + (c - v - 0.5) * Scenes.FS, within(0.25 * v * Scenes.FS));
            }
        }
        // Created at frame 0, one piece of evidence per matched frame: drifting at frames_required (5).
        assertThat(firstDrifting).isBetween(5, 5 + 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hungarian", "greedy"})
    void driftEndsWhenTheSignalStops(String method) {
        RFSignalTracker tracker = new RFSignalTracker(Scenes.withDrift(method));
        double c = 0.1;
        for (int f = 0; f < 30; f++, c += 0.008) tracker.update(List.of(det(c - 0.025, 0, c + 0.025, 1, 0, 0.8)), frame(f));
        c -= 0.008;
        Track t = null;
        for (int f = 30; f < 80; f++) t = only(tracker.update(List.of(det(c - 0.025, 0, c + 0.025, 1, 0, 0.8)), frame(f)));
        assertThat(t.motionMode()).isEqualTo(MotionMode.STATIONARY);
        assertThat(t.driftRateHzPerSec()).isZero();
        assertThat(t.truthBox().centerX()).isCloseTo(c, within(1e-3));
    }
}
