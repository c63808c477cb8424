package dev.g20.synth;

/**
 * Receiver effects beyond {@link Impairments}, as cheap SDRs show them; each one optional. Applied
 * in the order of a receiver chain: front-end intermodulation (on the emitters), AGC gain steps
 * (emitters and thermal noise), then the {@link Impairments} (phase noise, IQ imbalance, DC), the
 * band-edge roll-off of the decimation filter, and last 8-bit quantisation. None is annotated.
 *
 * @param intermodDbc     third-order products (2 f1 - f2, spectral regrowth) relative to the
 *                        strongest emitter, in dBc (-45 .. -25 typical); negative infinity = off
 * @param agcStepDb       size of each AGC gain step in dB (3 .. 10); 0 = off
 * @param agcIntervalS    mean time between AGC steps (exponential), seconds
 * @param rolloffFraction share of the span, at each edge, that the filter rolls off (0.05 .. 0.15 of
 *                        the half-span); 0 = off
 * @param rolloffDepthDb  attenuation at the band edges, dB (10 .. 30)
 * @param cu8             quantise I and Q to 8 bits as an RTL-SDR does (full scale 1.0 = code 0 / 255, clipping beyond)
 */
public record ReceiverEffects(double intermodDbc, double agcStepDb, double agcIntervalS, double rolloffFraction,
                              double rolloffDepthDb, boolean cu8) {
    public static final ReceiverEffects NONE = new ReceiverEffects(Double.NEGATIVE_INFINITY, 0, 1, 0, 0, false);

    public ReceiverEffects {
        if (Double.isNaN(intermodDbc) || intermodDbc > 0 || !(agcStepDb >= 0 && agcStepDb <= 30) || !(agcIntervalS > 0)
                || !(rolloffFraction >= 0 && rolloffFraction <= 0.5) || !(rolloffDepthDb >= 0 && rolloffDepthDb <= 80))
            throw new IllegalArgumentException("receiver effects: intermod <= 0 dBc, AGC step 0-30 dB, interval > 0, roll-off 0-0.5, depth 0-80 dB");
    }

    public boolean any() {
        return intermod() || agcStepDb > 0 || rolloff() || cu8;
    }

    public boolean intermod() {
        return intermodDbc > Double.NEGATIVE_INFINITY;
    }

    public boolean rolloff() {
        return rolloffFraction > 0 && rolloffDepthDb > 0;
    }

    public ReceiverEffects withCu8(boolean on) {
        return new ReceiverEffects(intermodDbc, agcStepDb, agcIntervalS, rolloffFraction, rolloffDepthDb, on);
    }

    /** A random cheap receiver: each effect on with its own chance, parameters from the documented ranges. */
    public static ReceiverEffects random(Rng r) {
        double im = r.chance(0.3) ? r.uniform(-45, -25) : Double.NEGATIVE_INFINITY;
        double agc = r.chance(0.2) ? r.uniform(3, 10) : 0;
        double interval = r.uniform(0.05, 1);
        boolean ro = r.chance(0.6);
        double frac = ro ? r.uniform(0.05, 0.15) : 0;
        double depth = ro ? r.uniform(10, 30) : 0;
        return new ReceiverEffects(im, agc, interval, frac, depth, r.chance(0.35));
    }
}
