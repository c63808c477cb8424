package dev.g20.synth;

import dev.g20.spectrogram.Fft;

/** The baseband generators behind each {@link Waveform}. All produce unit mean power. */
final class Basebands {
    private Basebands() {
    }

    /** Constellations as interleaved (I, Q) points with unit mean energy. */
    static final float[] BPSK = {1, 0, -1, 0};
    static final float[] QPSK;
    static final float[] QAM16;

    static {
        float r = (float) Math.sqrt(0.5);
        QPSK = new float[]{r, r, -r, r, -r, -r, r, -r};
        QAM16 = new float[32];
        float k = (float) (1 / Math.sqrt(10));
        int i = 0;
        for (int a = -3; a <= 3; a += 2)
            for (int b = -3; b <= 3; b += 2) {
                QAM16[i++] = a * k;
                QAM16[i++] = b * k;
            }
    }

    /** Pure carrier. */
    static final class Carrier implements Baseband {
        @Override
        public void generate(float[] re, float[] im, int n) {
            java.util.Arrays.fill(re, 0, n, 1f);
            java.util.Arrays.fill(im, 0, n, 0f);
        }
    }

    /** Mean square of voice audio of this seed, estimated over a few seconds (sets AM's power normalisation). */
    static double audioMeanSquare(long seed, double cutoffHz) {
        VoiceAudio a = new VoiceAudio(seed, cutoffHz, VoiceAudio.RATE);
        int n = (int) (VoiceAudio.RATE * 6);
        double s = 0;
        for (int i = 0; i < n; i++) {
            double v = a.next();
            s += v * v;
        }
        return s / n;
    }

    /**
     * A waveform modulated by voice audio: keeps the audio and the record of when its speech is
     * audible (a frame in a pause shows the bare carrier).
     */
    abstract static class VoiceBaseband implements Baseband {
        private final VoiceAudio audio;
        private final AudibleRuns runs = new AudibleRuns();
        private boolean on;

        VoiceBaseband(VoiceAudio audio) {
            this.audio = audio;
        }

        @Override
        public final void position(long sceneSample) {
            runs.position(sceneSample);
            on = runs.on();
        }

        @Override
        public final AudibleRuns audibleRuns() {
            return runs;
        }

        @Override
        public final void generate(float[] re, float[] im, int n) {
            modulate(re, im, n);
            runs.advance(n);
        }

        /** Writes the next {@code n} samples, taking the audio from {@link #audio(int)}. */
        abstract void modulate(float[] re, float[] im, int n);

        /** The audio for output sample {@code i} of the block; notes when speech turns audible or silent. */
        final float audio(int i) {
            float a = audio.next();
            if (audio.audible() != on) runs.turn(on = !on, i);
            return a;
        }
    }

    /** Full-carrier AM: (1 + m a(t)) / norm. */
    static final class AmVoice extends VoiceBaseband {
        private final float m;
        private final float norm;

        AmVoice(double fs, long seed, double audioHz, double modIndex) {
            super(new VoiceAudio(seed, audioHz, fs));
            this.m = (float) modIndex;
            this.norm = (float) (1 / Math.sqrt(1 + modIndex * modIndex * audioMeanSquare(seed, audioHz)));
        }

        @Override
        void modulate(float[] re, float[] im, int n) {
            for (int i = 0; i < n; i++) {
                re[i] = (1 + m * audio(i)) * norm;
                im[i] = 0;
            }
        }
    }

    /** FM: phase advances by deviation x a(t) per second. */
    static final class FmVoice extends VoiceBaseband {
        private final double stepPerUnit;
        private long phase;

        FmVoice(double fs, long seed, double audioHz, double deviationHz) {
            super(new VoiceAudio(seed, audioHz, fs));
            this.stepPerUnit = deviationHz / fs * Tables.CYCLE;
        }

        @Override
        void modulate(float[] re, float[] im, int n) {
            long ph = phase;
            for (int i = 0; i < n; i++) {
                ph += (long) (audio(i) * stepPerUnit);
                int idx = (int) (ph >>> Tables.SIN_SHIFT);
                re[i] = Tables.COS[idx];
                im[i] = Tables.SIN[idx];
            }
            phase = ph;
        }
    }

    /**
     * Pulse-shaping core shared by the linear modulations and GFSK: a table of the pulse sampled at
     * {@code PHASES} fractional symbol offsets for each of {@code 2 * span} taps, so one output
     * sample costs 2 * span multiply-adds whatever the samples per symbol (which need not be an integer).
     */
    static final int PHASES = 512;

    /** Root-raised-cosine pulse at t symbols. */
    static double rrc(double t, double a) {
        double at = Math.abs(t);
        if (at < 1e-9) return 1 - a + 4 * a / Math.PI;
        if (Math.abs(at - 1 / (4 * a)) < 1e-9) {
            return a / Math.sqrt(2) * ((1 + 2 / Math.PI) * Math.sin(Math.PI / (4 * a)) + (1 - 2 / Math.PI) * Math.cos(Math.PI / (4 * a)));
        }
        double num = Math.sin(Math.PI * t * (1 - a)) + 4 * a * t * Math.cos(Math.PI * t * (1 + a));
        double den = Math.PI * t * (1 - (4 * a * t) * (4 * a * t));
        return num / den;
    }

    /** erf, Abramowitz and Stegun 7.1.26 (|error| < 1.5e-7). */
    static double erf(double x) {
        double s = Math.signum(x);
        x = Math.abs(x);
        double t = 1 / (1 + 0.3275911 * x);
        double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
        return s * y;
    }

    /**
     * RRC-shaped symbols from a constellation (BPSK, QPSK, 16-QAM). When fs / symbol rate is an
     * integer (the scenarios round their rates so), every symbol uses the same samples of the
     * pulse, and a symbol's worth of output is a few multiply-adds over contiguous arrays that the
     * JIT vectorises; other rates take the general fractional-phase path.
     */
    static final class Linear implements Baseband {
        /** Pulse truncated at +-4 symbols: sidelobes near -40 dB, below the noise at any SNR the scenes use. */
        private static final int SPAN = 4;
        private static final int TAPS = 2 * SPAN;
        private final Rng rng;
        private final float[] points;
        private final int nPoints;
        // symbol history, written twice so the newest TAPS symbols are always contiguous
        private final float[] symRe = new float[2 * TAPS];
        private final float[] symIm = new float[2 * TAPS];
        private int head;

        // integer samples per symbol: taps by [tap][sample within symbol]
        private final int sps;
        private final float[] tapsBySample;
        private int j;

        // general path: taps by [phase][tap]
        private final float[] taps;
        private final double symPerSample;
        private double mu;

        Linear(double fs, long seed, double symbolRate, double rolloff, float[] constellation) {
            this.rng = new Rng(seed);
            this.points = constellation;
            this.nPoints = constellation.length / 2;
            this.symPerSample = symbolRate / fs;
            if (symPerSample > 0.5) throw new IllegalArgumentException("symbol rate above fs/2");
            double ratio = fs / symbolRate;
            long r = Math.round(ratio);
            if (Math.abs(ratio - r) < 1e-9 * ratio && r <= 4096) {
                sps = (int) r;
                tapsBySample = new float[TAPS * sps];
                double energy = 0;
                for (int k = 0; k < TAPS; k++)
                    for (int q = 0; q < sps; q++) {
                        // tap k multiplies the k-th newest symbol; sample q of the current symbol
                        double v = rrc((double) q / sps + k - SPAN, rolloff);
                        tapsBySample[k * sps + q] = (float) v;
                        energy += v * v;
                    }
                float norm = (float) (1 / Math.sqrt(energy / sps));
                for (int i = 0; i < tapsBySample.length; i++) tapsBySample[i] *= norm;
                taps = null;
                j = rng.nextInt(sps);
            } else {
                sps = 0;
                tapsBySample = null;
                taps = new float[PHASES * TAPS];
                double energy = 0;
                for (int p = 0; p < PHASES; p++) {
                    double m = (p + 0.5) / PHASES;
                    for (int k = 0; k < TAPS; k++) {
                        double v = rrc(m + k - SPAN, rolloff);
                        taps[p * TAPS + k] = (float) v;
                        energy += v * v;
                    }
                }
                float norm = (float) (1 / Math.sqrt(energy / PHASES));
                for (int i = 0; i < taps.length; i++) taps[i] *= norm;
                mu = rng.nextDouble();
            }
            for (int i = 0; i < TAPS; i++) push();
        }

        private void push() {
            int s = rng.nextInt(nPoints);
            head = (head + TAPS - 1) % TAPS;
            symRe[head] = symRe[head + TAPS] = points[2 * s];
            symIm[head] = symIm[head + TAPS] = points[2 * s + 1];
        }

        @Override
        public void generate(float[] re, float[] im, int n) {
            if (sps > 0) generateInteger(re, im, n);
            else generateFractional(re, im, n);
        }

        private void generateInteger(float[] re, float[] im, int n) {
            float[] h = tapsBySample;
            int i = 0;
            while (i < n) {
                int len = Math.min(n - i, sps - j);
                int hd = head;
                // the 8 newest symbols in registers; each tap's pulse samples are contiguous in t
                float r0 = symRe[hd], r1 = symRe[hd + 1], r2 = symRe[hd + 2], r3 = symRe[hd + 3];
                float r4 = symRe[hd + 4], r5 = symRe[hd + 5], r6 = symRe[hd + 6], r7 = symRe[hd + 7];
                float q0 = symIm[hd], q1 = symIm[hd + 1], q2 = symIm[hd + 2], q3 = symIm[hd + 3];
                float q4 = symIm[hd + 4], q5 = symIm[hd + 5], q6 = symIm[hd + 6], q7 = symIm[hd + 7];
                int b = j - i;
                int s1 = sps, s2 = 2 * sps, s3 = 3 * sps, s4 = 4 * sps, s5 = 5 * sps, s6 = 6 * sps, s7 = 7 * sps;
                for (int t = i; t < i + len; t++) {
                    int x = b + t;
                    float h0 = h[x], h1 = h[x + s1], h2 = h[x + s2], h3 = h[x + s3];
                    float h4 = h[x + s4], h5 = h[x + s5], h6 = h[x + s6], h7 = h[x + s7];
                    re[t] = h0 * r0 + h1 * r1 + h2 * r2 + h3 * r3 + h4 * r4 + h5 * r5 + h6 * r6 + h7 * r7;
                    im[t] = h0 * q0 + h1 * q1 + h2 * q2 + h3 * q3 + h4 * q4 + h5 * q5 + h6 * q6 + h7 * q7;
                }
                i += len;
                j += len;
                if (j == sps) {
                    j = 0;
                    push();
                }
            }
        }

        private void generateFractional(float[] re, float[] im, int n) {
            double m = mu;
            for (int i = 0; i < n; i++) {
                m += symPerSample;
                if (m >= 1) {
                    m -= 1;
                    push();
                }
                int base = ((int) (m * PHASES)) * TAPS;
                float ar = 0, ai = 0;
                for (int k = 0, q = head; k < TAPS; k++, q++) {
                    float h = taps[base + k];
                    ar += h * symRe[q];
                    ai += h * symIm[q];
                }
                re[i] = ar;
                im[i] = ai;
            }
            mu = m;
        }
    }

    /** GFSK: Gaussian-filtered frequency pulses, phase accumulated; constant envelope. */
    static final class Gfsk implements Baseband {
        private static final int SPAN = 2;
        private static final int TAPS = 2 * SPAN;
        private final Rng rng;
        private final int levels;
        private final float[] taps = new float[PHASES * TAPS];
        private final float[] sym = new float[2 * TAPS];
        private int head;
        private final double symPerSample;
        private final double stepPerUnit;
        private double mu;
        private long phase;

        Gfsk(double fs, long seed, double symbolRate, double deviationHz, double bt, int levels) {
            this.rng = new Rng(seed);
            this.levels = levels;
            this.symPerSample = symbolRate / fs;
            this.stepPerUnit = deviationHz / fs * Tables.CYCLE;
            double sigma = Math.sqrt(Math.log(2)) / (2 * Math.PI * bt);
            for (int p = 0; p < PHASES; p++) {
                double mu = (p + 0.5) / PHASES;
                for (int k = 0; k < TAPS; k++) {
                    // rectangular symbol [-0.5, 0.5] convolved with a Gaussian of std sigma
                    double t = mu + k - SPAN;
                    double g = 0.5 * (erf((t + 0.5) / (sigma * Math.sqrt(2))) - erf((t - 0.5) / (sigma * Math.sqrt(2))));
                    taps[p * TAPS + k] = (float) g;
                }
            }
            this.mu = rng.nextDouble();
            this.phase = rng.nextLong();
            for (int i = 0; i < TAPS; i++) push();
        }

        private void push() {
            float v = levels == 2 ? (rng.nextInt(2) * 2 - 1) : (rng.nextInt(4) * 2 - 3) / 3f;
            head = (head + TAPS - 1) % TAPS;
            sym[head] = sym[head + TAPS] = v;
        }

        @Override
        public void generate(float[] re, float[] im, int n) {
            double m = mu;
            long ph = phase;
            for (int i = 0; i < n; i++) {
                m += symPerSample;
                if (m >= 1) {
                    m -= 1;
                    push();
                }
                int base = ((int) (m * PHASES)) * TAPS;
                float f = 0;
                for (int k = 0, j = head; k < TAPS; k++, j++) f += taps[base + k] * sym[j];
                ph += (long) (f * stepPerUnit);
                int idx = (int) (ph >>> Tables.SIN_SHIFT);
                re[i] = Tables.COS[idx];
                im[i] = Tables.SIN[idx];
            }
            mu = m;
            phase = ph;
        }
    }

    /**
     * OFDM symbols by inverse FFT at the scene rate, each preceded by its cyclic prefix. As real
     * transmitters do, symbol edges are overlapped with a raised-cosine taper over a quarter of
     * the prefix (windowed overlap-add), which keeps the spectral skirts low.
     */
    static final class OfdmGen implements Baseband {
        private final Rng rng;
        private final int n;
        private final int used;
        private final int cp;
        private final int taper;
        private final float[] rise;
        private final float[] points;
        private final Fft fft;
        private final float[] fre;
        private final float[] fim;
        // the previous symbol's first taper samples: its cyclic suffix, faded out under our prefix
        private final float[] tailRe;
        private final float[] tailIm;
        private final float scale;
        private int pos;

        OfdmGen(long seed, int fftSize, int usedCarriers, double cpFraction, boolean qam16) {
            this.rng = new Rng(seed);
            this.n = fftSize;
            this.used = usedCarriers;
            this.cp = (int) Math.round(cpFraction * fftSize);
            this.taper = cp / 4;
            this.rise = new float[taper];
            for (int k = 0; k < taper; k++) rise[k] = (float) (0.5 - 0.5 * Math.cos(Math.PI * (k + 0.5) / taper));
            this.points = qam16 ? QAM16 : QPSK;
            this.fft = new Fft(fftSize);
            this.fre = new float[fftSize];
            this.fim = new float[fftSize];
            this.tailRe = new float[taper];
            this.tailIm = new float[taper];
            this.scale = (float) (1 / Math.sqrt(usedCarriers));
            this.pos = n + cp;
        }

        @Override
        public void begin(long length, long elapsed) {
            // each burst starts on a symbol boundary (a burst that began before the scene is mid-symbol)
            nextSymbol();
            java.util.Arrays.fill(tailRe, 0f);
            java.util.Arrays.fill(tailIm, 0f);
            pos = (int) (elapsed % (n + cp));
        }

        private void nextSymbol() {
            // keep the outgoing symbol's cyclic suffix (= its first body samples)
            for (int k = 0; k < taper; k++) {
                tailRe[k] = fim[k] * scale;
                tailIm[k] = fre[k] * scale;
            }
            java.util.Arrays.fill(fre, 0f);
            java.util.Arrays.fill(fim, 0f);
            int np = points.length / 2;
            for (int k = 1; k <= used / 2; k++) {
                int a = rng.nextInt(np), b = rng.nextInt(np);
                // inverse FFT as a forward FFT of swapped (I, Q): load Q into re and I into im
                fim[k] = points[2 * a];
                fre[k] = points[2 * a + 1];
                fim[n - k] = points[2 * b];
                fre[n - k] = points[2 * b + 1];
            }
            fft.transform(fre, fim);
            pos = 0;
        }

        @Override
        public void generate(float[] re, float[] im, int count) {
            int len = n + cp;
            int i = 0;
            while (i < count) {
                if (pos >= len) nextSymbol();
                // a run inside the prefix (which repeats the body's last cp samples) or inside the body
                int run = pos < cp ? Math.min(count - i, cp - pos) : Math.min(count - i, len - pos);
                int src = pos < cp ? n - cp + pos : pos - cp;
                float k = scale;
                for (int t = 0; t < run; t++) {
                    re[i + t] = fim[src + t] * k;
                    im[i + t] = fre[src + t] * k;
                }
                // windowed overlap with the previous symbol's suffix over the first taper samples
                for (int t = 0; pos + t < taper && t < run; t++) {
                    float w = rise[pos + t], v = 1 - w;
                    re[i + t] = re[i + t] * w + tailRe[pos + t] * v;
                    im[i + t] = im[i + t] * w + tailIm[pos + t] * v;
                }
                pos += run;
                i += run;
            }
        }
    }

    /** Linear FM pulse: sweeps from -B/2 to +B/2 (or down) over the emission. */
    static final class Lfm implements Baseband {
        private final Rng rng;
        private final double fs;
        private final double sweepHz;
        private final boolean up;
        private long phase;
        private long inc;
        private long dinc;

        Lfm(double fs, long seed, double sweepHz, boolean up) {
            this.rng = new Rng(seed);
            this.fs = fs;
            this.sweepHz = sweepHz;
            this.up = up;
        }

        @Override
        public void begin(long length, long elapsed) {
            double sign = up ? 1 : -1;
            double rate = sign * sweepHz / Math.max(1, length - 1) / fs; // cycles/sample per sample
            double f0 = -sign * sweepHz / 2 / fs + rate * elapsed;
            inc = Tables.phaseStep(f0);
            dinc = (long) (rate * Tables.CYCLE);
            phase = rng.nextLong();
        }

        @Override
        public void generate(float[] re, float[] im, int n) {
            long ph = phase, in = inc;
            for (int i = 0; i < n; i++) {
                int idx = (int) (ph >>> Tables.SIN_SHIFT);
                re[i] = Tables.COS[idx];
                im[i] = Tables.SIN[idx];
                ph += in;
                in += dinc;
            }
            phase = ph;
            inc = in;
        }
    }
}
