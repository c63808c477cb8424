package dev.g20.synth;

/**
 * Voice-like audio in [-1, 1] at {@link #RATE} Hz: a glottal pitch with its harmonics shaped by
 * two formants, gated into syllables, words and pauses. Every harmonic stays below the cutoff, so
 * the audio is band-limited by construction. Resampled to the scene rate by linear interpolation.
 * It starts at a random point of its speech, not at a word's first syllable: a scene's first
 * frame (all a training sample is) must show AM and FM in a pause as often as a live stream does.
 */
final class VoiceAudio {
    static final double RATE = 16_000;

    private final Rng rng;
    private final double cutoffHz;
    private final float[] amp = new float[64];
    private int harmonics;
    private long phase;
    private double pitch;
    private double pitchStep;
    private double env;
    private double envTarget;
    private final double envAlpha = 1 - Math.exp(-1 / (0.012 * RATE));
    private int remaining;
    private int syllablesLeft;
    private boolean voiced;

    // linear resampler state
    private final double step;
    private double frac;
    private float prev;
    private float cur;

    VoiceAudio(long seed, double cutoffHz, double outputRate) {
        this.rng = new Rng(seed);
        this.cutoffHz = Math.min(cutoffHz, 0.45 * RATE);
        this.step = RATE / outputRate;
        this.syllablesLeft = rng.between(2, 8);
        startSegment();
        skip((int) (RATE * rng.uniform(0, START_SPREAD_S)));
        prev = nextAudio();
        cur = nextAudio();
    }

    /** Next sample at the output rate. */
    float next() {
        frac += step;
        while (frac >= 1) {
            frac -= 1;
            prev = cur;
            cur = nextAudio();
        }
        return (float) (prev + (cur - prev) * frac);
    }

    private void startSegment() {
        if (voiced || syllablesLeft <= 0) {
            // after a syllable: a short gap, or after a word: a pause
            boolean pause = syllablesLeft <= 0;
            voiced = false;
            envTarget = 0;
            remaining = (int) (RATE * (pause ? rng.uniform(0.3, 1.4) : rng.uniform(0.03, 0.12)));
            if (pause) syllablesLeft = rng.between(2, 8);
            return;
        }
        voiced = true;
        syllablesLeft--;
        remaining = (int) (RATE * rng.uniform(0.08, 0.3));
        envTarget = rng.uniform(0.5, 1.0);
        double base = pitch == 0 ? rng.uniform(90, 220) : pitch;
        pitch = Math.clamp(base * rng.uniform(0.85, 1.18), 80, 260);
        double end = Math.clamp(pitch * rng.uniform(0.9, 1.1), 80, 260);
        pitchStep = (end - pitch) / remaining;
        double f1 = rng.uniform(300, 900);
        double f2 = rng.uniform(900, 2500);
        harmonics = Math.min(amp.length, (int) Math.floor(cutoffHz / Math.max(pitch, end)));
        double sum = 0;
        for (int k = 1; k <= harmonics; k++) {
            double f = k * pitch;
            double a = 1 / Math.sqrt(k) * (formant(f, f1, 120) + 0.6 * formant(f, f2, 200) + 0.05);
            amp[k - 1] = (float) a;
            sum += a;
        }
        // peak of the harmonic sum is at most 1
        for (int k = 0; k < harmonics; k++) amp[k] /= (float) sum;
    }

    /**
     * Envelope above which speech counts as audible: at 0.1 the sidebands are 20 dB below their
     * level in a syllable, under the noise at the SNRs the scenes use.
     */
    static final double AUDIBLE_ENV = 0.1;

    /** Whether the speech is audible at the current sample (in a syllable or its first decay). */
    boolean audible() {
        return env >= AUDIBLE_ENV;
    }

    /** Speech is started this far into its pattern at random: about two word-and-pause cycles. */
    static final double START_SPREAD_S = 4;

    /** Advances the speech state by {@code n} samples at {@link #RATE} without computing them. */
    private void skip(int n) {
        for (int i = 0; i < n; i++) advance();
    }

    /** One sample's step of the speech state: segment, envelope, pitch and phase. */
    private void advance() {
        if (--remaining <= 0) startSegment();
        env += (envTarget - env) * envAlpha;
        if (voiced) pitch += pitchStep;
        phase += Tables.phaseStep(pitch / RATE);
    }

    private static double formant(double f, double centre, double width) {
        double d = (f - centre) / width;
        return 1 / (1 + d * d);
    }

    private float nextAudio() {
        advance();
        if (env < 1e-4) return 0;
        // sin(k x) by the Chebyshev recurrence sin(k x) = 2 cos(x) sin((k-1) x) - sin((k-2) x)
        int idx = (int) (phase >>> Tables.SIN_SHIFT);
        float s1 = Tables.SIN[idx], c2 = 2 * Tables.COS[idx];
        float prev = 0, cur = s1, s = 0;
        for (int k = 0; k < harmonics; k++) {
            s += amp[k] * cur;
            float next = c2 * cur - prev;
            prev = cur;
            cur = next;
        }
        return (float) (s * env);
    }
}
