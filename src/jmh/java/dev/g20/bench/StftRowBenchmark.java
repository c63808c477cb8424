package dev.g20.bench;

import dev.g20.config.SpectrogramConfig;
import dev.g20.spectrogram.Colormap;
import dev.g20.spectrogram.CpuStftBackend;
import dev.g20.spectrogram.Fft;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The STFT kernel: one row (window + FFT + PSD in dB + 0-255 levels + colormap to RGBA) and the
 * FFT alone. Input MS/s = hop / (time per row); at fft_size 4096, overlap 0.5 the 60 MS/s goal is
 * about 34 us per row. Run: {@code ./g20 jmh StftRow} (quick: add {@code -f 1 -wi 2 -i 3 -w 1 -r 1}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StftRowBenchmark {
    @Param({"4096"})
    int fftSize;

    private CpuStftBackend backend;
    private Colormap colormap;
    private Fft fft;
    private float[] iq;
    private float[] psd;
    private byte[] levels;
    private byte[] rgba;
    private float[] re;
    private float[] im;
    private float[] inRe;
    private float[] inIm;
    private int hop;
    private int row;
    private int rows;

    @Setup
    public void setup() {
        SpectrogramConfig c = new SpectrogramConfig(fftSize, "hann", 0.5, -30, 60, "viridis", 256, "cpu");
        backend = new CpuStftBackend(c);
        colormap = Colormap.of(c.colormap());
        fft = new Fft(fftSize);
        hop = c.hop();
        rows = 64;
        SplittableRandom rnd = new SplittableRandom(1);
        iq = new float[2 * ((rows - 1) * hop + fftSize)];
        for (int i = 0; i < iq.length; i++) iq[i] = (float) (rnd.nextDouble() - 0.5) * 0.1f;
        psd = new float[fftSize];
        levels = new byte[fftSize];
        rgba = new byte[4 * fftSize];
        re = new float[fftSize];
        im = new float[fftSize];
        inRe = new float[fftSize];
        inIm = new float[fftSize];
        for (int i = 0; i < fftSize; i++) {
            inRe[i] = iq[2 * i];
            inIm[i] = iq[2 * i + 1];
        }
    }

    /** One full STFT row, stepping through a 64-row buffer so the input is not always cache-hot at one spot. */
    @Benchmark
    public byte[] stftRow() {
        backend.computeRow(iq, row * hop, psd, levels, 0);
        colormap.toRgba(levels, 0, fftSize, rgba, 0);
        row = row + 1 == rows ? 0 : row + 1;
        return rgba;
    }

    /** The FFT alone (in place; the input is restored by a copy, which is included). */
    @Benchmark
    public float[] fft() {
        System.arraycopy(inRe, 0, re, 0, fftSize);
        System.arraycopy(inIm, 0, im, 0, fftSize);
        fft.transform(re, im);
        return re;
    }
}
