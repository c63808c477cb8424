package dev.g20.synth;

/**
 * Receiver imperfections applied to the whole received signal (emitters plus noise), in this
 * order: phase noise, IQ imbalance, DC offset. None of them is annotated: a detector should learn
 * to ignore the DC spike and the faint mirror images.
 *
 * @param phaseNoiseHz  Lorentzian linewidth of the local oscillator (random-walk phase); 0 = off
 * @param iqGainDb      Q-branch gain error in dB; 0 = off
 * @param iqPhaseDeg    quadrature phase error in degrees; 0 = off
 * @param dcOffsetDbfs  power of the DC offset in dBFS; negative infinity = off
 */
public record Impairments(double phaseNoiseHz, double iqGainDb, double iqPhaseDeg, double dcOffsetDbfs) {
    public static final Impairments NONE = new Impairments(0, 0, 0, Double.NEGATIVE_INFINITY);

    public Impairments {
        if (!(phaseNoiseHz >= 0) || !Double.isFinite(iqGainDb) || !Double.isFinite(iqPhaseDeg) || Double.isNaN(dcOffsetDbfs))
            throw new IllegalArgumentException("impairments: phase noise >= 0, finite IQ errors, DC offset a number");
    }

    public boolean any() {
        return phaseNoiseHz > 0 || iqGainDb != 0 || iqPhaseDeg != 0 || dcOffsetDbfs > Double.NEGATIVE_INFINITY;
    }

    /** A typical cheap SDR: small IQ errors (mirror images near -35 dBc), a DC spike, a little phase noise. */
    public static Impairments typical(Rng rng) {
        return new Impairments(rng.uniform(5, 50), rng.uniform(-0.3, 0.3), rng.uniform(-2, 2), rng.uniform(-62, -52));
    }
}
