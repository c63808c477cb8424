package dev.g20.synth;

/**
 * One emitter of a scene: what it sends, when, where and how strong.
 *
 * @param offsetHz     centre offset from the tuned centre frequency, at time 0
 * @param snrDb        signal power over the noise power in its occupied bandwidth (docs/synthetic.md)
 * @param driftHzPerS  linear frequency drift; 0 for none
 * @param driftLoHz    lower limit of the centre offset while drifting (the drift reflects there)
 * @param driftHiHz    upper limit of the centre offset while drifting
 */
public record EmitterSpec(Waveform waveform, Timing timing, double offsetHz, double snrDb,
                          double driftHzPerS, double driftLoHz, double driftHiHz) {

    public EmitterSpec {
        if (!Double.isFinite(offsetHz) || !Double.isFinite(snrDb) || !Double.isFinite(driftHzPerS))
            throw new IllegalArgumentException("emitter: offset, snr and drift must be finite");
    }

    /** A fixed-frequency emitter. */
    public static EmitterSpec of(Waveform waveform, Timing timing, double offsetHz, double snrDb) {
        return new EmitterSpec(waveform, timing, offsetHz, snrDb, 0, offsetHz, offsetHz);
    }

    /** The class label: the waveform's, except that any hopping emitter is a {@code hopper}. */
    public String label() {
        return timing instanceof Timing.Hops ? "hopper" : waveform.className();
    }

    public EmitterSpec withSnrDb(double snr) {
        return new EmitterSpec(waveform, timing, offsetHz, snr, driftHzPerS, driftLoHz, driftHiHz);
    }

    public EmitterSpec withDrift(double rateHzPerS, double loHz, double hiHz) {
        return new EmitterSpec(waveform, timing, offsetHz, snrDb, rateHzPerS, loHz, hiHz);
    }
}
