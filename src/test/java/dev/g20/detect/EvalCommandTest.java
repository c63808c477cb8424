package dev.g20.detect;

import dev.g20.eval.DetectionMetrics;
import dev.g20.eval.EvalObserver;
import dev.g20.eval.Evaluation;

import dev.g20.testing.CliRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** `g20 eval` end to end on the hand-computed fixture (see {@link EvalFixtures}). */
class EvalCommandTest {
    @TempDir
    Path dir;

    private JsonNode run(String... args) throws Exception {
        CliRun r = CliRun.of(args);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("AP50");
        return new ObjectMapper().readTree(r.out());
    }

    /** A dataset (classes cw, fm) of one val image with the given tensor and YOLO label lines. */
    private Path oneImageDataset(String name, int[] shape, float[] tensor, String labels) throws Exception {
        Path ds = dir.resolve(name);
        java.nio.file.Files.createDirectories(ds.resolve("val/images"));
        java.nio.file.Files.createDirectories(ds.resolve("val/labels"));
        java.nio.file.Files.writeString(ds.resolve("data.yaml"), "names: [cw, fm]\n");
        EvalFixtures.writeNpy(ds.resolve("val/images/a.npy"), shape, tensor);
        java.nio.file.Files.writeString(ds.resolve("val/labels/a.txt"), labels);
        return ds;
    }

    @Test
    void recordingReproducesTheHandComputedMap() throws Exception {
        Path config = EvalFixtures.configDir(dir);
        EvalFixtures.model(dir);
        Path rec = EvalFixtures.oneFrameRecording(dir);
        // a directory of recordings works the same as the file
        JsonNode j = run("eval", "--data", dir.toString(), "--config", config.toString());
        assertThat(j.get("detector").asText()).isEqualTo("yolo");
        assertThat(j.at("/inputs/0/path").asText()).isEqualTo(rec.toString());
        assertThat(j.get("class_agnostic").asBoolean()).isFalse();
        assertThat(j.get("frames").asInt()).isEqualTo(1);
        assertThat(j.get("map50").asDouble()).isCloseTo(EvalFixtures.MAP50, within(1e-6));
        assertThat(j.get("map50_95").asDouble()).isCloseTo(EvalFixtures.MAP5095, within(1e-6));
        assertThat(j.get("precision").asDouble()).isCloseTo(3.0 / 5, within(1e-6));
        assertThat(j.get("recall").asDouble()).isCloseTo(1.0, within(1e-6));
        assertThat(j.at("/classes/cw/ap50").asDouble()).isCloseTo(EvalFixtures.AP50_CW, within(1e-6));
        assertThat(j.at("/classes/cw/ap50_95").asDouble()).isCloseTo(EvalFixtures.AP5095_CW, within(1e-6));
        assertThat(j.at("/classes/fm/ap50").asDouble()).isCloseTo(0.5, within(1e-6));
        // a stricter IoU for the operating point: cw's second hit (IoU 0.615) no longer counts
        JsonNode strict = run("eval", "--data", rec.toString(), "--config", config.toString(), "--iou", "0.7");
        assertThat(strict.get("recall").asDouble()).isCloseTo(2.0 / 3, within(1e-6));
        assertThat(strict.get("map").asDouble()).isCloseTo((EvalFixtures.AP_HIGH_CW + 0.5) / 2, within(1e-6));
    }

    @Test
    void datasetFormatGivesTheSameNumbers() throws Exception {
        Path config = EvalFixtures.configDir(dir);
        EvalFixtures.model(dir);
        Path ds = EvalFixtures.dataset(dir);
        JsonNode j = run("eval", "--data", ds.toString(), "--config", config.toString());
        assertThat(j.get("frames").asInt()).isEqualTo(1);
        assertThat(j.get("map50").asDouble()).isCloseTo(EvalFixtures.MAP50, within(1e-6));
        assertThat(j.get("map50_95").asDouble()).isCloseTo(EvalFixtures.MAP5095, within(1e-6));
        assertThat(j.at("/inputs/0/kind").asText()).isEqualTo("dataset");
    }

    @Test
    void multiLabelRankingCountsTheRunnerUpClassOfAnAmbiguousBox() throws Exception {
        Path config = EvalFixtures.configDir(dir);
        // one fm truth; the model's only box sits exactly on it, scoring cw 0.7 and fm 0.4
        Path ds = oneImageDataset("amb", new int[]{1, 16, 32}, new float[16 * 32], "1 0.75 0.5 0.25 1\n");
        byte[] model = OnnxModels.constantOutput(new Object[]{1, 1, 16, 32}, new long[]{1, 6, 1},
                OnnxModels.yolov8(2, new float[]{24, 8, 8, 16, 0.7f, 0.4f}), java.util.Map.of("names", "{0: 'cw', 1: 'fm'}"));
        Path m = OnnxModels.write(dir.resolve("amb.onnx"), model);

        CliRun r = CliRun.of("eval", "--data", ds.toString(), "--config", config.toString(), "--model", m.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("ML-AP50");
        JsonNode j = new ObjectMapper().readTree(r.out());
        // best class: the box is a cw false alarm and the fm truth is missed
        assertThat(j.get("map50").asDouble()).isZero();
        assertThat(j.at("/classes/fm/true_positives").asInt()).isZero();
        assertThat(j.at("/classes/cw/detections").asInt()).isEqualTo(1);
        // multi-label: fm's runner-up score ranks the box for fm too
        assertThat(j.at("/multi_label/map50").asDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(j.at("/multi_label/map50_95").asDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(j.at("/multi_label/classes/fm/ap50").asDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(j.at("/multi_label/classes").has("cw")).as("no cw truth, no cw AP").isFalse();
        // the confusion tally: the fm truth was found, and named cw
        assertThat(j.at("/confusion/rows/fm/cw").asInt()).isEqualTo(1);
        assertThat(j.at("/confusion/rows/fm/missed").asInt()).isZero();
        assertThat(j.at("/confusion/false_alarms").size()).isZero();
        assertThat(r.err()).contains("truth class (rows) -> detected class (columns)");

        // class-agnostic scoring and the energy detector have no classes to rank
        JsonNode agnostic = run("eval", "--data", ds.toString(), "--config", config.toString(), "--model", m.toString(), "--class-agnostic");
        assertThat(agnostic.has("multi_label")).isFalse();
        assertThat(agnostic.has("confusion")).isFalse();
        JsonNode energy = run("eval", "--data", ds.toString(), "--config", config.toString(), "--detector", "energy");
        assertThat(energy.has("multi_label")).isFalse();
    }

    @Test
    void energyDetectorIsScoredClassAgnostically() throws Exception {
        Path config = EvalFixtures.configDir(dir);
        Path rec = EvalFixtures.oneFrameRecording(dir);
        JsonNode j = run("eval", "--data", rec.toString(), "--config", config.toString(), "--detector", "energy");
        assertThat(j.get("detector").asText()).isEqualTo("energy");
        assertThat(j.get("class_agnostic").asBoolean()).isTrue();
        assertThat(j.get("classes").has("signal")).isTrue();
        assertThat(j.get("classes").size()).isEqualTo(1);
        assertThat(j.get("ground_truth").asInt()).isEqualTo(3);
        assertThat(j.get("model").isNull()).isTrue();
    }

    @Test
    void energyDetectorReadsDatasetTensorsAsPsd() throws Exception {
        Path config = EvalFixtures.configDir(dir);
        // a [1, 64, 128] tensor: noise around 0.3 (of the display range) and one bright block
        int h = 64, w = 128;
        float[] t = new float[h * w];
        java.util.Random rnd = new java.util.Random(5);
        for (int i = 0; i < t.length; i++) t[i] = (float) (0.3 + 0.03 * rnd.nextGaussian());
        for (int y = 16; y < 40; y++) for (int x = 64; x < 96; x++) t[y * w + x] = 0.6f;
        Path ds = oneImageDataset("eds", new int[]{1, h, w}, t, "1 0.625 0.4375 0.25 0.375\n");
        JsonNode j = run("eval", "--data", ds.toString(), "--config", config.toString(), "--detector", "energy");
        assertThat(j.get("class_agnostic").asBoolean()).isTrue();
        assertThat(j.get("recall").asDouble()).isEqualTo(1.0);
        assertThat(j.get("precision").asDouble()).isEqualTo(1.0);
    }

    @Test
    void observersSeeEveryFrameAtTheOperatingThreshold() {
        Path rec = EvalFixtures.oneFrameRecording(dir);
        EvalFixtures.configDir(dir);
        Path model = EvalFixtures.model(dir);
        var spec = dev.g20.config.G20Config.load(dir.resolve("config")).spectrogram();
        int[] frames = {0};
        int[] passed = {0};
        EvalObserver counter = new EvalObserver() {
            @Override
            public void frame(dev.g20.spectrogram.SpectrogramFrame frame, java.util.List<Detection> detections,
                              java.util.List<GroundTruth.LabeledBox> truth) {
                frames[0]++;
                passed[0] += detections.size();
                assertThat(truth).hasSize(3);
            }

            @Override
            public String section() {
                return "counting";
            }

            @Override
            public Object report() {
                return frames[0];
            }
        };
        var cfg = dev.g20.config.InferenceConfig.defaults();
        try (YoloDetector d = new YoloDetector(model, new dev.g20.config.InferenceConfig(dev.g20.config.DetectorKind.YOLO, model.toString(), new int[]{640, 640},
                0.001, 0.45, dev.g20.config.ExecutionProvider.CPU, true, false, "trt"), spec, dir)) {
            Evaluation e = new Evaluation(d, spec, new DetectionMetrics(false), java.util.List.of(counter), 0.75);
            e.recording(rec);
            assertThat(frames[0]).isEqualTo(1);
            assertThat(passed[0]).isEqualTo(3); // 0.95, 0.9 and 0.8 of the five
            assertThat(e.metrics().compute(0.5, cfg.confidenceThreshold()).detections()).isEqualTo(5);
        }
    }

    @Test
    void badInputsAreOneLineErrors() {
        Path config = EvalFixtures.configDir(dir);
        CliRun r = CliRun.of("eval", "--data", dir.resolve("nothing.txt").toString(), "--config", config.toString(),
                "--detector", "energy");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("g20: ").contains("nothing.txt").doesNotContain("\n");
        CliRun iou = CliRun.of("eval", "--data", "x.sigmf-meta", "--iou", "1.5");
        assertThat(iou.code()).isEqualTo(2);
        assertThat(iou.err()).contains("--iou");
    }
}
