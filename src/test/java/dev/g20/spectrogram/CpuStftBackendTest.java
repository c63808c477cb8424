package dev.g20.spectrogram;

import dev.g20.config.StftWindow;
import dev.g20.config.WireName;

import dev.g20.config.FftBackend;

import dev.g20.config.SpectrogramConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The optimised row path against a straightforward double-precision reference. */
class CpuStftBackendTest {

    @ParameterizedTest
    @CsvSource({"16,hann,0.5", "256,hamming,0.75", "1024,blackman,0", "2048,rect,0.5", "4096,hann,0.5"})
    void rowsMatchTheReference(int n, String window, double overlap) {
        SpectrogramConfig c = new SpectrogramConfig(n, WireName.parse(StftWindow.class, window), overlap, -30, 60, "gray", 3, FftBackend.CPU);
        SplittableRandom rnd = new SplittableRandom(n);
        int samples = CanonicalSpectrogramGenerator.samplesPerFrame(c);
        float[] iq = new float[2 * samples];
        for (int i = 0; i < iq.length; i++) iq[i] = (float) (rnd.nextDouble() - 0.5);
        float[] psd = new float[3 * n];
        byte[] levels = new byte[3 * n];
        try (CpuStftBackend b = new CpuStftBackend(c)) {
            b.computeRows(iq, 3, psd, levels);
        }
        float[] w = WindowFunction.coefficients(WireName.parse(StftWindow.class, window), n);
        double sum = 0;
        for (float v : w) sum += v;
        for (int r = 0; r < 3; r++) {
            int start = r * c.hop();
            // every bin for small sizes, a spread-out subset (all residues mod 7) for the large ones
            for (int k = 0; k < n; k += n >= 2048 ? 7 : 1) {
                int f = (k + n / 2) % n; // fft-shift
                double re = 0, im = 0;
                for (int j = 0; j < n; j++) {
                    double a = -2 * Math.PI * ((long) j * f % n) / n;
                    double xr = iq[2 * (start + j)] * w[j], xi = iq[2 * (start + j) + 1] * w[j];
                    re += xr * Math.cos(a) - xi * Math.sin(a);
                    im += xr * Math.sin(a) + xi * Math.cos(a);
                }
                double db = 10 * Math.log10(Math.max(1e-30, (re * re + im * im) / (sum * sum)));
                float got = psd[r * n + k];
                // float FFT error grows as the bin drops below the row's peak; 0.01 dB where it matters
                assertThat((double) got).as("row %d bin %d", r, k).isCloseTo(db, org.assertj.core.data.Offset.offset(db > -80 ? 0.01 : 0.5));
                double lv = Math.min(255, Math.max(0, (got + 90) * 255 / 60 + 0.5));
                assertThat(levels[r * n + k] & 0xff).isEqualTo((int) lv);
            }
        }
    }
}
