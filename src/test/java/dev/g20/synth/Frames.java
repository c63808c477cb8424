package dev.g20.synth;

import dev.g20.config.StftWindow;

import dev.g20.config.FftBackend;

import dev.g20.config.SpectrogramConfig;
import dev.g20.spectrogram.CanonicalSpectrogramGenerator;
import dev.g20.spectrogram.CpuStftBackend;
import dev.g20.spectrogram.SpectrogramFrame;

import java.util.ArrayList;
import java.util.List;

/** Test helper: runs a synthetic source through the real canonical spectrogram generator. */
final class Frames {
    private Frames() {
    }

    static SpectrogramConfig config(int fft, int rows) {
        return new SpectrogramConfig(fft, StftWindow.HANN, 0.5, -30, 60, "viridis", rows, FftBackend.CPU);
    }

    /** The first {@code count} frames of {@code source}. */
    static List<SpectrogramFrame> of(SyntheticSource source, SpectrogramConfig cfg, int count) {
        List<SpectrogramFrame> out = new ArrayList<>();
        try (var gen = new CanonicalSpectrogramGenerator(cfg, source.info(), out::add, CpuStftBackend::new)) {
            float[] buf = new float[2 * 50_000];
            while (out.size() < count) {
                int n = source.read(buf, 50_000);
                if (n < 0) break;
                gen.accept(buf, n);
            }
        }
        return out;
    }

    /** Samples needed for {@code count} frames. */
    static long samplesFor(SpectrogramConfig cfg, int count) {
        return (long) (count - 1) * cfg.rowsPerFrame() * cfg.hop() + CanonicalSpectrogramGenerator.samplesPerFrame(cfg);
    }
}
