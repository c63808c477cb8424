package dev.g20.detect;

import dev.g20.config.StftWindow;

import dev.g20.wiring.DetectorRegistry;

import dev.g20.config.DetectorKind;
import dev.g20.config.ExecutionProvider;
import dev.g20.config.FftBackend;

import dev.g20.testing.CliRun;
import dev.g20.config.ConfigException;
import dev.g20.config.InferenceConfig;
import dev.g20.config.SpectrogramConfig;
import dev.g20.spectrogram.SpectrogramFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The YOLO detector against real ONNX Runtime sessions on models built in the test with known outputs. */
class YoloDetectorTest {
    static final SpectrogramConfig SPEC = new SpectrogramConfig(64, StftWindow.HANN, 0.5, -30, 60, "viridis", 16, FftBackend.CPU);
    static final InferenceConfig CFG = InferenceConfig.defaults();

    @TempDir
    Path dir;

    static SpectrogramFrame frame(float level) {
        float[] psd = new float[16 * 64];
        Arrays.fill(psd, level);
        return new SpectrogramFrame(0, 0, SPEC.hash(), 0, 64_000, 0, 32, 16, 64, psd, new byte[psd.length], new byte[0]);
    }

    private YoloDetector load(byte[] model, String name) throws Exception {
        Path f = OnnxModels.write(dir.resolve(name), model);
        return new YoloDetector(f, CFG, SPEC, dir.resolve("trt"));
    }

    @Test
    void yolov8LayoutThresholdClassWiseNmsAndMapping() throws Exception {
        // input [1, 1, 32, 64]; output [1, 4 + 2, 5]
        float[] out = OnnxModels.yolov8(2,
                new float[]{16, 8, 8, 4, 0.9f, 0.1f},     // cw 0.9
                new float[]{17, 8, 8, 4, 0.1f, 0.8f},     // am 0.8 on top of it: another class, survives
                new float[]{16.5f, 8, 8, 4, 0.7f, 0f},    // cw 0.7 on top of the 0.9: suppressed
                new float[]{48, 24, 4, 8, 0.2f, 0.1f},    // below 0.25: dropped
                new float[]{60, 30, 10, 8, 0f, 0.3f});    // am 0.3, partly outside the image: clipped
        byte[] model = OnnxModels.constantOutput(new Object[]{1, 1, 32, 64}, new long[]{1, 6, 5}, out,
                Map.of("names", "{0: 'cw', 1: 'am'}"));
        try (YoloDetector d = load(model, "v8.onnx")) {
            assertThat(d.classNames()).containsExactly("cw", "am");
            assertThat(d.input().channels()).isEqualTo(1);
            assertThat(d.input().height()).isEqualTo(32);
            assertThat(d.input().width()).isEqualTo(64);
            assertThat(d.provider()).isEqualTo("cpu");
            List<Detection> dets = d.detect(frame(-60));
            assertThat(dets).extracting(Detection::className).containsExactly("cw", "am", "am");
            assertThat(dets).extracting(Detection::classId).containsExactly(0, 1, 1);
            assertThat(dets.get(0).confidence()).isCloseTo(0.9, within(1e-6));
            Box b = dets.get(0).box();
            assertThat(b.x1()).isCloseTo(12.0 / 64, within(1e-6));
            assertThat(b.y1()).isCloseTo(6.0 / 32, within(1e-6));
            assertThat(b.x2()).isCloseTo(20.0 / 64, within(1e-6));
            assertThat(b.y2()).isCloseTo(10.0 / 32, within(1e-6));
            Box clipped = dets.get(2).box();
            assertThat(clipped.x1()).isCloseTo(55.0 / 64, within(1e-6));
            assertThat(clipped.x2()).isEqualTo(1.0);
            assertThat(clipped.y2()).isEqualTo(1.0);
            // the same buffers serve the next frame
            assertThat(d.detect(frame(-40))).hasSize(3);
            assertThat(d.meanInferenceMs()).isGreaterThan(0);
        }
    }

    @Test
    void rankingEveryClassKeepsTheRunnerUpClassOfAnAmbiguousBox() throws Exception {
        // one box torn between psk (0.6) and qam16 (0.4), a clear cw elsewhere, and a box whose
        // second class is under the threshold
        float[] out = OnnxModels.yolov8(3,
                new float[]{16, 8, 8, 4, 0.02f, 0.6f, 0.4f},
                new float[]{48, 24, 4, 8, 0.9f, 0.01f, 0f},
                new float[]{40, 8, 6, 4, 0.1f, 0.5f, 0.2f});
        byte[] model = OnnxModels.constantOutput(new Object[]{1, 1, 32, 64}, new long[]{1, 7, 3}, out,
                Map.of("names", "{0: 'cw', 1: 'psk', 2: 'qam16'}"));
        try (YoloDetector d = load(model, "multi.onnx")) {
            assertThat(d.ranksEveryClass()).isFalse();
            assertThat(d.detect(frame(-60))).extracting(Detection::className).containsExactly("cw", "psk", "psk");
            assertThat(d.everyClassDetections()).isEmpty();
            d.alsoRankEveryClass(true);
            assertThat(d.ranksEveryClass()).isTrue();
            // what detect returns (the pipeline's view) does not change
            assertThat(d.detect(frame(-60))).extracting(Detection::className).containsExactly("cw", "psk", "psk");
            List<Detection> ranked = d.everyClassDetections();
            // threshold 0.25 still holds: 0.02, 0.01, 0.1 and 0.2 are not candidates
            assertThat(ranked).extracting(Detection::className).containsExactly("cw", "psk", "psk", "qam16");
            Detection qam = ranked.get(3);
            assertThat(qam.confidence()).isCloseTo(0.4, within(1e-6));
            assertThat(qam.box()).isEqualTo(ranked.get(1).box());
            d.alsoRankEveryClass(false);
            d.detect(frame(-60));
            assertThat(d.everyClassDetections()).isEmpty();
        }
    }

    @Test
    void endToEndLayoutWithDynamicInputAndSidecarNames() throws Exception {
        // [1, N, 6]: x1, y1, x2, y2, score, class; dynamic H and W take inference.yaml's input_size
        float[] out = {
                10, 10, 50, 30, 0.95f, 2,
                12, 10, 52, 30, 0.60f, 2,   // same class, IoU ~0.9: suppressed
                12, 10, 52, 30, 0.50f, 0,   // other class on the same spot: kept
                100, 100, 120, 200, 0.10f, 1, // below threshold
        };
        byte[] model = OnnxModels.constantOutput(new Object[]{1, 3, "height", "width"}, new long[]{1, 4, 6}, out, Map.of());
        Path f = OnnxModels.write(dir.resolve("e2e.onnx"), model);
        Files.writeString(dir.resolve("e2e.names.txt"), "alpha\nbeta\ngamma\n");
        InferenceConfig cfg = new InferenceConfig(DetectorKind.YOLO, f.toString(), new int[]{320, 160}, 0.25, 0.45, ExecutionProvider.CPU, true, false, "trt");
        try (YoloDetector d = new YoloDetector(f, cfg, SPEC, dir)) {
            assertThat(d.input().channels()).isEqualTo(3);
            assertThat(d.input().width()).isEqualTo(320);
            assertThat(d.input().height()).isEqualTo(160);
            assertThat(d.classNames()).containsExactly("alpha", "beta", "gamma");
            List<Detection> dets = d.detect(frame(-50));
            assertThat(dets).extracting(Detection::className).containsExactly("gamma", "alpha");
            Box b = dets.get(0).box();
            assertThat(b.x1()).isCloseTo(10.0 / 320, within(1e-6));
            assertThat(b.y1()).isCloseTo(10.0 / 160, within(1e-6));
            assertThat(b.x2()).isCloseTo(50.0 / 320, within(1e-6));
            assertThat(b.y2()).isCloseTo(30.0 / 160, within(1e-6));
        }
    }

    @Test
    void threeChannelInputAndNamesFromJsonListOrFallbacks() throws Exception {
        float[] one = OnnxModels.yolov8(9, new float[]{8, 8, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0.5f, 0});
        byte[] nine = OnnxModels.constantOutput(new Object[]{1, 3, 16, 32}, new long[]{1, 13, 1}, one, Map.of());
        try (YoloDetector d = load(nine, "nine.onnx")) {
            assertThat(d.input().channels()).isEqualTo(3);
            assertThat(d.classNames()).isEqualTo(SignalClasses.NINE);
            assertThat(d.detect(frame(-50))).extracting(Detection::className).containsExactly("chirp");
        }
        float[] three = OnnxModels.yolov8(3, new float[]{8, 8, 4, 4, 0, 0.5f, 0});
        byte[] unnamed = OnnxModels.constantOutput(new Object[]{1, 1, 16, 32}, new long[]{1, 7, 1}, three, Map.of());
        try (YoloDetector d = load(unnamed, "three.onnx")) {
            assertThat(d.classNames()).containsExactly("class0", "class1", "class2");
        }
        byte[] json = OnnxModels.constantOutput(new Object[]{1, 1, 16, 32}, new long[]{1, 7, 1}, three,
                Map.of("names", "[\"x\", \"y\", \"z\"]"));
        try (YoloDetector d = load(json, "json.onnx")) {
            assertThat(d.classNames()).containsExactly("x", "y", "z");
            assertThat(d.detect(frame(-50)).getFirst().className()).isEqualTo("y");
        }
    }

    @Test
    void detectorsResolveTheModelAgainstTheHome() throws Exception {
        byte[] model = OnnxModels.constantOutput(new Object[]{1, 1, 16, 32}, new long[]{1, 6, 1},
                OnnxModels.yolov8(2, new float[]{8, 8, 4, 4, 0.9f, 0}), Map.of());
        Files.createDirectories(dir.resolve("models"));
        OnnxModels.write(dir.resolve("models/m.onnx"), model);
        InferenceConfig cfg = CFG.withModelPath("models/m.onnx");
        try (Detector d = DetectorRegistry.standard(dir).create(cfg, SPEC)) {
            assertThat(d).isInstanceOf(YoloDetector.class);
            assertThat(d.name()).isEqualTo("yolo");
        }
        try (Detector d = DetectorRegistry.standard(dir).create(cfg.withDetector(DetectorKind.ENERGY), SPEC)) {
            assertThat(d.name()).isEqualTo("energy");
            assertThat(d.classNames()).containsExactly("signal");
        }
        assertThatThrownBy(() -> DetectorRegistry.standard(dir).create(CFG.withModelPath("models/none.onnx"), SPEC))
                .isInstanceOf(ConfigException.class).hasMessageContaining(dir.resolve("models/none.onnx").toString());
    }

    @Test
    void unavailableProviderFallsBackToCpu() throws Exception {
        byte[] model = OnnxModels.constantOutput(new Object[]{1, 1, 16, 32}, new long[]{1, 6, 1},
                OnnxModels.yolov8(2, new float[]{8, 8, 4, 4, 0.9f, 0}), Map.of());
        Path f = OnnxModels.write(dir.resolve("p.onnx"), model);
        for (ExecutionProvider p : List.of(ExecutionProvider.CUDA, ExecutionProvider.TENSORRT)) {
            InferenceConfig cfg = new InferenceConfig(DetectorKind.YOLO, f.toString(), new int[]{640, 640}, 0.25, 0.45, p, true, false, "trt");
            try (YoloDetector d = new YoloDetector(f, cfg, SPEC, dir.resolve("trt"))) {
                // this build of ONNX Runtime has no GPU providers; on a GPU build the provider is kept
                assertThat(d.provider()).isIn("cpu", p.wireName());
                assertThat(d.detect(frame(-50))).hasSize(1);
            }
        }
    }

    @Test
    void missingOrMalformedModelIsAOneLineUserError() throws Exception {
        Path missing = dir.resolve("nope.onnx");
        assertThatThrownBy(() -> new YoloDetector(missing, CFG, SPEC, dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("not found");
        Path junk = Files.writeString(dir.resolve("junk.onnx"), "this is not a protobuf");
        assertThatThrownBy(() -> new YoloDetector(junk, CFG, SPEC, dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(junk.toString()).hasMessageContaining("not a valid ONNX model");
        // a valid ONNX file of the wrong shape: a 2-D input
        byte[] flat = OnnxModels.constantOutput(new Object[]{4, 4}, new long[]{1, 6, 1}, new float[6], Map.of());
        Path wrong = OnnxModels.write(dir.resolve("flat.onnx"), flat);
        assertThatThrownBy(() -> new YoloDetector(wrong, CFG, SPEC, dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(wrong.toString()).hasMessageContaining("expected [1, C, H, W]");

        // an output that is neither layout: [1, 3, 5] has no room for a box and a score
        byte[] narrow = OnnxModels.constantOutput(new Object[]{1, 1, 16, 32}, new long[]{1, 3, 5}, new float[15], Map.of());
        Path thin = OnnxModels.write(dir.resolve("thin.onnx"), narrow);
        assertThatThrownBy(() -> new YoloDetector(thin, CFG, SPEC, dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(thin.toString()).hasMessageContaining("[1, N, 6]");

        Path rec = EvalFixtures.oneFrameRecording(dir);
        for (Path model : List.of(missing, junk)) {
            CliRun r = CliRun.of("eval", "--data", rec.toString(), "--config", EvalFixtures.configDir(dir).toString(), "--model", model.toString());
            assertThat(r.code()).isEqualTo(2);
            List<String> lines = r.err().lines().filter(l -> l.startsWith("g20:")).toList();
            assertThat(lines).hasSize(1);
            assertThat(lines.getFirst()).contains(model.toString());
            assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void sessionAndLatencyOnASmallConvNet() throws Exception {
        // a YOLOv8-shaped conv net at 320x320: the startup log line reports session and per-frame times
        byte[] net = OnnxModels.convNet(3, 320, 320, 9, 8, 1);
        try (YoloDetector d = load(net, "conv.onnx")) {
            assertThat(d.input().channels()).isEqualTo(3);
            SpectrogramFrame f = frame(-50);
            for (int i = 0; i < 5; i++) d.detect(f);
            System.out.printf("conv net 320x320: session %.0f ms, %.2f ms/frame%n", d.sessionMillis(), d.meanInferenceMs());
            assertThat(d.meanInferenceMs()).isPositive();
        }
    }


}
