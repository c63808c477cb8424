package dev.g20.spectrogram;

import dev.g20.config.StftWindow;
import dev.g20.config.WireName;

import dev.g20.config.FftBackend;

import dev.g20.config.SpectrogramConfig;
import dev.g20.source.IqSource;
import dev.g20.source.SampleFormat;
import dev.g20.source.SourceInfo;
import dev.g20.source.Sources;
import dev.g20.source.TestRecordings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The calibration promised in docs/spectrogram.md, measured on real recordings and noise. */
class SpectrogramCalibrationTest {
    static final double FS = 2_000_000;
    static final double FC = 433_920_000;

    static SpectrogramConfig config(int fft, String window, int rows) {
        return new SpectrogramConfig(fft, WireName.parse(StftWindow.class, window), 0.5, -30, 60, "viridis", rows, FftBackend.CPU);
    }

    static List<SpectrogramFrame> run(SpectrogramConfig c, SourceInfo info, float[] iq) {
        List<SpectrogramFrame> out = new ArrayList<>();
        try (var gen = new CanonicalSpectrogramGenerator(c, info, out::add)) {
            gen.accept(iq, iq.length / 2);
        }
        return out;
    }

    static List<SpectrogramFrame> runFile(SpectrogramConfig c, Path file) {
        List<SpectrogramFrame> out = new ArrayList<>();
        try (IqSource src = Sources.openFile(file, null, null, null);
             var gen = new CanonicalSpectrogramGenerator(c, src.info(), out::add)) {
            float[] buf = new float[2 * 10_000];
            int n;
            while ((n = src.read(buf, 10_000)) > 0) gen.accept(buf, n);
        }
        return out;
    }

    static int peakBin(SpectrogramFrame f, int row) {
        int best = 0;
        for (int b = 1; b < f.bins(); b++) if (f.psdDb()[row * f.bins() + b] > f.psdDb()[row * f.bins() + best]) best = b;
        return best;
    }

    @ParameterizedTest
    @ValueSource(ints = {-1500, -1, 1, 37, 1000})
    void toneAtKnownOffsetLandsInItsBinAndHz(int binOffset, @TempDir Path dir) throws Exception {
        int n = 4096;
        double offsetHz = binOffset * FS / n;
        Path meta = TestRecordings.sigmf(dir, "tone", SampleFormat.CF32_LE, FS, FC, 0, TestRecordings.tone(20_000, offsetHz, FS, 0.5));
        List<SpectrogramFrame> frames = runFile(config(n, "hann", 4), meta);
        assertThat(frames).isNotEmpty();
        SpectrogramFrame f = frames.getFirst();
        assertThat(f.centerFreqHz()).isEqualTo(FC);
        assertThat(f.sampleRateHz()).isEqualTo(FS);
        for (int r = 0; r < f.rows(); r++) {
            int bin = peakBin(f, r);
            assertThat(bin).isEqualTo(n / 2 + binOffset);
            // bin k is centred on fc + (k - n/2) fs / n, i.e. canonical x = k / n
            assertThat(f.freqAt((double) bin / n)).isCloseTo(FC + offsetHz, within(1e-3));
            assertThat(f.xOf(FC + offsetHz) * n).isCloseTo(bin, within(1e-9));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hann", "hamming", "blackman", "rect"})
    void fullScaleToneReadsZeroDb(String window) {
        int n = 1024;
        SourceInfo info = new SourceInfo(FS, FC, 0, -1, "tone");
        float[] iq = TestRecordings.tone(8 * n, 100 * FS / n, FS, 1.0);
        SpectrogramFrame f = run(config(n, window, 8), info, iq).getFirst();
        for (int r = 0; r < f.rows(); r++) {
            int bin = peakBin(f, r);
            assertThat(bin).isEqualTo(n / 2 + 100);
            assertThat(f.psdDb()[r * n + bin]).as("peak of row %d", r).isCloseTo(0f, within(0.01f));
            // 0 dBFS is above the display top (-30 dB): full level
            assertThat(f.level(r, bin)).isEqualTo(255);
        }
    }

    @Test
    void toneAmplitudeScalesAsPower() {
        int n = 1024;
        SourceInfo info = new SourceInfo(FS, 0, 0, -1, "tone");
        float[] iq = TestRecordings.tone(4 * n, 10 * FS / n, FS, 0.01); // -40 dBFS
        SpectrogramFrame f = run(config(n, "hann", 4), info, iq).getFirst();
        assertThat(f.psdDb()[n / 2 + 10]).isCloseTo(-40f, within(0.01f));
        // -40 dB in a display of [-90, -30]: 50/60 of the way up
        assertThat(f.level(0, n / 2 + 10)).isEqualTo(Math.round(50f / 60 * 255));
    }

    /**
     * White noise of power P per complex sample: each bin's expected power is P * sum(w^2) /
     * sum(w)^2 = P * ENBW / N (docs/spectrogram.md). The average of the dB values sits 2.51 dB
     * lower (the mean of 10 log10 of an exponential variable).
     */
    @ParameterizedTest
    @ValueSource(strings = {"hann", "rect", "blackman"})
    void whiteNoiseReadsWhereTheorySays(String window) {
        int n = 1024;
        int rows = 64;
        double power = 0.01; // -20 dBFS
        SpectrogramConfig c = config(n, window, rows);
        float[] iq = TestRecordings.noise(CanonicalSpectrogramGenerator.samplesPerFrame(c), power, 42);
        SpectrogramFrame f = run(c, new SourceInfo(FS, 0, 0, -1, "noise"), iq).getFirst();
        double enbw = WindowFunction.enbwBins(WindowFunction.coefficients(WireName.parse(StftWindow.class, window), n));
        double expectedDb = 10 * Math.log10(power) + 10 * Math.log10(enbw / n);
        double linear = 0, dbSum = 0;
        for (float v : f.psdDb()) {
            linear += Math.pow(10, v / 10);
            dbSum += v;
        }
        double meanDb = 10 * Math.log10(linear / f.psdDb().length);
        assertThat(meanDb).isCloseTo(expectedDb, within(0.5));
        assertThat(meanDb).isCloseTo(expectedDb, within(0.1));
        double eulerGammaDb = 0.5772156649 * 10 / Math.log(10);
        assertThat(dbSum / f.psdDb().length).isCloseTo(expectedDb - eulerGammaDb, within(0.2));
    }

    @Test
    void enbwOfTheWindowsMatchesTheTextbook() {
        assertThat(WindowFunction.enbwBins(WindowFunction.coefficients(StftWindow.RECT, 4096))).isCloseTo(1.0, within(1e-6));
        assertThat(WindowFunction.enbwBins(WindowFunction.coefficients(StftWindow.HANN, 4096))).isCloseTo(1.5, within(1e-3));
        assertThat(WindowFunction.enbwBins(WindowFunction.coefficients(StftWindow.HAMMING, 4096))).isCloseTo(1.363, within(2e-3));
        assertThat(WindowFunction.enbwBins(WindowFunction.coefficients(StftWindow.BLACKMAN, 4096))).isCloseTo(1.727, within(2e-3));
    }

    @Test
    void silenceReadsTheFloorNotMinusInfinity() {
        int n = 256;
        SpectrogramFrame f = run(config(n, "hann", 2), new SourceInfo(FS, 0, 0, -1, "zeros"), new float[2 * 3 * n]).getFirst();
        for (float v : f.psdDb()) assertThat(v).isCloseTo(-300f, within(0.01f));
        for (byte b : f.levels()) assertThat(b).isEqualTo((byte) 0);
    }
}
