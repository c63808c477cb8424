package dev.g20.detect;

import dev.g20.util.Selection;
import dev.g20.eval.DetectionMetrics;
import dev.g20.eval.Evaluation;

import dev.g20.config.SpectrogramConfig;
import dev.g20.source.SourceInfo;
import dev.g20.spectrogram.CanonicalSpectrogramGenerator;
import dev.g20.spectrogram.SpectrogramFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The energy detector on synthetic scenes at the canonical frame size (4096 bins x 256 rows). */
class EnergyDetectorTest {
    static final SpectrogramConfig SPEC = SpectrogramConfig.defaults();
    static final double FS = 1e6;
    static final int FRAME = SPEC.rowsPerFrame() * SPEC.hop();

    @TempDir
    Path dir;

    static List<SpectrogramFrame> frames(IqScene scene) {
        List<SpectrogramFrame> out = new ArrayList<>();
        try (CanonicalSpectrogramGenerator g = new CanonicalSpectrogramGenerator(SPEC,
                new SourceInfo(scene.fs, 0, 0, scene.samples, "scene"), out::add)) {
            g.accept(scene.iq(), scene.samples);
        }
        return out;
    }

    static int samples(int frames) {
        return frames * FRAME + SPEC.fftSize();
    }

    @Test
    void toneBurstsAndWidebandBlockAreFoundWithTheRightBoxes() {
        IqScene s = new IqScene(FS, samples(1), -40, 1)
                .tone(100e3, 500, 0, samples(1), 10, "cw")
                .band(-210e3, -190e3, 100_000, 50_000, 10, "fsk")
                .band(-210e3, -190e3, 300_000, 50_000, 10, "fsk")
                .band(250e3, 400e3, 150_000, 250_000, 10, "ofdm");
        SpectrogramFrame f = frames(s).getFirst();
        List<Detection> dets;
        try (EnergyDetector d = new EnergyDetector()) {
            dets = d.detect(f);
        }
        List<GroundTruth.LabeledBox> truth = GroundTruth.inFrame(f, s.annotations(), List.of());
        assertThat(dets).hasSize(4);
        for (GroundTruth.LabeledBox t : truth) {
            double best = dets.stream().mapToDouble(d -> d.box().iou(t.box())).max().orElse(0);
            assertThat(best).as("IoU with %s %s", t.label(), t.box()).isGreaterThan(0.7);
        }
        assertThat(dets).allSatisfy(d -> {
            assertThat(d.className()).isEqualTo("signal");
            assertThat(d.confidence()).isBetween(0.5, 1.0);
        });
    }

    @Test
    void pureNoiseGivesAlmostNoFalseAlarms() {
        IqScene s = new IqScene(FS, samples(4), -40, 2);
        int total = 0;
        try (EnergyDetector d = new EnergyDetector()) {
            for (SpectrogramFrame f : frames(s)) total += d.detect(f).size();
        }
        assertThat(total).as("false alarms in 4 frames of noise").isLessThanOrEqualTo(1);
    }

    @Test
    void sceneAt10dBMeetsTheRecallAndPrecisionTargets() throws Exception {
        // 3 frames of a mixed scene: carriers, bursts across frame boundaries, a wideband signal, a chirp, a hopper
        int n = samples(3);
        IqScene s = new IqScene(FS, n, -40, 7)
                .tone(-350e3, 500, 0, n, 12, "cw")
                .tone(120e3, 500, 200_000, 900_000, 10, "cw")
                .band(250e3, 400e3, 0, n, 10, "ofdm")
                .chirp(-150e3, -60e3, 700_000, 120_000, 12, "chirp");
        for (int k = 0; k < 9; k++) s.band(-230e3, -210e3, 40_000 + k * 170_000, 60_000, 10 + k % 3, "fsk");
        for (int k = 0; k < 12; k++) {
            double f = -20e3 + ((k * 37) % 11) * 10e3;
            s.band(f, f + 8e3, 30_000 + k * 130_000, 100_000, 11, "hopper");
        }
        s.band(-300e3, -280e3, 500_000, 100_000, 2, "weak"); // below the SNR of interest: ignored
        Path rec = s.write(dir, "mixed");
        DetectionMetrics m = new DetectionMetrics(true);
        try (EnergyDetector d = new EnergyDetector()) {
            Evaluation e = new Evaluation(d, SPEC, m, List.of(), 0.25).ignoreBelowSnr(10);
            e.recording(rec);
            DetectionMetrics.Result r = m.compute(0.5, 0.25);
            System.out.printf("energy on mixed fixture: %d frames, gt %d, dets %d, tp %d, recall %.3f, precision %.3f, mAP50 %.3f, %.1f ms/frame%n",
                    e.frames(), r.groundTruth(), r.detections(), r.truePositives(), r.recall(), r.precision(), r.map50(), e.detectorMsPerFrame());
            assertThat(r.ignoredGroundTruth()).isEqualTo(2); // the weak burst straddles two frames
            assertThat(r.recall()).isGreaterThanOrEqualTo(0.9);
            assertThat(r.precision()).isGreaterThanOrEqualTo(0.8);
        }
    }

    @Test
    void selectFindsTheKthSmallest() {
        float[] a = {5, 1, 4, 1, 3, 9, 2, 6};
        float[] sorted = a.clone();
        java.util.Arrays.sort(sorted);
        for (int k = 0; k < a.length; k++) assertThat(Selection.kth(a.clone(), 0, a.length, k)).isEqualTo(sorted[k]);
    }
}
