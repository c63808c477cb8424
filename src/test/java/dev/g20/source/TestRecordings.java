package dev.g20.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/** Writes real recordings (SigMF and raw) for tests, through the shipped encoder and metadata writer. */
public final class TestRecordings {
    private TestRecordings() {
    }

    /** Writes NAME.sigmf-data and NAME.sigmf-meta; returns the meta path. */
    public static Path sigmf(Path dir, String name, SampleFormat format, double fs, double fc, long startNs, float[] iq) throws IOException {
        Path meta = dir.resolve(name + ".sigmf-meta");
        raw(dir.resolve(name + ".sigmf-data"), format, iq);
        SigMf.writeMeta(meta, SigMf.newMeta(format, fs, fc, startNs, "test"), List.of());
        return meta;
    }

    /** Writes interleaved I/Q encoded as {@code format}. */
    public static Path raw(Path file, SampleFormat format, float[] iq) throws IOException {
        int samples = iq.length / 2;
        ByteBuffer buf = ByteBuffer.allocate(samples * format.bytesPerSample());
        format.encode(iq, samples, buf);
        Files.write(file, buf.array());
        return file;
    }

    /** A complex exponential exp(2 pi i f t) of amplitude {@code amp}, {@code samples} long. */
    public static float[] tone(int samples, double freqOffsetHz, double fs, double amp) {
        float[] iq = new float[2 * samples];
        for (int i = 0; i < samples; i++) {
            double ph = 2 * Math.PI * freqOffsetHz * i / fs;
            iq[2 * i] = (float) (amp * Math.cos(ph));
            iq[2 * i + 1] = (float) (amp * Math.sin(ph));
        }
        return iq;
    }

    /** Complex white Gaussian noise of mean power {@code power} per complex sample. */
    public static float[] noise(int samples, double power, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double sigma = Math.sqrt(power / 2);
        float[] iq = new float[2 * samples];
        for (int i = 0; i < iq.length; i += 2) {
            // Box-Muller: two independent normals per pair of uniforms
            double u = 1 - rnd.nextDouble(), v = rnd.nextDouble();
            double r = Math.sqrt(-2 * Math.log(u));
            iq[i] = (float) (sigma * r * Math.cos(2 * Math.PI * v));
            iq[i + 1] = (float) (sigma * r * Math.sin(2 * Math.PI * v));
        }
        return iq;
    }
}
