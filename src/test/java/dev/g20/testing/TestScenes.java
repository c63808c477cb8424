package dev.g20.testing;

import dev.g20.config.StftWindow;

import dev.g20.config.FftBackend;

import dev.g20.config.G20Config;
import dev.g20.config.SpectrogramConfig;
import dev.g20.source.SampleFormat;
import dev.g20.source.SigMf;
import dev.g20.source.SigMfAnnotation;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * TEST FIXTURE: small recordings with known signals, written as SigMF (ci16_le). The default scene:
 * two continuous FM-like signals (A at -125 kHz, B at +75 kHz) and a bursty one (C at +175 kHz,
 * 60 ms on every 200 ms, ramped) in white noise, fs = 500 kS/s around 100 MHz.
 */
public final class TestScenes {
    public static final double FS = 500_000;
    public static final double FC = 100_000_000;
    public static final double[] OFFSETS = {-125_000, 75_000, 175_000};
    public static final double[] DEVIATIONS = {10_000, 16_000, 6_000};
    /** Noise standard deviation per component: about -73 dBFS per bin at 512 bins. */
    public static final double NOISE = 0.0015;

    private TestScenes() {
    }

    /** A small spectrogram config for tests: 512 bins, 64 rows per frame (16384 samples per frame advance). */
    public static SpectrogramConfig spectrogram() {
        return new SpectrogramConfig(512, StftWindow.HANN, 0.5, -30, 60, "viridis", 64, FftBackend.CPU);
    }

    public static G20Config config() {
        return G20Config.defaults().withSpectrogram(spectrogram());
    }

    /** Writes {@code seconds} of the scene to dir/name.sigmf-meta (+ .sigmf-data) and returns the meta path. */
    public static Path write(Path dir, String name, double seconds) throws IOException {
        Path meta = dir.resolve(name + ".sigmf-meta");
        Path data = dir.resolve(name + ".sigmf-data");
        long total = Math.round(seconds * FS);
        Random rnd = new Random(42);
        int chunk = 65536;
        float[] iq = new float[2 * chunk];
        ByteBuffer bb = ByteBuffer.allocate(chunk * SampleFormat.CI16_LE.bytesPerSample());
        double[] phase = new double[OFFSETS.length];
        double[] fm = {400, 250, 150};
        try (OutputStream out = Files.newOutputStream(data)) {
            for (long s0 = 0; s0 < total; s0 += chunk) {
                int n = (int) Math.min(chunk, total - s0);
                for (int i = 0; i < n; i++) {
                    long s = s0 + i;
                    double t = s / FS;
                    float re = (float) (rnd.nextGaussian() * NOISE), im = (float) (rnd.nextGaussian() * NOISE);
                    for (int k = 0; k < OFFSETS.length; k++) {
                        double inst = OFFSETS[k] + DEVIATIONS[k] * Math.sin(2 * Math.PI * fm[k] * t);
                        phase[k] += 2 * Math.PI * inst / FS;
                        double a = k < 2 ? 0.05 : 0.05 * burstEnvelope(t % 0.2);
                        if (a > 0) {
                            re += (float) (a * Math.cos(phase[k]));
                            im += (float) (a * Math.sin(phase[k]));
                        }
                    }
                    iq[2 * i] = re;
                    iq[2 * i + 1] = im;
                }
                bb.clear();
                SampleFormat.CI16_LE.encode(iq, n, bb);
                out.write(bb.array(), 0, bb.position());
            }
        }
        SigMf.writeMeta(meta, SigMf.newMeta(SampleFormat.CI16_LE, FS, FC, 1_700_000_000_000_000_000L, "g20 test scene"),
                List.<SigMfAnnotation>of());
        return meta;
    }

    /**
     * Burst keying of signal C: on for 60 ms with 2 ms raised-cosine ramps (a transmitter's, so
     * the burst edges do not splatter across the band).
     */
    static double burstEnvelope(double t) {
        double ramp = 0.002, on = 0.06;
        if (t < 0 || t > on) return 0;
        if (t < ramp) return 0.5 - 0.5 * Math.cos(Math.PI * t / ramp);
        if (t > on - ramp) return 0.5 - 0.5 * Math.cos(Math.PI * (on - t) / ramp);
        return 1;
    }

    /** Canonical x of signal k. */
    public static double x(int k) {
        return 0.5 + OFFSETS[k] / FS;
    }
}
