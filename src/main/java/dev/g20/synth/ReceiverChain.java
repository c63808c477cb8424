package dev.g20.synth;

import dev.g20.spectrogram.Fft;

/**
 * The per-block state of a scene's {@link ReceiverEffects}: intermodulation and AGC on the
 * emitters, the band-edge roll-off filter and 8-bit quantisation on the received signal. All
 * buffers are allocated once; a block allocates nothing.
 */
final class ReceiverChain {
    /** Half length of the zero-phase roll-off filter (taps -D..D); the scene renders one block ahead for it. */
    static final int HALF_TAPS = 512;
    private static final int N = 16384;

    private final ReceiverEffects fx;
    private final double fs;
    private final Rng rng;
    // intermodulation: y = x (1 + c |x|^2), c scaled to the strongest emitter's power
    private final float cRe;
    private final float cIm;
    // AGC
    private final float stepUp;
    private double gain = 1;
    private double target = 1;
    private long nextStep;
    private final double rampStep;
    // roll-off: overlap-save with one block of look-ahead
    private final Fft fft;
    private final float[] hRe;
    private final float[] hIm;
    private final float[] bufRe;
    private final float[] bufIm;

    ReceiverChain(ReceiverEffects fx, double fs, double strongestPower, long seed) {
        this.fx = fx;
        this.fs = fs;
        this.rng = new Rng(seed);
        double c = fx.intermod() && strongestPower > 0 ? Math.pow(10, fx.intermodDbc() / 20) / strongestPower : 0;
        double theta = Math.toRadians(rng.uniform(-20, 20)); // a little AM-PM conversion
        this.cRe = (float) (-c * Math.cos(theta));
        this.cIm = (float) (-c * Math.sin(theta));
        this.stepUp = (float) Math.pow(10, fx.agcStepDb() / 20);
        this.nextStep = fx.agcStepDb() > 0 ? stepGap() : Long.MAX_VALUE;
        this.rampStep = 1.0 / Math.max(1, Math.round(20e-6 * fs)); // a gain step settles in about 20 us
        if (fx.rolloff()) {
            fft = new Fft(N);
            hRe = new float[N];
            hIm = new float[N];
            bufRe = new float[N];
            bufIm = new float[N];
            design();
        } else {
            fft = null;
            hRe = hIm = bufRe = bufIm = null;
        }
    }

    boolean lookahead() {
        return fx.rolloff();
    }

    private long stepGap() {
        return Math.max(1, Math.round(-Math.log(1 - rng.nextDouble()) * fx.agcIntervalS() * fs));
    }

    /** Attenuation in dB of the roll-off at {@code f} cycles per sample (|f| <= 0.5). */
    static double rolloffDb(double f, double fraction, double depthDb) {
        double f0 = 0.5 * (1 - fraction);
        double a = Math.abs(f);
        if (a <= f0) return 0;
        double x = Math.min(1, (a - f0) / (0.5 - f0));
        return depthDb * (0.5 - 0.5 * Math.cos(Math.PI * x));
    }

    /** Zero-phase FIR of 2 HALF_TAPS + 1 taps (the response above, Hann-windowed), held as its N-point spectrum. */
    private void design() {
        float[] re = new float[N], im = new float[N];
        for (int k = 0; k < N; k++) {
            double f = (k < N / 2 ? k : k - N) / (double) N;
            re[k] = (float) Math.pow(10, -rolloffDb(f, fx.rolloffFraction(), fx.rolloffDepthDb()) / 20);
        }
        // impulse response = inverse FFT of a real, even response: forward FFT / N gives the same
        fft.transform(re, im);
        for (int k = 0; k < N; k++) {
            int j = k < N / 2 ? k : k - N;
            double w = Math.abs(j) <= HALF_TAPS ? 0.5 + 0.5 * Math.cos(Math.PI * j / (HALF_TAPS + 1)) : 0;
            hRe[k] = (float) (re[k] / N * w);
            hIm[k] = 0;
        }
        fft.transform(hRe, hIm);
    }

    /** Front-end effects on the emitters' sum (planar), before noise. */
    void front(float[] accRe, float[] accIm, int n) {
        if (cRe == 0 && cIm == 0) return;
        for (int i = 0; i < n; i++) {
            float x = accRe[i], y = accIm[i];
            float p = x * x + y * y;
            float gr = 1 + cRe * p, gi = cIm * p;
            accRe[i] = x * gr - y * gi;
            accIm[i] = x * gi + y * gr;
        }
    }

    /** AGC gain on the received block (interleaved), after noise and before the mixer's impairments. */
    void agc(float[] out, long blockStart, int n) {
        if (fx.agcStepDb() <= 0) return;
        for (int i = 0; i < n; i++) {
            if (blockStart + i >= nextStep) {
                // the AGC steps down after a strong signal, back up later: a bounded random walk of steps
                double db = 20 * Math.log10(target);
                boolean up = db < -2 * fx.agcStepDb() || (db <= 0 && rng.chance(0.5));
                target *= up ? stepUp : 1 / stepUp;
                nextStep = blockStart + i + stepGap();
            }
            if (gain != target) {
                double d = target - gain;
                double s = Math.abs(target) * rampStep * 4;
                gain = Math.abs(d) <= s ? target : gain + Math.signum(d) * s;
            }
            out[2 * i] *= (float) gain;
            out[2 * i + 1] *= (float) gain;
        }
    }

    /**
     * The roll-off filter: block k of the output from the last {@link #HALF_TAPS} samples of raw
     * block k - 1 ({@code prev}), raw block k ({@code cur}) and the first HALF_TAPS of raw block k + 1
     * ({@code next}), all interleaved.
     */
    void rolloff(float[] prev, float[] cur, float[] next, int n, float[] out) {
        int d = HALF_TAPS;
        java.util.Arrays.fill(bufRe, 0f);
        java.util.Arrays.fill(bufIm, 0f);
        for (int i = 0; i < d; i++) {
            bufRe[i] = prev[2 * (n - d + i)];
            bufIm[i] = prev[2 * (n - d + i) + 1];
        }
        for (int i = 0; i < n; i++) {
            bufRe[d + i] = cur[2 * i];
            bufIm[d + i] = cur[2 * i + 1];
        }
        for (int i = 0; i < d; i++) {
            bufRe[d + n + i] = next[2 * i];
            bufIm[d + n + i] = next[2 * i + 1];
        }
        fft.transform(bufRe, bufIm);
        for (int k = 0; k < N; k++) {
            float a = bufRe[k], b = bufIm[k], hr = hRe[k], hi = hIm[k];
            bufRe[k] = a * hr - b * hi;
            bufIm[k] = a * hi + b * hr;
        }
        // inverse by the swap trick: IFFT(X) = swap(FFT(swap(X))) / N
        fft.transform(bufIm, bufRe);
        float k = 1f / N;
        for (int i = 0; i < n; i++) {
            out[2 * i] = bufRe[d + i] * k;
            out[2 * i + 1] = bufIm[d + i] * k;
        }
    }

    /** 8-bit quantisation (codes 0..255 around 127.5, full scale 1.0), clipping beyond full scale. */
    void quantise(float[] out, int n) {
        if (!fx.cu8()) return;
        for (int i = 0; i < 2 * n; i++) out[i] = quantiseCu8(out[i]);
    }

    /** One value through an RTL-SDR's ADC: the nearest of 256 codes (x = (code - 127.5) / 127.5). */
    static float quantiseCu8(float x) {
        float c = Math.round(x * 127.5f + 127.5f);
        c = Math.clamp(c, 0f, 255f);
        return (c - 127.5f) / 127.5f;
    }
}
