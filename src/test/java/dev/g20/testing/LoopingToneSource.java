package dev.g20.testing;

import dev.g20.source.IqSource;
import dev.g20.source.SourceInfo;

import java.util.Random;

/**
 * TEST FIXTURE: an endless source replaying a precomputed second-long buffer of tones in noise, as
 * fast as it is read (for benchmarks: generation costs nothing).
 */
public final class LoopingToneSource implements IqSource {
    private final SourceInfo info;
    private final float[] buffer;
    private final int samples;
    private int pos;

    /** Tones at the given offsets (Hz), amplitude 0.05, noise sigma 0.0015; one second of signal looped. */
    public LoopingToneSource(double sampleRate, double centerFreq, double... offsets) {
        this.info = new SourceInfo(sampleRate, centerFreq, 0, -1, "looping tones");
        this.samples = (int) Math.min(sampleRate, 1 << 22);
        this.buffer = new float[2 * samples];
        Random rnd = new Random(7);
        for (int i = 0; i < samples; i++) {
            double re = rnd.nextGaussian() * 0.0015, im = rnd.nextGaussian() * 0.0015;
            for (double f : offsets) {
                // whole cycles per loop, so the loop point is seamless
                double cycles = Math.round(f * samples / sampleRate);
                double ph = 2 * Math.PI * cycles * i / samples;
                re += 0.05 * Math.cos(ph);
                im += 0.05 * Math.sin(ph);
            }
            buffer[2 * i] = (float) re;
            buffer[2 * i + 1] = (float) im;
        }
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    @Override
    public int read(float[] iq, int maxSamples) {
        int n = Math.min(maxSamples, samples - pos);
        System.arraycopy(buffer, 2 * pos, iq, 0, 2 * n);
        pos = (pos + n) % samples;
        return n;
    }

    @Override
    public void close() {
    }
}
