package dev.g20.eval;

import dev.g20.detect.Box;
import dev.g20.detect.Detection;
import dev.g20.detect.GroundTruth;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ClassConfusionTest {
    private static final List<String> NAMES = List.of("cw", "am", "fm");

    private static GroundTruth.LabeledBox truth(double x1, double x2, int cls, int index) {
        return new GroundTruth.LabeledBox(new Box(x1, 0, x2, 1), cls, cls < 0 ? "unknown" : NAMES.get(cls), index);
    }

    private static Detection det(double x1, double x2, int cls, double conf) {
        return new Detection(new Box(x1, 0, x2, 1), cls, NAMES.get(cls), conf);
    }

    @Test
    void handCountedFrame_wrongClassMissedFalseAlarmAndBelowThreshold() {
        ClassConfusion c = new ClassConfusion(NAMES, 0.5, 0.25);
        c.add(List.of(
                        det(0.10, 0.20, 1, 0.9),   // on the cw truth, named am
                        det(0.11, 0.20, 0, 0.8),   // also on it, lower IoU: one-to-one, so a false alarm (cw)
                        det(0.50, 0.60, 2, 0.1),   // on the fm truth but below the confidence threshold: ignored
                        det(0.80, 0.90, 2, 0.7)),  // no truth there: false alarm (fm)
                List.of(truth(0.10, 0.20, 0, 0), truth(0.50, 0.60, 2, 1), truth(0.30, 0.40, -1, 2)));
        c.add(List.of(det(0.50, 0.60, 2, 0.9)), List.of(truth(0.50, 0.60, 2, 0)));

        ClassConfusion.Result r = c.result();
        assertThat(r.counts()[0]).containsExactly(0, 1, 0);
        assertThat(r.counts()[2]).containsExactly(0, 0, 1);
        assertThat(r.missed()).containsExactly(0, 0, 1);
        assertThat(r.falseAlarms()).containsExactly(1, 0, 1);
        assertThat(r.correctShare(0)).isZero();
        assertThat(r.correctShare(2)).isCloseTo(1.0, within(1e-12));
        assertThat(r.correctShare(1)).isNaN();
    }

    @Test
    void aPairBelowTheIouThresholdIsAMissAndAFalseAlarm() {
        ClassConfusion c = new ClassConfusion(NAMES, 0.5, 0.25);
        c.add(List.of(det(0.10, 0.20, 0, 0.9)), List.of(truth(0.15, 0.30, 0, 0)));   // IoU 0.25
        ClassConfusion.Result r = c.result();
        assertThat(r.counts()[0][0]).isZero();
        assertThat(r.missed()[0]).isEqualTo(1);
        assertThat(r.falseAlarms()[0]).isEqualTo(1);
    }
}
