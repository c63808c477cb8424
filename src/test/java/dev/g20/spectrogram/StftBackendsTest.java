package dev.g20.spectrogram;

import dev.g20.config.StftWindow;

import dev.g20.config.FftBackend;
import dev.g20.config.WireName;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.g20.config.SpectrogramConfig;
import dev.g20.source.SourceInfo;
import dev.g20.spectrogram.cuda.CudaLibraries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Backend choice and its one log line; runs everywhere (with or without a GPU). */
class StftBackendsTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(StftBackends.class);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @TempDir
    Path emptyDir;

    @BeforeEach
    void capture() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void release() {
        logger.detachAppender(log);
    }

    private static SpectrogramConfig config(String backend) {
        return new SpectrogramConfig(1024, StftWindow.HANN, 0.5, -30, 60, "viridis", 16, WireName.parse(FftBackend.class, backend));
    }

    private ILoggingEvent onlyLine() {
        assertThat(log.list).hasSize(1);
        return log.list.getFirst();
    }

    @Test
    void autoWithoutCudaLibrariesPicksCpuAndSaysWhy() {
        try (StftBackend b = StftBackends.create(config("auto"), () -> CudaStftBackend.probe(CudaLibraries.onlyIn(emptyDir), 0))) {
            assertThat(b).isInstanceOf(CpuStftBackend.class);
        }
        ILoggingEvent line = onlyLine();
        assertThat(line.getLevel()).isEqualTo(Level.INFO);
        assertThat(line.getFormattedMessage()).isEqualTo("fft backend: cpu (auto: no NVIDIA driver (libcuda.so.1, libcuda.so not found))");
    }

    @Test
    void cudaRequestedButUnavailableWarnsAndFallsBackToCpu() {
        try (StftBackend b = StftBackends.create(config("cuda"), () -> CudaStftBackend.probe(CudaLibraries.onlyIn(emptyDir), 0))) {
            assertThat(b.name()).isEqualTo("cpu");
        }
        ILoggingEvent line = onlyLine();
        assertThat(line.getLevel()).isEqualTo(Level.WARN);
        assertThat(line.getFormattedMessage()).startsWith("fft backend: cpu (cuda requested but unavailable: no NVIDIA driver");
    }

    @Test
    void cpuConfiguredNeverProbes() {
        try (StftBackend b = StftBackends.create(config("cpu"), () -> {
            throw new AssertionError("probed although cpu was configured");
        })) {
            assertThat(b.name()).isEqualTo("cpu");
        }
        assertThat(onlyLine().getFormattedMessage()).isEqualTo("fft backend: cpu (configured)");
    }

    @Test
    void autoOnThisMachineChoosesByWhatIsThereAndTheGeneratorRunsWithIt() {
        long t0 = System.nanoTime();
        CudaStftBackend.Availability probe = CudaStftBackend.probe();
        double probeSeconds = (System.nanoTime() - t0) / 1e9;
        SpectrogramConfig cfg = config("auto");
        List<SpectrogramFrame> frames = new ArrayList<>();
        int bin = 64;
        try (CanonicalSpectrogramGenerator gen = new CanonicalSpectrogramGenerator(cfg,
                new SourceInfo(1e6, 100e6, 0, -1, "test tone"), frames::add)) {
            String line = onlyLine().getFormattedMessage();
            if (probe instanceof CudaStftBackend.Unavailable u) {
                assertThat(gen.backendName()).isEqualTo("cpu");
                assertThat(line).isEqualTo("fft backend: cpu (auto: " + u.reason() + ")");
                assertThat(probeSeconds).as("auto must decide quickly without a GPU").isLessThan(2.0);
            } else {
                assertThat(gen.backendName()).isEqualTo("cuda");
                assertThat(line).startsWith("fft backend: cuda (auto: ");
            }
            int samples = 2 * CanonicalSpectrogramGenerator.samplesPerFrame(cfg);
            float[] iq = new float[2 * samples];
            for (int i = 0; i < samples; i++) {
                double a = 2 * Math.PI * bin * i / cfg.fftSize();
                iq[2 * i] = (float) (0.1 * Math.cos(a));
                iq[2 * i + 1] = (float) (0.1 * Math.sin(a));
            }
            gen.accept(iq, samples);
        }
        assertThat(frames).hasSizeGreaterThanOrEqualTo(2);
        SpectrogramFrame f = frames.get(1);
        int shifted = bin + cfg.fftSize() / 2;
        for (int r = 0; r < f.rows(); r++) {
            int peak = 0;
            for (int k = 1; k < f.bins(); k++) if (f.psdDb()[r * f.bins() + k] > f.psdDb()[r * f.bins() + peak]) peak = k;
            assertThat(peak).isEqualTo(shifted);
            assertThat((double) f.psdDb()[r * f.bins() + peak]).isCloseTo(-20.0, org.assertj.core.data.Offset.offset(0.01));
        }
    }
}
