package dev.g20.classify;

/**
 * Names the modulation from {@link ModulationFeatures} by a small decision tree (docs/classify.md
 * draws it): keyed pulses first, then a dominant carrier (CW, AM, low-index FM), then constant
 * envelopes (chirps, FSK, FM), then the rest (OFDM by its cyclic prefix, PSK/QAM by their
 * cumulants). Thresholds sit between the classes' values measured on the synthetic sweep at
 * 10-30 dB; the confidences grow with the distance from them.
 */
final class ModulationRules {
    /** A carrier holding this share of the power makes the signal CW, AM or low-index FM. */
    static final double CARRIER_FRACTION = 0.6;
    /** Noise-corrected envelope kurtosis below this is a constant envelope. */
    static final double CONSTANT_ENVELOPE = 1.15;
    /** AM's envelope kurtosis is above this; a bare carrier's is 1. */
    static final double AM_ENVELOPE = 1.05;
    /** AM's in-band spectrum (carrier left out) stands this far over the noise beside it; a bare carrier's is level with it. */
    static final double AM_SIDEBANDS = 1.15;
    /** FSK's instantaneous frequency clusters on its tones: its kurtosis (1 two tones, 1.64 four) stays below this, FM's (3) above. */
    static final double FSK_MAX_KURTOSIS = 2.2;
    /** Pulses shorter than this are PPM (ADS-B-like), longer ones on-off keying. */
    static final double PPM_MAX_PULSE_S = 10e-6;
    /** FM with a larger deviation (sqrt(2) x rms) is wideband FM (broadcast, analogue video). */
    static final double WBFM_MIN_DEVIATION_HZ = 20e3;

    /** Cumulant prototypes (|C20|, |C40|, -C42) of unit-power symbols. */
    private static final Modulation[] LINEAR = {Modulation.BPSK, Modulation.QPSK, Modulation.PSK8, Modulation.QAM16};
    private static final double[][] PROTOTYPES = {{1, 2, 2}, {0, 1, 1}, {0, 0, 1}, {0, 0.68, 0.68}};

    private ModulationRules() {
    }

    static ModulationEstimate decide(ModulationFeatures f) {
        boolean segment = !Double.isNaN(f.envelopeKurtosis());
        boolean manyPulses = f.duty() < 0.9 && f.pulses() >= 8;
        if (!segment) {
            if (f.pulses() >= 2) return pulsed(f, 0.7);
            return build(f, Modulation.CW, 0.3);
        }
        double ek = f.envelopeKurtosis();
        boolean prefix = f.ofdmProminence() > 5 && f.ofdmPeak() > 0.04;
        if (prefix && manyPulses && f.carrierFraction() < CARRIER_FRACTION && f.ofdmLagS() < f.pulseWidthS()) {
            // OFDM sent in short bursts: its stretches are too short for envelope statistics, its
            // prefix shows anyway, within a burst (a pulse train's own period is longer than its pulses)
            return build(f, Modulation.OFDM, margin(f.ofdmProminence(), 5, 10));
        }
        if (manyPulses && f.carrierFraction() > CARRIER_FRACTION) {
            return pulsed(f, margin(f.carrierFraction(), CARRIER_FRACTION, 0.3));
        }
        if (f.carrierFraction() > CARRIER_FRACTION) {
            double cc = margin(f.carrierFraction(), CARRIER_FRACTION, 0.3);
            if (f.phaseStdRad() > 0.5) return fm(f, Math.min(cc, margin(f.phaseStdRad(), 0.5, 0.5)));
            // sidebands above the noise floor make it AM, whatever the noise does to the envelope statistics
            double sc = f.sidebandContrast();
            if (sc > AM_SIDEBANDS || (Double.isNaN(sc) && ek > AM_ENVELOPE)) return build(f, Modulation.AM, Math.min(cc, margin(sc, AM_SIDEBANDS, 0.5)));
            return build(f, Modulation.CW, Math.min(cc, margin(sc, AM_SIDEBANDS, 0.1)));
        }
        if (ek < CONSTANT_ENVELOPE) {
            double ce = margin(ek, CONSTANT_ENVELOPE, 0.1);
            if (f.chirpR2() > 0.6) return build(f, Modulation.LFM, Math.min(ce, margin(f.chirpR2(), 0.6, 0.3)));
            if (f.chirpFraction() > 0.4) return build(f, Modulation.CSS, Math.min(ce, margin(f.chirpFraction(), 0.4, 0.3)));
            if (f.freqKurtosis() < FSK_MAX_KURTOSIS) {
                double cf = Math.min(ce, margin(f.freqKurtosis(), FSK_MAX_KURTOSIS, 0.5));
                double tr = f.fskTransitionFraction();
                if (tr > 0.32) return build(f, Modulation.FSK4, Math.min(cf, margin(tr, 0.32, 0.1)));
                if (tr > 0.13) return build(f, Modulation.GFSK, Math.min(cf, margin(tr, 0.13, 0.05)));
                return build(f, Modulation.FSK2, Math.min(cf, margin(tr, 0.13, 0.05)));
            }
            return fm(f, Math.min(ce, margin(f.freqKurtosis(), FSK_MAX_KURTOSIS, 0.5)));
        }
        double ne = margin(ek, CONSTANT_ENVELOPE, 0.2);
        if (prefix && ek > 1.6) {
            return build(f, Modulation.OFDM, Math.min(ne, margin(f.ofdmProminence(), 5, 5)));
        }
        if (f.symbols() > 0) {
            double[] v = {f.c20(), f.c40(), -f.c42()};
            int best = -1, second = -1;
            double db = Double.MAX_VALUE, ds = Double.MAX_VALUE;
            for (int p = 0; p < PROTOTYPES.length; p++) {
                double d = 0;
                for (int q = 0; q < 3; q++) d += (v[q] - PROTOTYPES[p][q]) * (v[q] - PROTOTYPES[p][q]);
                if (d < db) {
                    ds = db;
                    second = best;
                    db = d;
                    best = p;
                } else if (d < ds) {
                    ds = d;
                    second = p;
                }
            }
            double conf = second < 0 ? 0.5 : Math.clamp(1 - Math.sqrt(db / ds), 0.05, 0.99);
            // a Gaussian-looking signal with no prototype near is more likely OFDM without a visible prefix
            if (db > 0.3 && ek > 1.75) return build(f, Modulation.OFDM, 0.3);
            return build(f, LINEAR[best], Math.min(ne, conf));
        }
        return build(f, ek > 1.75 ? Modulation.OFDM : Modulation.QAM16, 0.2);
    }

    /** Keyed pulses: PPM when they are short, on-off keying otherwise. */
    private static ModulationEstimate pulsed(ModulationFeatures f, double conf) {
        double w = f.pulseWidthS();
        Modulation m = w < PPM_MAX_PULSE_S ? Modulation.PPM : Modulation.OOK;
        return build(f, m, Math.min(conf, Math.clamp(Math.abs(Math.log(w / PPM_MAX_PULSE_S)) / Math.log(4), 0.3, 0.95)));
    }

    private static ModulationEstimate fm(ModulationFeatures f, double conf) {
        Modulation m = f.fmDeviationHz() > WBFM_MIN_DEVIATION_HZ ? Modulation.WBFM : Modulation.NBFM;
        return build(f, m, Math.min(conf, margin(f.fmDeviationHz(), WBFM_MIN_DEVIATION_HZ, WBFM_MIN_DEVIATION_HZ)));
    }

    /** 0.5 at the threshold, rising to 0.99 at {@code scale} from it (either side). */
    static double margin(double value, double threshold, double scale) {
        if (Double.isNaN(value)) return 0.3;
        return Math.clamp(0.5 + 0.49 * Math.abs(value - threshold) / scale, 0.5, 0.99);
    }

    /** The estimate with the parameters that belong to {@code m}. */
    static ModulationEstimate build(ModulationFeatures f, Modulation m, double conf) {
        Double rate = null, rateC = null, fsk = null, fskC = null, fmd = null, fmC = null, ofdm = null, ofdmC = null;
        Double chirp = null, chirpC = null, pulse = null, pulseC = null;
        switch (m) {
            case BPSK, QPSK, PSK8, QAM16 -> {
                rate = finite(f.envelopeLineHz());
                rateC = lineConfidence(f.envelopeLineProminence());
            }
            case FSK2, FSK4, GFSK -> {
                rate = finite(f.freqLineHz());
                rateC = lineConfidence(f.freqLineProminence());
                fsk = finite(f.fskDeviationHz());
                fskC = fsk == null ? null : conf;
            }
            case NBFM, WBFM -> {
                fmd = finite(f.fmDeviationHz());
                fmC = fmd == null ? null : Math.clamp((f.snrDb() - 5) / 20, 0.1, 0.95);
            }
            case OFDM -> {
                ofdm = finite(f.ofdmLagS());
                ofdmC = ofdm == null ? null : margin(f.ofdmProminence(), 5, 10);
            }
            case LFM, CSS -> {
                chirp = finite(f.chirpRateHzPerS());
                chirpC = chirp == null ? null : Math.max(f.chirpR2(), f.chirpFraction());
            }
            case OOK, PPM -> {
                pulse = finite(f.pulseWidthS());
                pulseC = pulse == null ? null : Math.clamp(f.pulses() / 32.0, 0.2, 0.95);
                if (m == Modulation.OOK && finite(f.keyedBitS()) != null) {
                    rate = 1 / f.keyedBitS();
                    rateC = pulseC;
                }
            }
            default -> {
            }
        }
        if (rate == null) rateC = null;
        return new ModulationEstimate(m, round(conf), round(f.snrDb()), rate, round(rateC), fsk, round(fskC), fmd, round(fmC),
                ofdm, round(ofdmC), chirp, round(chirpC), pulse, round(pulseC), f.segmentS());
    }

    private static double lineConfidence(double prominence) {
        // a line 10 dB over the spectrum's median is barely one; 30 dB is sure
        return Math.clamp((10 * Math.log10(Math.max(prominence, 1)) - 10) / 20, 0.05, 0.99);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static Double round(Double v) {
        return v == null ? null : Math.round(v * 1000) / 1000.0;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
