package dev.g20.synth;

import dev.g20.source.SigMfAnnotation;

import java.util.ArrayList;
import java.util.List;

/**
 * A synthetic RF scene: emitters plus thermal noise plus optional receiver impairments, rendered
 * in fixed blocks of {@link #BLOCK} samples (so the output does not depend on how callers chunk
 * their reads), with its ground truth kept in an {@link AnnotationLog}.
 */
public final class Scene {
    /** Samples per rendered block. */
    public static final int BLOCK = 8192;

    /**
     * Default thermal noise power, dBFS per complex sample. On the default spectrogram (4096-point
     * Hann) that is about -78 dB per bin: visible but dark in the [-90, -30] display range.
     */
    public static final double DEFAULT_NOISE_DBFS = -44;

    /** The sum of all signals is kept at or below this mean power, so ci16 never clips. */
    public static final double POWER_BUDGET_DBFS = -18;

    /** Default segment length for drifting emissions: the default canonical frame span (256 rows x hop 2048). */
    public static final long DEFAULT_SEGMENT_SAMPLES = 256L * 2048;

    /**
     * How the scene is received.
     *
     * @param noise          false renders the emitters alone (SNRs are still relative to noisePowerDbfs)
     * @param segmentSamples drifting emissions are annotated in pieces aligned to multiples of this
     * @param receiver       receiver effects beyond the impairments (AGC, roll-off, 8-bit quantisation, intermodulation)
     */
    public record Settings(double sampleRateHz, double centerFreqHz, double noisePowerDbfs, boolean noise,
                           Impairments impairments, long segmentSamples, ReceiverEffects receiver) {
        public Settings {
            if (!(sampleRateHz > 0) || !Double.isFinite(centerFreqHz) || !Double.isFinite(noisePowerDbfs) || segmentSamples < 1 || receiver == null)
                throw new IllegalArgumentException("scene settings: sample rate > 0, finite centre and noise, segment >= 1, receiver effects");
        }

        public static Settings of(double sampleRateHz, double centerFreqHz) {
            return new Settings(sampleRateHz, centerFreqHz, DEFAULT_NOISE_DBFS, true, Impairments.NONE, DEFAULT_SEGMENT_SAMPLES, ReceiverEffects.NONE);
        }

        public Settings withNoise(boolean on) {
            return new Settings(sampleRateHz, centerFreqHz, noisePowerDbfs, on, impairments, segmentSamples, receiver);
        }

        public Settings withImpairments(Impairments i) {
            return new Settings(sampleRateHz, centerFreqHz, noisePowerDbfs, noise, i, segmentSamples, receiver);
        }

        public Settings withSegmentSamples(long s) {
            return new Settings(sampleRateHz, centerFreqHz, noisePowerDbfs, noise, impairments, s, receiver);
        }

        public Settings withNoisePowerDbfs(double dbfs) {
            return new Settings(sampleRateHz, centerFreqHz, dbfs, noise, impairments, segmentSamples, receiver);
        }

        public Settings withReceiver(ReceiverEffects r) {
            return new Settings(sampleRateHz, centerFreqHz, noisePowerDbfs, noise, impairments, segmentSamples, r);
        }

        /** Linear noise power per complex sample (full scale 1). */
        public double noisePower() {
            return Math.pow(10, noisePowerDbfs / 10);
        }
    }

    private final Settings settings;
    private final List<EmitterSpec> specs;
    private final Emitter[] emitters;
    private final AnnotationLog log;
    private final Rng noiseRng;
    private final Rng impairRng;
    private final float noiseSigma;
    private final float[] re = new float[BLOCK];
    private final float[] im = new float[BLOCK];
    private final float[] accRe = new float[BLOCK];
    private final float[] accIm = new float[BLOCK];
    private long nextBlock;
    /** Receiver effects; null when there are none (the original scenes' path, unchanged). */
    private final ReceiverChain chain;
    // with the roll-off filter: raw blocks k - 1, k and k + 1 (one rendered ahead)
    private float[] rawPrev;
    private float[] rawCur;
    private float[] rawNext;

    // impairment state
    private final long phaseNoiseStep;
    private long lo;
    private final float iqA;
    private final float iqB;
    private final float dcI;
    private final float dcQ;

    public Scene(Settings settings, List<EmitterSpec> specs, long seed) {
        this.settings = settings;
        this.specs = List.copyOf(specs);
        this.log = new AnnotationLog(settings.centerFreqHz(), settings.segmentSamples());
        double fs = settings.sampleRateHz();
        this.emitters = new Emitter[specs.size()];
        for (int i = 0; i < emitters.length; i++)
            emitters[i] = new Emitter(i, specs.get(i), fs, settings.noisePower(), Rng.derive(seed, 1000 + i), log);
        this.noiseRng = new Rng(Rng.derive(seed, 1));
        this.impairRng = new Rng(Rng.derive(seed, 2));
        this.noiseSigma = (float) Math.sqrt(settings.noisePower() / 2);
        Impairments imp = settings.impairments();
        // Wiener phase noise: per-sample phase step std sqrt(2 pi linewidth / fs) radians
        this.phaseNoiseStep = (long) (Math.sqrt(2 * Math.PI * imp.phaseNoiseHz() / fs) / (2 * Math.PI) * Tables.CYCLE);
        double g = Math.pow(10, imp.iqGainDb() / 20);
        double p = Math.toRadians(imp.iqPhaseDeg());
        // Q' = g (Q cos p + I sin p)
        this.iqA = (float) (g * Math.cos(p));
        this.iqB = (float) (g * Math.sin(p));
        double dc = imp.dcOffsetDbfs() == Double.NEGATIVE_INFINITY ? 0 : Math.pow(10, imp.dcOffsetDbfs() / 20);
        double dcAngle = impairRng.uniform(0, 2 * Math.PI);
        this.dcI = (float) (dc * Math.cos(dcAngle));
        this.dcQ = (float) (dc * Math.sin(dcAngle));
        this.lo = impairRng.nextLong();
        if (settings.receiver().any()) {
            double strongest = 0;
            for (EmitterSpec s : specs)
                strongest = Math.max(strongest, Emitter.powerFor(s.snrDb(), settings.noisePower(), Emitter.annotatedBandwidth(s.waveform(), fs), fs));
            this.chain = new ReceiverChain(settings.receiver(), fs, strongest, Rng.derive(seed, 3));
        } else {
            this.chain = null;
        }
    }

    public Settings settings() {
        return settings;
    }

    public List<EmitterSpec> emitters() {
        return specs;
    }

    /** Samples rendered so far. */
    public long rendered() {
        return nextBlock * BLOCK;
    }

    /** Renders the next block of {@link #BLOCK} samples into {@code out} (interleaved I/Q). */
    public void renderNext(float[] out) {
        if (chain != null) {
            renderWithReceiver(out);
            return;
        }
        long start = nextBlock * BLOCK;
        java.util.Arrays.fill(accRe, 0f);
        java.util.Arrays.fill(accIm, 0f);
        for (Emitter e : emitters) e.render(start, BLOCK, accRe, accIm, re, im);
        for (int i = 0; i < BLOCK; i++) {
            out[2 * i] = accRe[i];
            out[2 * i + 1] = accIm[i];
        }
        if (settings.noise()) addNoise(out);
        if (settings.impairments().any()) impair(out);
        nextBlock++;
    }

    /** The receiver-effects path: raw blocks (emitters, front end, noise, AGC, impairments), then roll-off and quantisation. */
    private void renderWithReceiver(float[] out) {
        if (!chain.lookahead()) {
            renderRaw(nextBlock, out);
        } else {
            if (rawCur == null) {
                rawPrev = new float[2 * BLOCK];
                rawCur = new float[2 * BLOCK];
                rawNext = new float[2 * BLOCK];
                renderRaw(0, rawCur);
            } else {
                float[] t = rawPrev;
                rawPrev = rawCur;
                rawCur = rawNext;
                rawNext = t;
            }
            renderRaw(nextBlock + 1, rawNext);
            chain.rolloff(rawPrev, rawCur, rawNext, BLOCK, out);
        }
        chain.quantise(out, BLOCK);
        nextBlock++;
    }

    private void renderRaw(long block, float[] out) {
        long start = block * BLOCK;
        java.util.Arrays.fill(accRe, 0f);
        java.util.Arrays.fill(accIm, 0f);
        for (Emitter e : emitters) e.render(start, BLOCK, accRe, accIm, re, im);
        chain.front(accRe, accIm, BLOCK);
        for (int i = 0; i < BLOCK; i++) {
            out[2 * i] = accRe[i];
            out[2 * i + 1] = accIm[i];
        }
        if (settings.noise()) addNoise(out);
        chain.agc(out, start, BLOCK);
        if (settings.impairments().any()) impair(out);
    }

    private void addNoise(float[] out) {
        float s = noiseSigma;
        float[] g = Tables.GAUSS;
        for (int i = 0; i < 2 * BLOCK; i += 4) {
            long r = noiseRng.nextLong();
            out[i] += s * g[(int) (r & 0xFFFF)];
            out[i + 1] += s * g[(int) ((r >>> 16) & 0xFFFF)];
            out[i + 2] += s * g[(int) ((r >>> 32) & 0xFFFF)];
            out[i + 3] += s * g[(int) (r >>> 48)];
        }
    }

    private void impair(float[] out) {
        boolean pn = phaseNoiseStep != 0;
        long ph = lo;
        for (int i = 0; i < 2 * BLOCK; i += 2) {
            float x = out[i], y = out[i + 1];
            if (pn) {
                ph += (long) (Tables.GAUSS[(int) (impairRng.nextLong() >>> 48)] * phaseNoiseStep);
                int idx = (int) (ph >>> Tables.SIN_SHIFT);
                float c = Tables.COS[idx], s = Tables.SIN[idx];
                float xr = x * c - y * s;
                y = x * s + y * c;
                x = xr;
            }
            out[i] = x + dcI;
            out[i + 1] = iqA * y + iqB * x + dcQ;
        }
        lo = ph;
    }

    /** Ground truth overlapping samples [from, to), as far as rendered. */
    public List<SigMfAnnotation> annotations(long generated, long from, long to) {
        return log.list(Math.min(generated, rendered()), from, to);
    }

    /**
     * Ground truth overlapping samples [from, to) as one frame over that span shows it: a voice
     * emitter audible for fewer than {@code minAudibleSamples} there is annotated as its carrier.
     */
    public List<SigMfAnnotation> annotationsAsShown(long generated, long from, long to, long minAudibleSamples) {
        return log.list(Math.min(generated, rendered()), from, to, Math.max(0, minAudibleSamples));
    }

    /** Drops ground truth that ended before {@code sample}. */
    public void forgetBefore(long sample) {
        log.forgetBefore(sample);
        for (Emitter e : emitters) {
            AudibleRuns runs = e.audibleRuns();
            if (runs != null) runs.forgetBefore(sample);
        }
    }

    /** Mean power of all emitters together if all were on at once (linear, full scale 1). */
    public static double peakMeanPower(List<EmitterSpec> specs, double fs, double noisePower) {
        double p = 0;
        for (EmitterSpec s : specs) p += Emitter.powerFor(s.snrDb(), noisePower, Emitter.annotatedBandwidth(s.waveform(), fs), fs);
        return p;
    }

    /**
     * Lowers the SNR of the strongest emitters, 1 dB at a time, until all of them together stay
     * within {@link #POWER_BUDGET_DBFS}: a recording must not clip, and the SNR written to the
     * annotations is the one actually used.
     */
    public static List<EmitterSpec> fitPowerBudget(List<EmitterSpec> specs, double fs, double noiseDbfs) {
        double noise = Math.pow(10, noiseDbfs / 10);
        double budget = Math.pow(10, POWER_BUDGET_DBFS / 10);
        List<EmitterSpec> out = new ArrayList<>(specs);
        for (int guard = 0; guard < 1000 && peakMeanPower(out, fs, noise) > budget; guard++) {
            int strongest = 0;
            double best = -1;
            for (int i = 0; i < out.size(); i++) {
                EmitterSpec s = out.get(i);
                double p = Emitter.powerFor(s.snrDb(), noise, Emitter.annotatedBandwidth(s.waveform(), fs), fs);
                if (p > best) {
                    best = p;
                    strongest = i;
                }
            }
            out.set(strongest, out.get(strongest).withSnrDb(out.get(strongest).snrDb() - 1));
        }
        return out;
    }
}
