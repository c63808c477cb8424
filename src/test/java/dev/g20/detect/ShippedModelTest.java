package dev.g20.detect;

import dev.g20.config.G20Config;
import dev.g20.spectrogram.CanonicalSpectrogramGenerator;
import dev.g20.spectrogram.SpectrogramFrame;
import dev.g20.synth.SyntheticSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed models (models/*.onnx) with the committed config: they load through the real
 * ONNX Runtime, carry the class names, match inference.yaml's input size, and find the signals of
 * a synthetic frame they were not trained on (seed outside the training seeds).
 */
class ShippedModelTest {
    static final G20Config CONFIG = G20Config.load(Path.of("config"));

    @TempDir
    Path dir;

    /** First frame of a synthetic scene and its ground truth. */
    record Sample(SpectrogramFrame frame, List<GroundTruth.LabeledBox> truth) {
    }

    static Sample sample(String scenario, long seed) {
        List<SpectrogramFrame> frames = new ArrayList<>();
        try (var src = new SyntheticSource(scenario, seed, SyntheticSource.DEFAULT_SAMPLE_RATE_HZ, SyntheticSource.DEFAULT_CENTER_FREQ_HZ, 0);
             var gen = new CanonicalSpectrogramGenerator(CONFIG.spectrogram(), src.info(), frames::add)) {
            float[] iq = new float[2 * 65536];
            while (frames.isEmpty()) gen.accept(iq, src.read(iq, 65536));
            // the shipped model was trained with carriers widened to 32 bins and draws them so
            return new Sample(frames.getFirst(), GroundTruth.inFrame(frames.getFirst(), src.annotations(), SignalClasses.NAMES,
                    GroundTruth.TRAINED_MIN_WIDTH_BINS));
        }
    }

    private YoloDetector load(String name) {
        return new YoloDetector(Path.of("models", name), CONFIG.inference(), CONFIG.spectrogram(), dir);
    }

    @Test
    void defaultModelMatchesTheConfigAndTheClassList() {
        assertThat(Path.of(CONFIG.inference().modelPath())).isEqualTo(Path.of("models/g20-detector.onnx"));
        try (YoloDetector d = load("g20-detector.onnx")) {
            // the shipped model names its own nine classes in its metadata; they are the first nine of the list
            assertThat(d.classNames()).isEqualTo(SignalClasses.NINE);
            assertThat(d.input().width()).isEqualTo(CONFIG.inference().inputWidth());
            assertThat(d.input().height()).isEqualTo(CONFIG.inference().inputHeight());
            assertThat(d.input().channels()).isEqualTo(1);
            // the shipped model sees every bin of the frame (it folds 8 bins per grid column itself)
            assertThat(d.input().fullResolution()).isTrue();
        }
    }

    @Test
    void bothModelsFindTheSignalsOfAnUnseenFrame() {
        Sample s = sample("mixed", 777_001);
        assertThat(s.truth()).hasSizeGreaterThan(5);
        for (String model : List.of("g20-detector.onnx", "g20-detector-int8.onnx")) {
            try (YoloDetector d = load(model)) {
                List<Detection> dets = d.detect(s.frame());
                int found = 0, rightClass = 0;
                for (GroundTruth.LabeledBox t : s.truth()) {
                    Detection best = null;
                    for (Detection det : dets) if (best == null || det.box().iou(t.box()) > best.box().iou(t.box())) best = det;
                    if (best != null && best.box().iou(t.box()) >= 0.5) {
                        found++;
                        if (best.classId() == t.classId()) rightClass++;
                    }
                }
                // class-agnostic recall at IoU 0.5 on this easy scene, and most of them classified right
                assertThat(found).as("%s: %d of %d truths found", model, found, s.truth().size()).isGreaterThanOrEqualTo((int) Math.ceil(0.8 * s.truth().size()));
                assertThat(rightClass).as("%s: right class", model).isGreaterThanOrEqualTo((int) Math.ceil(0.6 * s.truth().size()));
                assertThat(dets.size()).as("%s: no flood of false alarms", model).isLessThanOrEqualTo(3 * s.truth().size());
            }
        }
    }
}
