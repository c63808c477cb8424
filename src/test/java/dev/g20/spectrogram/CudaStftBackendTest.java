package dev.g20.spectrogram;

import dev.g20.config.StftWindow;
import dev.g20.config.WireName;

import dev.g20.config.FftBackend;

import dev.g20.config.SpectrogramConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The CUDA backend against the CPU backend on the same input: within 0.01 dB on every bin above the
 * display floor (the strongest tone sits 12 dB under full scale, the floor 78 dB below it) and
 * levels within 1. Runs only where a GPU, its driver and
 * the CUDA libraries are present (skipped with the probe's reason elsewhere); CI has no GPU, so this
 * runs on the GPU machine (docs/gpu.md).
 */
class CudaStftBackendTest {
    private static final double MAX_DB_DIFF = 0.01;

    private static CudaStftBackend.Ready ready;

    // per test rather than @BeforeAll, so every test is reported as skipped with the reason
    @BeforeEach
    void needsGpu() {
        CudaStftBackend.Availability a = CudaStftBackend.probe();
        String why = a instanceof CudaStftBackend.Unavailable u ? u.reason() : "";
        assumeTrue(a instanceof CudaStftBackend.Ready, () -> "no usable CUDA GPU, CUDA-vs-CPU equality not checked: " + why);
        ready = (CudaStftBackend.Ready) a;
    }

    static Stream<Arguments> sizesAndWindows() {
        return Stream.of(4096, 1024).flatMap(n -> SpectrogramConfig.WINDOWS.stream().map(w -> Arguments.of(n, w)));
    }

    /** Two tones (one drifting), a weak tone and noise; the strongest tone stays 12 dB under full scale. */
    static float[] signal(int samples, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] iq = new float[2 * samples];
        double f1 = -0.27 + 0.01 * seed, phase2 = 0;
        for (int i = 0; i < samples; i++) {
            double a1 = 2 * Math.PI * f1 * i;
            phase2 += 2 * Math.PI * (0.05 + 0.2 * i / samples);
            double a3 = 2 * Math.PI * 0.3712 * i;
            iq[2 * i] = (float) (0.25 * Math.cos(a1) + 0.05 * Math.cos(phase2) + 0.002 * Math.cos(a3) + 0.005 * rnd.nextGaussian());
            iq[2 * i + 1] = (float) (0.25 * Math.sin(a1) + 0.05 * Math.sin(phase2) + 0.002 * Math.sin(a3) + 0.005 * rnd.nextGaussian());
        }
        return iq;
    }

    @ParameterizedTest(name = "fft {0}, {1}")
    @MethodSource("sizesAndWindows")
    void matchesCpuOnSeveralFrames(int n, String window) {
        SpectrogramConfig cfg = new SpectrogramConfig(n, WireName.parse(StftWindow.class, window), 0.5, -30, 60, "viridis", 256, FftBackend.CUDA);
        try (CpuStftBackend cpu = new CpuStftBackend(cfg); CudaStftBackend gpu = new CudaStftBackend(cfg, ready)) {
            for (int frame = 0; frame < 3; frame++) {
                compare(cfg, cpu, gpu, signal(CanonicalSpectrogramGenerator.samplesPerFrame(cfg), frame), cfg.rowsPerFrame());
            }
        }
    }

    @Test
    void oddHopPartialChunksFewerAndMoreRowsThanConfigured() {
        // hop 717 (odd, unaligned rows), 100 rows in chunks of 24 (last chunk partial). The display
        // range stays the default 60 dB: 85+ dB under the strongest tone, float32 FFT rounding alone
        // (CPU or cuFFT) reaches 0.01 dB (docs/gpu.md)
        SpectrogramConfig cfg = new SpectrogramConfig(1024, StftWindow.HANN, 0.3, -30, 60, "viridis", 100, FftBackend.CUDA);
        try (CpuStftBackend cpu = new CpuStftBackend(cfg);
             CudaStftBackend gpu = new CudaStftBackend(cfg, ready, new CudaStftBackend.Options(24 * 1024, 2))) {
            assertThat(gpu.chunkRows()).isEqualTo(24);
            for (int rows : new int[]{100, 37, 1, 250, 100}) {
                compare(cfg, cpu, gpu, signal((rows - 1) * cfg.hop() + cfg.fftSize(), rows), rows);
            }
        }
    }

    @Test
    void copyThreadCountDoesNotChangeTheOutput() {
        SpectrogramConfig cfg = new SpectrogramConfig(4096, StftWindow.BLACKMAN, 0.75, -30, 60, "viridis", 64, FftBackend.CUDA);
        float[] iq = signal(CanonicalSpectrogramGenerator.samplesPerFrame(cfg), 9);
        int bins = cfg.rowsPerFrame() * cfg.fftSize();
        float[][] psd = new float[3][bins];
        byte[][] levels = new byte[3][bins];
        int[] threads = {0, 1, 4};
        for (int i = 0; i < threads.length; i++) {
            try (CudaStftBackend gpu = new CudaStftBackend(cfg, ready, new CudaStftBackend.Options(8 * 4096, threads[i]))) {
                gpu.computeRows(iq, cfg.rowsPerFrame(), psd[i], levels[i]);
            }
        }
        assertThat(psd[1]).isEqualTo(psd[0]);
        assertThat(psd[2]).isEqualTo(psd[0]);
        assertThat(levels[1]).isEqualTo(levels[0]);
        assertThat(levels[2]).isEqualTo(levels[0]);
    }

    @Test
    void fullScaleToneReadsZeroDb() {
        SpectrogramConfig cfg = new SpectrogramConfig(1024, StftWindow.HANN, 0.5, 0, 60, "viridis", 8, FftBackend.CUDA);
        int samples = CanonicalSpectrogramGenerator.samplesPerFrame(cfg);
        float[] iq = new float[2 * samples];
        int bin = 100; // FFT bin 100 -> shifted output bin 100 + n/2
        for (int i = 0; i < samples; i++) {
            double a = 2 * Math.PI * bin * i / cfg.fftSize();
            iq[2 * i] = (float) Math.cos(a);
            iq[2 * i + 1] = (float) Math.sin(a);
        }
        float[] psd = new float[8 * 1024];
        byte[] levels = new byte[8 * 1024];
        try (CudaStftBackend gpu = new CudaStftBackend(cfg, ready)) {
            gpu.computeRows(iq, 8, psd, levels);
        }
        for (int r = 0; r < 8; r++) {
            assertThat((double) psd[r * 1024 + bin + 512]).isCloseTo(0.0, org.assertj.core.data.Offset.offset(0.001));
            assertThat(levels[r * 1024 + bin + 512] & 0xff).isEqualTo(255);
        }
    }

    private static void compare(SpectrogramConfig cfg, StftBackend cpu, StftBackend gpu, float[] iq, int rows) {
        int bins = rows * cfg.fftSize();
        float[] cpuPsd = new float[bins], gpuPsd = new float[bins];
        byte[] cpuLevels = new byte[bins], gpuLevels = new byte[bins];
        Arrays.fill(gpuPsd, Float.NaN);
        cpu.computeRows(iq, rows, cpuPsd, cpuLevels);
        gpu.computeRows(iq, rows, gpuPsd, gpuLevels);
        float floor = (float) (cfg.psdRefDbm() - cfg.dynamicRangeDb());
        int compared = 0;
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < bins; i++) {
            assertThat(gpuPsd[i]).as("bin %d written", i).isNotNaN();
            int dl = Math.abs((cpuLevels[i] & 0xff) - (gpuLevels[i] & 0xff));
            assertThat(dl).as("level of row %d bin %d", i / cfg.fftSize(), i % cfg.fftSize()).isLessThanOrEqualTo(1);
            if (cpuPsd[i] > floor) {
                compared++;
                double d = Math.abs(cpuPsd[i] - gpuPsd[i]);
                if (d > worst) {
                    worst = d;
                    worstAt = i;
                }
            }
        }
        int at = worstAt;
        assertThat(worst).as(() -> "largest dB difference, row " + at / cfg.fftSize() + " bin " + at % cfg.fftSize()
                + " cpu " + cpuPsd[Math.max(at, 0)] + " gpu " + gpuPsd[Math.max(at, 0)]).isLessThanOrEqualTo(MAX_DB_DIFF);
        // the comparison means something only if most bins are above the display floor
        assertThat(compared).isGreaterThan(bins / 2);
    }
}
