package dev.g20.bench;

import dev.g20.config.StftWindow;

import dev.g20.config.FftBackend;

import dev.g20.config.SpectrogramConfig;
import dev.g20.spectrogram.CanonicalSpectrogramGenerator;
import dev.g20.spectrogram.Colormap;
import dev.g20.spectrogram.CpuStftBackend;
import dev.g20.spectrogram.Fft;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The STFT kernel, per row: window + FFT + PSD in dB + 0-255 levels + colormap to RGBA. Input
 * MS/s = hop / (time per row); at fft_size 4096, overlap 0.5 the 60 MS/s goal is 34 us per row.
 * {@code stftRow} is what the generator runs (rows in batches of {@link CpuStftBackend#DEFAULT_BATCH}),
 * {@code stftRowUnbatched} one row per FFT pass, {@code fftBatched} the FFT alone as the STFT runs
 * it, {@code fft} one FFT through the flat in-place API.
 * Run: {@code ./g20 jmh StftRow} (quick: add {@code -f 1 -wi 2 -i 3 -w 1 -r 1}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StftRowBenchmark {
    private static final int ROWS = 16;

    @Param({"4096"})
    int fftSize;

    private CpuStftBackend batched;
    private CpuStftBackend unbatched;
    private Colormap colormap;
    private Fft fft;
    private Fft batchFft;
    private float[][] batchInRe;
    private float[][] batchInIm;
    private float[] iq;
    private float[] psd;
    private byte[] levels;
    private byte[] rgba;
    private float[] re;
    private float[] im;
    private float[] inRe;
    private float[] inIm;

    @Setup
    public void setup() {
        SpectrogramConfig c = new SpectrogramConfig(fftSize, StftWindow.HANN, 0.5, -30, 60, "viridis", ROWS, FftBackend.CPU);
        batched = new CpuStftBackend(c);
        unbatched = new CpuStftBackend(c, 1);
        colormap = Colormap.of(c.colormap());
        fft = new Fft(fftSize);
        batchFft = new Fft(fftSize, CpuStftBackend.DEFAULT_BATCH);
        batchInRe = new float[batchFft.inputRows()][batchFft.inputRowLength() * batchFft.batch()];
        batchInIm = new float[batchInRe.length][batchInRe[0].length];
        SplittableRandom rnd = new SplittableRandom(1);
        iq = new float[2 * CanonicalSpectrogramGenerator.samplesPerFrame(c)];
        for (int i = 0; i < iq.length; i++) iq[i] = (float) (rnd.nextDouble() - 0.5) * 0.1f;
        psd = new float[ROWS * fftSize];
        levels = new byte[ROWS * fftSize];
        rgba = new byte[4 * ROWS * fftSize];
        re = new float[fftSize];
        im = new float[fftSize];
        inRe = new float[fftSize];
        inIm = new float[fftSize];
        for (int i = 0; i < fftSize; i++) {
            inRe[i] = iq[2 * i];
            inIm[i] = iq[2 * i + 1];
        }
        for (float[] row : batchInRe) for (int i = 0; i < row.length; i++) row[i] = (float) rnd.nextDouble();
        for (float[] row : batchInIm) for (int i = 0; i < row.length; i++) row[i] = (float) rnd.nextDouble();
    }

    /** One STFT row as the generator computes it (16 rows per call, reported per row). */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public byte[] stftRow() {
        batched.computeRows(iq, ROWS, psd, levels);
        colormap.toRgba(levels, 0, levels.length, rgba, 0);
        return rgba;
    }

    /** The same with one transform per FFT pass (shows what batching buys). */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public byte[] stftRowUnbatched() {
        unbatched.computeRows(iq, ROWS, psd, levels);
        colormap.toRgba(levels, 0, levels.length, rgba, 0);
        return rgba;
    }

    /**
     * The FFT alone as the STFT runs it: {@link CpuStftBackend#DEFAULT_BATCH} transforms per
     * pass, reported per transform (restoring the input rows by copies is included).
     */
    @Benchmark
    @OperationsPerInvocation(CpuStftBackend.DEFAULT_BATCH)
    public float[][] fftBatched() {
        float[][] re = batchFft.inputRe(), im = batchFft.inputIm();
        for (int r = 0; r < re.length; r++) {
            System.arraycopy(batchInRe[r], 0, re[r], 0, re[r].length);
            System.arraycopy(batchInIm[r], 0, im[r], 0, im[r].length);
        }
        batchFft.transformRows();
        return re;
    }

    /** The FFT alone, one transform through the flat in-place API (copies in and out of the rows included). */
    @Benchmark
    public float[] fft() {
        System.arraycopy(inRe, 0, re, 0, fftSize);
        System.arraycopy(inIm, 0, im, 0, fftSize);
        fft.transform(re, im);
        return re;
    }
}
