package dev.g20.detect;

import dev.g20.eval.Evaluation;

import dev.g20.source.SampleFormat;
import dev.g20.source.SigMf;
import dev.g20.source.SigMfAnnotation;
import dev.g20.spectrogram.Fft;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small synthetic IQ scene for detector tests: complex white noise plus tones, band-limited
 * noise blocks (bursts or continuous wideband signals) and LFM chirps, each with its ground-truth
 * annotation. SNR is in-band: signal power over the noise power inside the annotated band, so a
 * 10 dB emission reads about 10 dB above the floor in each of its spectrogram cells.
 */
final class IqScene {
    final double fs;
    final int samples;
    final double noisePower;
    private final float[] iq;
    private final Random rnd;
    private final List<SigMfAnnotation> annotations = new ArrayList<>();

    IqScene(double fs, int samples, double noisePowerDb, long seed) {
        this.fs = fs;
        this.samples = samples;
        this.noisePower = Math.pow(10, noisePowerDb / 10);
        this.iq = new float[2 * samples];
        this.rnd = new Random(seed);
        double sigma = Math.sqrt(noisePower / 2);
        for (int i = 0; i < iq.length; i++) iq[i] = (float) (rnd.nextGaussian() * sigma);
    }

    float[] iq() {
        return iq;
    }

    List<SigMfAnnotation> annotations() {
        return List.copyOf(annotations);
    }

    private double inBandNoise(double bandwidth) {
        return noisePower * bandwidth / fs;
    }

    /** A carrier at {@code f}, annotated as {@code width} Hz wide around it. */
    IqScene tone(double f, double width, int start, int count, double snrDb, String label) {
        double amp = Math.sqrt(inBandNoise(width) * Math.pow(10, snrDb / 10));
        double phase = rnd.nextDouble() * 2 * Math.PI;
        for (int i = start; i < start + count && i < samples; i++) {
            double a = phase + 2 * Math.PI * f * i / fs;
            iq[2 * i] += (float) (amp * Math.cos(a));
            iq[2 * i + 1] += (float) (amp * Math.sin(a));
        }
        annotations.add(new SigMfAnnotation(start, count, f - width / 2, f + width / 2, label, Map.of()));
        return this;
    }

    /** Noise shaped to [lo, hi] Hz (a brick-wall band), e.g. an OFDM-like wideband signal or a burst. */
    IqScene band(double lo, double hi, int start, int count, double snrDb, String label) {
        count = Math.min(count, samples - start);
        int n = Integer.highestOneBit(Math.max(2, count - 1)) << 1;
        float[] re = new float[n], im = new float[n];
        for (int i = 0; i < count; i++) {
            re[i] = (float) rnd.nextGaussian();
            im[i] = (float) rnd.nextGaussian();
        }
        Fft fft = new Fft(n);
        fft.transform(re, im);
        for (int k = 0; k < n; k++) {
            double f = (k < n / 2 ? k : k - n) * fs / n;
            if (f < lo || f > hi) {
                re[k] = 0;
                im[k] = 0;
            }
        }
        // inverse transform by conjugation
        for (int k = 0; k < n; k++) im[k] = -im[k];
        fft.transform(re, im);
        double p = 0;
        for (int i = 0; i < count; i++) p += (double) re[i] * re[i] + (double) im[i] * im[i];
        p /= count;
        double scale = Math.sqrt(inBandNoise(hi - lo) * Math.pow(10, snrDb / 10) / p);
        for (int i = 0; i < count; i++) {
            iq[2 * (start + i)] += (float) (re[i] * scale);
            iq[2 * (start + i) + 1] -= (float) (im[i] * scale);
        }
        annotations.add(new SigMfAnnotation(start, count, lo, hi, label, Map.of(Evaluation.SNR_KEY, snrDb)));
        return this;
    }

    /** A linear chirp from {@code lo} to {@code hi} over {@code count} samples. */
    IqScene chirp(double lo, double hi, int start, int count, double snrDb, String label) {
        double amp = Math.sqrt(inBandNoise(hi - lo) * Math.pow(10, snrDb / 10));
        double k = (hi - lo) / (count / fs);
        for (int i = 0; i < count && start + i < samples; i++) {
            double t = i / fs;
            double a = 2 * Math.PI * (lo * t + k * t * t / 2);
            iq[2 * (start + i)] += (float) (amp * Math.cos(a));
            iq[2 * (start + i) + 1] += (float) (amp * Math.sin(a));
        }
        annotations.add(new SigMfAnnotation(start, count, lo, hi, label, Map.of()));
        return this;
    }

    /** Writes NAME.sigmf-meta / .sigmf-data (cf32_le) with the annotations; returns the meta file. */
    Path write(Path dir, String name) throws IOException {
        Path meta = dir.resolve(name + ".sigmf-meta");
        ByteBuffer b = ByteBuffer.allocate(8 * samples);
        SampleFormat.CF32_LE.encode(iq, samples, b);
        Files.write(dir.resolve(name + ".sigmf-data"), b.array());
        SigMf.writeMeta(meta, SigMf.newMeta(SampleFormat.CF32_LE, fs, 0, 0, "test scene " + name), annotations);
        return meta;
    }
}
