package dev.g20.synth;

/**
 * A running emitter: its spec, baseband generator, on/off schedule and carrier oscillator.
 * {@link #render} adds its samples for one block into the scene's output; nothing is allocated
 * per sample or per block.
 */
final class Emitter {
    /**
     * No annotation is narrower than fs / 1024: four bins of the default 4096-point spectrogram,
     * the width of a Hann window's main lobe, so a carrier's line lies inside its box.
     */
    static final double MIN_BANDWIDTH_FRACTION = 1.0 / 1024;

    final int id;
    final EmitterSpec spec;
    final String label;
    final double fs;
    /** Instantaneous occupied bandwidth: the annotation's width when not drifting or hopping. */
    final double bandwidthHz;
    final float amplitude;
    final Drift drift;
    private final Baseband baseband;
    private final Schedule schedule;
    private final Rng rng;
    private final AnnotationLog log;
    private final long rampSamples;

    private Emission current;
    private boolean begun;
    private boolean exhausted;
    private long phase;

    static double annotatedBandwidth(Waveform w, double fs) {
        return Math.max(w.bandwidthHz(fs), fs * MIN_BANDWIDTH_FRACTION);
    }

    /** Mean power (linear, full scale 1) that gives {@code snrDb} over noise of {@code noisePower} in {@code bandwidthHz}. */
    static double powerFor(double snrDb, double noisePower, double bandwidthHz, double fs) {
        return Math.pow(10, snrDb / 10) * noisePower * bandwidthHz / fs;
    }

    Emitter(int id, EmitterSpec spec, double fs, double noisePower, long seed, AnnotationLog log) {
        this.id = id;
        this.spec = spec;
        this.label = spec.label();
        this.fs = fs;
        this.bandwidthHz = annotatedBandwidth(spec.waveform(), fs);
        this.amplitude = (float) Math.sqrt(powerFor(spec.snrDb(), noisePower, bandwidthHz, fs));
        this.drift = spec.driftHzPerS() == 0 ? Drift.fixed(spec.offsetHz(), fs)
                : new Drift(spec.offsetHz(), spec.driftHzPerS(), spec.driftLoHz(), spec.driftHiHz(), fs);
        this.baseband = spec.waveform().newBaseband(fs, Rng.derive(seed, 1));
        this.schedule = new Schedule(spec.timing(), fs, Rng.derive(seed, 2));
        this.rng = new Rng(Rng.derive(seed, 3));
        this.log = log;
        // on/off edges are raised-cosine ramps of a few reciprocal bandwidths (20 us to 2 ms), so a
        // burst edge does not splatter across the whole band as a hard switch would
        double edge = spec.waveform().edgeSeconds();
        double ramp = Double.isNaN(edge) ? Math.clamp(4 / bandwidthHz, 20e-6, 2e-3) : edge;
        this.rampSamples = Math.max(1, Math.round(ramp * fs));
    }

    private Emission nextEmission() {
        Emission e;
        do {
            e = schedule.next();
        } while (e != null && e.end() <= 0);
        if (e != null) log.add(this, e);
        return e;
    }

    /**
     * Adds this emitter's samples for [blockStart, blockStart + n) to {@code accRe}/{@code accIm}
     * (planar, so the inner loops vectorise). Blocks must come in order; {@code re} and {@code im}
     * are scratch of at least n.
     */
    void render(long blockStart, int n, float[] accRe, float[] accIm, float[] re, float[] im) {
        long blockEnd = blockStart + n;
        while (true) {
            if (current == null) {
                if (exhausted) return;
                current = nextEmission();
                begun = false;
                if (current == null) {
                    exhausted = true;
                    return;
                }
            }
            Emission e = current;
            if (e.start() >= blockEnd) return;
            long a = Math.max(blockStart, e.start());
            long b = Math.min(blockEnd, e.end());
            if (b > a) {
                if (!begun) {
                    baseband.begin(e.length(), a - e.start());
                    phase = rng.nextLong();
                    begun = true;
                }
                int m = (int) (b - a);
                baseband.position(a);
                baseband.generate(re, im, m);
                ramp(e, a, m, re, im);
                mix(e, a, m, re, im, accRe, accIm, (int) (a - blockStart));
            }
            if (e.end() > blockEnd) return;
            current = null;
        }
    }

    private void ramp(Emission e, long a, int m, float[] re, float[] im) {
        long r = Math.min(rampSamples, Math.max(1, e.length() / 4));
        if (e.start() > 0) {
            // rising edge: samples e.start .. e.start + r - 1
            long to = Math.min(a + m, e.start() + r);
            for (long t = a; t < to; t++) scale(re, im, (int) (t - a), rampGain(t - e.start(), r));
        }
        long from = Math.max(a, e.end() - r);
        for (long t = from; t < a + m; t++) scale(re, im, (int) (t - a), rampGain(e.end() - 1 - t, r));
    }

    private static void scale(float[] re, float[] im, int i, float g) {
        re[i] *= g;
        im[i] *= g;
    }

    private static float rampGain(long k, long r) {
        return k >= r ? 1f : (float) (0.5 - 0.5 * Math.cos(Math.PI * (k + 0.5) / r));
    }

    /** Carrier samples per chunk of the fixed-frequency mixer. */
    private static final int CHUNK = 256;
    /** exp(j 2 pi f t / fs) for t in [0, CHUNK) at the frequency {@link #rotFreq}. */
    private final float[] rotRe = new float[CHUNK];
    private final float[] rotIm = new float[CHUNK];
    private double rotFreq = Double.NaN;

    /** Moves the baseband to its carrier (drift and hop included) and adds it into the accumulators. */
    private void mix(Emission e, long a, int m, float[] re, float[] im, float[] accRe, float[] accIm, int outOffset) {
        if (!drift.moving()) {
            mixFixed(drift.offsetHz() + e.hopOffsetHz(), m, re, im, accRe, accIm, outOffset);
            return;
        }
        long s = a;
        long end = a + m;
        long ph = phase;
        float amp = amplitude;
        while (s < end) {
            long stop = Math.min(end, drift.nextTurn(s));
            double f = drift.at(s) + e.hopOffsetHz();
            long inc = Tables.phaseStep(f / fs);
            long dinc = (long) (drift.slopeAt(s) / fs / fs * Tables.CYCLE);
            int i0 = (int) (s - a), i1 = (int) (stop - a);
            for (int i = i0, o = outOffset + i0; i < i1; i++, o++) {
                int idx = (int) (ph >>> Tables.SIN_SHIFT);
                float c = Tables.COS[idx] * amp, sn = Tables.SIN[idx] * amp;
                float x = re[i], y = im[i];
                accRe[o] += x * c - y * sn;
                accIm[o] += x * sn + y * c;
                ph += inc;
                inc += dinc;
            }
            s = stop;
        }
        phase = ph;
    }

    /**
     * Fixed frequency: the carrier of each chunk is its exact start phasor times a precomputed
     * rotation table, so the loop is plain multiply-adds over arrays (vectorised by the JIT) and
     * the phase, kept as a 64-bit accumulator, never drifts.
     */
    private void mixFixed(double f, int m, float[] re, float[] im, float[] accRe, float[] accIm, int outOffset) {
        if (f != rotFreq) {
            for (int t = 0; t < CHUNK; t++) {
                double a = 2 * Math.PI * f * t / fs;
                rotRe[t] = (float) Math.cos(a);
                rotIm[t] = (float) Math.sin(a);
            }
            rotFreq = f;
        }
        long inc = Tables.phaseStep(f / fs);
        long ph = phase;
        for (int c = 0; c < m; c += CHUNK) {
            int len = Math.min(CHUNK, m - c);
            double a = (ph >>> 11) * (2 * Math.PI / 0x1.0p53);
            float cr = (float) (Math.cos(a) * amplitude), ci = (float) (Math.sin(a) * amplitude);
            int o = outOffset + c;
            for (int t = 0; t < len; t++) {
                float wr = rotRe[t] * cr - rotIm[t] * ci;
                float wi = rotRe[t] * ci + rotIm[t] * cr;
                float x = re[c + t], y = im[c + t];
                accRe[o + t] += x * wr - y * wi;
                accIm[o + t] += x * wi + y * wr;
            }
            ph += inc * len;
        }
        phase = ph;
    }

    /** When this emitter's modulation is audible, or null when every frame of an emission shows it. */
    AudibleRuns audibleRuns() {
        return baseband.audibleRuns();
    }

    /** [lo, hi] offsets (Hz from the tuned centre) occupied during samples [a, b) of {@code e}. */
    double[] band(Emission e, long a, long b) {
        double[] r = drift.range(a, b);
        double half = bandwidthHz / 2;
        return new double[]{r[0] + e.hopOffsetHz() - half, r[1] + e.hopOffsetHz() + half};
    }
}
