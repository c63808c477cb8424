package dev.g20.bench;

import dev.g20.config.G20Config;
import dev.g20.detect.Detection;
import dev.g20.detect.YoloDetector;
import dev.g20.spectrogram.SpectrogramFrame;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The shipped detector models through {@link YoloDetector} on ONNX Runtime's CPU provider (session
 * options as in production): {@code detect} is the whole per-frame cost (input tensor from a
 * canonical 256 x 4096 frame, inference, decode + NMS), {@code fromTensor} the same minus building the input.
 * Sample mode, so JMH reports the median (p0.50). Needs the models under $G20_HOME/models.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class YoloDetectorBench {
    private static final int ROWS = 256, BINS = 4096;

    @Param({"g20-detector.onnx", "g20-detector-int8.onnx"})
    public String model;

    private YoloDetector detector;
    private SpectrogramFrame frame;
    private float[] tensor;

    @Setup
    public void setup() {
        Path home = Path.of(System.getenv().getOrDefault("G20_HOME", "."));
        G20Config cfg = G20Config.load(home.resolve("config"));
        detector = new YoloDetector(home.resolve("models").resolve(model), cfg.inference(), cfg.spectrogram(), home.resolve("models/trt-cache"));
        // exponential (periodogram-like) noise at -80 dBFS with carriers and bursts 10-25 dB above
        Random r = new Random(1);
        float[] psd = new float[ROWS * BINS];
        for (int i = 0; i < psd.length; i++) psd[i] = (float) (-80 + 10 * Math.log10(-Math.log(1 - r.nextDouble())));
        for (int s = 0; s < 20; s++) {
            int b0 = 100 + s * 190, w = s % 2 == 0 ? 3 : 60;
            int r0 = s % 2 == 0 ? 0 : 20 + 10 * s % 150, h = s % 2 == 0 ? ROWS : 40;
            for (int y = r0; y < Math.min(ROWS, r0 + h); y++)
                for (int x = b0; x < b0 + w; x++) psd[y * BINS + x] += 10 + s % 4 * 5;
        }
        frame = new SpectrogramFrame(0, 0, cfg.spectrogram().hash(), 915e6, 10e6, 0, cfg.spectrogram().hop(), ROWS, BINS,
                psd, new byte[psd.length], new byte[0]);
        tensor = detector.input().newTensor();
        detector.input().fill(frame, tensor);
    }

    @TearDown
    public void tearDown() {
        detector.close();
    }

    @Benchmark
    public List<Detection> detect() {
        return detector.detect(frame);
    }

    @Benchmark
    public List<Detection> fromTensor() {
        return detector.detectTensor(tensor);
    }
}
