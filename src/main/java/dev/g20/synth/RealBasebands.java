package dev.g20.synth;

import dev.g20.spectrogram.Fft;

/**
 * Baseband generators of the real-world families ({@link Waveform.Ook}, {@link Waveform.RadarPulses},
 * {@link Waveform.ModeS}, {@link Waveform.Css}, {@link Waveform.OfdmNumerology}, {@link Waveform.WbFm}),
 * all defined in physical time so they look right at any sample rate. Keyed and pulsed ones have
 * unit power while on.
 */
final class RealBasebands {
    private RealBasebands() {
    }

    /**
     * A keyed envelope sampled at any rate: each output sample is the share of a window around it
     * (one sample period, or the transmitter's rise time if longer) during which the key is down,
     * estimated at {@link #SUB} points. So a pulse shorter than a sample keeps its energy, and the
     * rise time shapes the keying splatter.
     */
    abstract static class Keyed implements Baseband {
        private static final int SUB = 8;
        final double fs;
        private final double window;
        /** Sample index within the emission. */
        long n;

        Keyed(double fs, double riseS) {
            this.fs = fs;
            this.window = Math.max(1 / fs, riseS);
        }

        /** True when the key is down at {@code t} seconds after the emission began. */
        abstract boolean on(double t);

        /** Called at the start of each emission (after {@link #n} is set). */
        void emission() {
        }

        @Override
        public final void begin(long length, long elapsed) {
            n = elapsed;
            emission();
        }

        @Override
        public final void generate(float[] re, float[] im, int count) {
            double step = window / SUB;
            for (int i = 0; i < count; i++, n++) {
                double t0 = n / fs - window / 2 + step / 2;
                int k = 0;
                for (int j = 0; j < SUB; j++) if (on(t0 + j * step)) k++;
                re[i] = (float) k / SUB;
                im[i] = 0;
            }
        }
    }

    /** On-off keying of a fixed code word, PWM or Manchester. */
    static final class OokGen extends Keyed {
        private final boolean[] word;
        private final double bitRate;
        private final Waveform.Keying keying;

        OokGen(double fs, long seed, Waveform.Ook o) {
            super(fs, o.riseS());
            Rng r = new Rng(seed);
            word = new boolean[o.bits()];
            for (int i = 0; i < word.length; i++) word[i] = r.chance(0.5);
            bitRate = o.bitRate();
            keying = o.keying();
        }

        @Override
        boolean on(double t) {
            if (t < 0) return false;
            double b = t * bitRate;
            long k = (long) b;
            double frac = b - k;
            boolean bit = word[(int) (k % word.length)];
            return switch (keying) {
                case PWM -> frac < (bit ? 2.0 / 3 : 1.0 / 3);
                case MANCHESTER -> bit == (frac < 0.5);
            };
        }
    }

    /** Plain carrier pulses of a fixed width and repetition interval, from the start of each emission. */
    static final class PulseTrainGen extends Keyed {
        private final double width;
        private final double pri;

        PulseTrainGen(double fs, long seed, double widthS, double priS, double riseS) {
            super(fs, riseS);
            this.width = widthS;
            this.pri = priS;
        }

        @Override
        boolean on(double t) {
            if (t < 0) return false;
            return t - Math.floor(t / pri) * pri < width;
        }
    }

    /** Mode S PPM: preamble and 56 or 112 random bits per message. */
    static final class ModeSGen extends Keyed {
        private static final double US = 1e-6;
        private final Rng rng;
        private final boolean[] bits;

        ModeSGen(double fs, long seed, Waveform.ModeS m) {
            super(fs, m.riseS());
            this.rng = new Rng(seed);
            this.bits = new boolean[m.extended() ? 112 : 56];
        }

        @Override
        void emission() {
            for (int i = 0; i < bits.length; i++) bits[i] = rng.chance(0.5);
            // downlink format 17 (extended squitter) or 11 (all-call reply) in the first five bits
            int df = bits.length == 112 ? 17 : 11;
            for (int i = 0; i < 5; i++) bits[i] = ((df >> (4 - i)) & 1) == 1;
        }

        @Override
        boolean on(double t) {
            double u = t / US;
            if (u < 0) return false;
            if (u < 8) return u < 0.5 || (u >= 1 && u < 1.5) || (u >= 3.5 && u < 4) || (u >= 4.5 && u < 5);
            int k = (int) (u - 8);
            if (k >= bits.length) return false;
            double frac = u - 8 - k;
            return bits[k] ? frac < 0.5 : frac >= 0.5;
        }
    }

    /**
     * LoRa-like chirp spread spectrum: the instantaneous frequency of each symbol is a sawtooth
     * over the bandwidth, started at the symbol's value; phase accumulated sample by sample.
     */
    static final class CssGen implements Baseband {
        private static final double PREAMBLE = 8;
        private static final double SYNC = 2;
        private static final double DOWN = 2.25;
        private final Rng rng;
        private final double fs;
        private final double bw;
        private final double symbol;
        private final int chips;
        private final int[] sync = new int[2];
        private long n;
        private long phase;
        private long payloadIndex = -1;
        private double payloadShift;

        CssGen(double fs, long seed, Waveform.Css c) {
            this.rng = new Rng(seed);
            this.fs = fs;
            this.bw = c.bandwidthHz();
            this.symbol = c.symbolS();
            this.chips = 1 << c.sf();
            // the network's sync word: two symbols of the same value for every packet of this emitter
            sync[0] = (rng.nextInt(16) * chips) / 32;
            sync[1] = (rng.nextInt(16) * chips) / 32;
        }

        @Override
        public void begin(long length, long elapsed) {
            n = elapsed;
            phase = rng.nextLong();
            payloadIndex = -1;
        }

        /** Instantaneous frequency (Hz) at {@code t} seconds into the packet. */
        private double frequency(double t) {
            double s = t / symbol;
            if (s < PREAMBLE + SYNC) {
                int k = (int) s;
                double shift = k < PREAMBLE ? 0 : (double) sync[k - (int) PREAMBLE] / chips;
                return -bw / 2 + bw * frac(s - k + shift);
            }
            if (s < PREAMBLE + SYNC + DOWN) return bw / 2 - bw * frac(s - (PREAMBLE + SYNC));
            double p = s - (PREAMBLE + SYNC + DOWN);
            long k = (long) p;
            if (k != payloadIndex) {
                payloadIndex = k;
                payloadShift = (double) rng.nextInt(chips) / chips;
            }
            return -bw / 2 + bw * frac(p - k + payloadShift);
        }

        private static double frac(double x) {
            return x - Math.floor(x);
        }

        @Override
        public void generate(float[] re, float[] im, int count) {
            long ph = phase;
            for (int i = 0; i < count; i++, n++) {
                int idx = (int) (ph >>> Tables.SIN_SHIFT);
                re[i] = Tables.COS[idx];
                im[i] = Tables.SIN[idx];
                ph += Tables.phaseStep(frequency(n / fs) / fs);
            }
            phase = ph;
        }
    }

    /**
     * OFDM at any sample rate: each symbol's body (one period of the sum of its carriers) is
     * computed by inverse FFT on a grid of M points, M a power of two at least 4 x the used carriers
     * and at least the samples per symbol, and read at the scene's sample times by cubic
     * interpolation (exact when the scene's samples fall on grid points, e.g. WiFi at 20 MS/s). The
     * cyclic prefix is the same periodic function read before the body; the first quarter of each
     * prefix is cross-faded with the previous symbol's continuation (windowed overlap).
     */
    static final class OfdmAnyRate implements Baseband {
        private final Rng rng;
        private final double fs;
        private final int m;
        private final int used;
        private final double body;
        private final double prefix;
        private final double period;
        private final double taper;
        private final float[] points;
        private final Fft fft;
        private final float[] fre;
        private final float[] fim;
        private float[] curRe;
        private float[] curIm;
        private float[] prevRe;
        private float[] prevIm;
        private final float scale;
        private long n;
        private long symbolIndex = Long.MIN_VALUE;

        OfdmAnyRate(double fs, long seed, Waveform.OfdmNumerology o) {
            this.rng = new Rng(seed);
            this.fs = fs;
            this.used = o.usedCarriers();
            this.body = 1 / o.spacingHz();
            this.prefix = o.cpFraction() * body;
            this.period = body + prefix;
            this.taper = prefix / 4;
            int want = (int) Math.max(4L * (used + 2), (long) Math.ceil(fs * body - 1e-9));
            this.m = Integer.highestOneBit(Math.max(16, want - 1)) << 1;
            this.points = o.qam16() ? Basebands.QAM16 : Basebands.QPSK;
            this.fft = new Fft(m);
            this.fre = new float[m];
            this.fim = new float[m];
            this.curRe = new float[m];
            this.curIm = new float[m];
            this.prevRe = new float[m];
            this.prevIm = new float[m];
            this.scale = (float) (1 / Math.sqrt(used));
        }

        /** Grid size (for tests). */
        int gridSize() {
            return m;
        }

        @Override
        public void begin(long length, long elapsed) {
            n = elapsed;
            symbolIndex = Long.MIN_VALUE;
            java.util.Arrays.fill(curRe, 0f);
            java.util.Arrays.fill(curIm, 0f);
        }

        private void nextSymbol() {
            float[] t = prevRe;
            prevRe = curRe;
            curRe = t;
            t = prevIm;
            prevIm = curIm;
            curIm = t;
            java.util.Arrays.fill(fre, 0f);
            java.util.Arrays.fill(fim, 0f);
            int np = points.length / 2;
            for (int k = 1; k <= used / 2; k++) {
                int a = rng.nextInt(np), b = rng.nextInt(np);
                // inverse FFT as a forward FFT of swapped (I, Q)
                fim[k] = points[2 * a];
                fre[k] = points[2 * a + 1];
                fim[m - k] = points[2 * b];
                fre[m - k] = points[2 * b + 1];
            }
            fft.transform(fre, fim);
            for (int i = 0; i < m; i++) {
                curRe[i] = fim[i] * scale;
                curIm[i] = fre[i] * scale;
            }
        }

        @Override
        public void generate(float[] re, float[] im, int count) {
            for (int i = 0; i < count; i++, n++) {
                double t = n / fs;
                long k = (long) Math.floor(t / period);
                if (k != symbolIndex) {
                    // a burst that began before the scene starts mid-symbol: one fresh symbol, no history
                    if (symbolIndex != Long.MIN_VALUE && k != symbolIndex + 1) nextSymbol();
                    nextSymbol();
                    symbolIndex = k;
                }
                double tau = t - k * period - prefix; // time from the body's start: negative in the prefix
                double u = tau / body * m;
                float vr = interp(curRe, u), vi = interp(curIm, u);
                double into = t - k * period;
                if (into < taper && k > 0) {
                    double w = 0.5 - 0.5 * Math.cos(Math.PI * into / taper);
                    double up = (tau + period) / body * m; // the previous symbol, continued
                    vr = (float) (w * vr + (1 - w) * interp(prevRe, up));
                    vi = (float) (w * vi + (1 - w) * interp(prevIm, up));
                }
                re[i] = vr;
                im[i] = vi;
            }
        }

        /** Cubic Lagrange interpolation of the periodic grid {@code g} at position {@code u} (grid points). */
        private float interp(float[] g, double u) {
            double fl = Math.floor(u);
            double x = u - fl;
            int i = Math.floorMod((long) fl, m);
            float p1 = g[i];
            if (x < 1e-9) return p1;
            float p0 = g[(i - 1 + m) & (m - 1)], p2 = g[(i + 1) & (m - 1)], p3 = g[(i + 2) & (m - 1)];
            double a = -x * (x - 1) * (x - 2) / 6, b = (x + 1) * (x - 1) * (x - 2) / 2, c = -(x + 1) * x * (x - 2) / 2, d = (x + 1) * x * (x - 1) / 6;
            return (float) (a * p0 + b * p1 + c * p2 + d * p3);
        }
    }

    /**
     * Broadcast FM: the multiplex (mono voice plus a music-like bed of low-passed noise, 19 kHz
     * pilot, optional 38 kHz stereo difference) frequency-modulates the carrier at the peak
     * deviation; the multiplex is clipped to [-1, 1] as a broadcast limiter does.
     */
    static final class WbFmGen implements Baseband {
        private static final double BED_HZ = 12e3;
        private final VoiceAudio voice;
        private final Rng rng;
        private final double stepPerUnit;
        private final boolean stereo;
        private final double alpha;
        private final double bedNorm;
        private final long pilotStep;
        private double b1, b2, d1, d2;
        private long pilot;
        private long phase;

        WbFmGen(double fs, long seed, Waveform.WbFm w) {
            this.voice = new VoiceAudio(Rng.derive(seed, 1), 7000, fs);
            this.rng = new Rng(Rng.derive(seed, 2));
            this.stepPerUnit = w.deviationHz() / fs * Tables.CYCLE;
            this.stereo = w.stereo();
            this.alpha = 1 - Math.exp(-2 * Math.PI * Math.min(BED_HZ, 0.2 * fs) / fs);
            // two cascaded one-pole low-passes of unit white noise: variance a^2 (1 + p) / ((1 - p)(1 + p)^2 ...) estimated once
            double x1 = 0, x2 = 0, s = 0;
            int count = 1 << 16;
            Rng est = new Rng(Rng.derive(seed, 3));
            for (int i = 0; i < count; i++) {
                x1 += alpha * (est.gaussian() - x1);
                x2 += alpha * (x1 - x2);
                if (i >= count / 4) s += x2 * x2;
            }
            this.bedNorm = 1 / Math.sqrt(s / (count - count / 4));
            this.pilotStep = Tables.phaseStep(19e3 / fs);
            this.phase = rng.nextLong();
            this.pilot = rng.nextLong();
        }

        @Override
        public void generate(float[] re, float[] im, int count) {
            long ph = phase, pp = pilot;
            for (int i = 0; i < count; i++) {
                b1 += alpha * (rng.gaussian() - b1);
                b2 += alpha * (b1 - b2);
                double mono = 0.3 * voice.next() + 0.25 * b2 * bedNorm;
                int pi = (int) (pp >>> Tables.SIN_SHIFT);
                double mpx = mono + 0.1 * Tables.SIN[pi];
                if (stereo) {
                    d1 += alpha * (rng.gaussian() - d1);
                    d2 += alpha * (d1 - d2);
                    // 38 kHz = twice the pilot's phase
                    int si = (int) ((pp << 1) >>> Tables.SIN_SHIFT);
                    mpx += 0.2 * d2 * bedNorm * Tables.SIN[si];
                }
                mpx = Math.clamp(mpx, -1, 1);
                ph += (long) (mpx * stepPerUnit);
                int idx = (int) (ph >>> Tables.SIN_SHIFT);
                re[i] = Tables.COS[idx];
                im[i] = Tables.SIN[idx];
                pp += pilotStep;
            }
            phase = ph;
            pilot = pp;
        }
    }
}
