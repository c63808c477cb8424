package dev.g20.eval;

import dev.g20.detect.Box;
import dev.g20.detect.Detection;
import dev.g20.detect.GroundTruth;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** COCO-style AP against values computed by hand. */
class DetectionMetricsTest {

    static Detection det(String cls, double score, double x1, double x2) {
        return new Detection(new Box(x1, 0, x2, 1), 0, cls, score);
    }

    static GroundTruth.LabeledBox gt(String cls, double x1, double x2) {
        return new GroundTruth.LabeledBox(new Box(x1, 0, x2, 1), 0, cls, 0);
    }

    @Test
    void handComputedMap() {
        DetectionMetrics m = new DetectionMetrics(false);
        // image 0: A's first GT found (0.9), a false A (0.8), B's GT found late (0.6), a C nobody annotated
        m.addImage(List.of(det("A", 0.9, 0.1, 0.2), det("A", 0.8, 0.5, 0.6), det("B", 0.6, 0.7, 0.8), det("C", 0.1, 0.3, 0.4)),
                List.of(gt("A", 0.1, 0.2), gt("B", 0.7, 0.8)));
        // image 1: A's second GT hit with IoU 0.62 (0.7); a false B ranked first (0.95)
        m.addImage(List.of(det("A", 0.7, 0.10, 0.20), det("B", 0.95, 0.3, 0.4)),
                List.of(gt("A", 0.10, 0.162)));
        double iouA2 = new Box(0.10, 0, 0.20, 1).iou(new Box(0.10, 0, 0.162, 1));
        assertThat(iouA2).isBetween(0.6, 0.65);

        DetectionMetrics.Result r = m.compute(0.5, 0.25);
        double ap50A = (51 + 50 * 2.0 / 3) / 101;   // TP FP TP over 2 GT
        double apHighA = 51.0 / 101;                 // TP FP FP from IoU 0.65 up
        double ap5095A = (3 * ap50A + 7 * apHighA) / 10;
        var a = r.classes().stream().filter(c -> c.name().equals("A")).findFirst().orElseThrow();
        var b = r.classes().stream().filter(c -> c.name().equals("B")).findFirst().orElseThrow();
        var c = r.classes().stream().filter(x -> x.name().equals("C")).findFirst().orElseThrow();
        assertThat(a.ap50()).isCloseTo(ap50A, within(1e-12));
        assertThat(a.ap50to95()).isCloseTo(ap5095A, within(1e-12));
        assertThat(b.ap50()).isCloseTo(0.5, within(1e-12));
        assertThat(b.ap50to95()).isCloseTo(0.5, within(1e-12));
        assertThat(c.ap50()).isNull(); // no ground truth: left out of the mean, as COCO does
        assertThat(r.map50()).isCloseTo((ap50A + 0.5) / 2, within(1e-12));
        assertThat(r.map50to95()).isCloseTo((ap5095A + 0.5) / 2, within(1e-12));
        // at confidence 0.25: A 2 of 3, B 1 of 2, C's 0.1 left out
        assertThat(a.precision()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(a.recall()).isEqualTo(1.0);
        assertThat(b.precision()).isEqualTo(0.5);
        assertThat(c.detections()).isZero();
        assertThat(r.precision()).isCloseTo(3.0 / 5, within(1e-12));
        assertThat(r.recall()).isEqualTo(1.0);
        assertThat(r.truePositives()).isEqualTo(3);
        assertThat(r.falsePositives()).isEqualTo(2);
        // at IoU 0.7 A's second hit no longer counts
        DetectionMetrics.Result strict = m.compute(0.7, 0.25);
        assertThat(strict.recall()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(strict.map()).isCloseTo((apHighA + 0.5) / 2, within(1e-12));
    }

    @Test
    void classAgnosticScoringIgnoresLabelsAndEachGroundTruthMatchesOnce() {
        DetectionMetrics m = new DetectionMetrics(true);
        m.addImage(List.of(det("signal", 0.9, 0.1, 0.2), det("signal", 0.8, 0.1, 0.2)), List.of(gt("cw", 0.1, 0.2), gt("fm", 0.5, 0.6)));
        DetectionMetrics.Result r = m.compute(0.5, 0.25);
        assertThat(r.classes()).extracting(DetectionMetrics.ClassResult::name).containsExactly("signal");
        // the duplicate is a false positive; fm is missed: TP FP over 2 GT
        assertThat(r.map50()).isCloseTo(51.0 / 101, within(1e-12));
        assertThat(r.precision()).isEqualTo(0.5);
        assertThat(r.recall()).isEqualTo(0.5);
    }

    @Test
    void ignoredGroundTruthIsNeitherMissedNorAFalseAlarm() {
        DetectionMetrics m = new DetectionMetrics(true);
        // a weak emission (ignored) found at 0.9, a strong one found at 0.8, a false alarm at 0.7
        m.addImage(List.of(det("signal", 0.9, 0.5, 0.6), det("signal", 0.8, 0.1, 0.2), det("signal", 0.7, 0.8, 0.9)),
                List.of(gt("cw", 0.1, 0.2)), List.of(gt("fsk", 0.5, 0.6)));
        m.addImage(List.of(), List.of(), List.of(gt("fsk", 0.3, 0.4)));
        DetectionMetrics.Result r = m.compute(0.5, 0.25);
        assertThat(r.groundTruth()).isEqualTo(1);
        assertThat(r.ignoredGroundTruth()).isEqualTo(2);
        assertThat(r.detections()).isEqualTo(2);
        assertThat(r.precision()).isEqualTo(0.5);
        assertThat(r.recall()).isEqualTo(1.0);
        // ranking without the ignored detection: TP FP, so AP = 1
        assertThat(r.map50()).isEqualTo(1.0);
        assertThat(r.byLabel()).containsExactly(new DetectionMetrics.LabelRecall("cw", 1, 1, 1.0));
    }

    @Test
    void perfectAndEmpty() {
        DetectionMetrics m = new DetectionMetrics(false);
        m.addImage(List.of(det("A", 0.5, 0.1, 0.2)), List.of(gt("A", 0.1, 0.2)));
        m.addImage(List.of(), List.of());
        assertThat(m.compute(0.5, 0.25).map50to95()).isEqualTo(1.0);
        DetectionMetrics none = new DetectionMetrics(false);
        none.addImage(List.of(), List.of(gt("A", 0.1, 0.2)));
        DetectionMetrics.Result r = none.compute(0.5, 0.25);
        assertThat(r.map50()).isZero();
        assertThat(r.recall()).isZero();
        assertThat(r.precision()).isZero();
    }
}
