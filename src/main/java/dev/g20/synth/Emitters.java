package dev.g20.synth;

import java.util.ArrayList;
import java.util.List;

/**
 * Random emitter parameters per class, sized relative to the sample rate (digital rates,
 * OFDM and chirp bandwidths, hop spans) or in physical units (voice audio), and a frequency
 * planner that places emitters in the band.
 */
public final class Emitters {
    /** Emitters stay inside +-EDGE x fs of the centre (the outer few percent is usually filtered away in a real receiver). */
    public static final double EDGE = 0.47;

    private Emitters() {
    }

    /** A waveform of class {@code cls} (one of {@code SignalClasses.NAMES}; hopper gives its hop modulation). */
    public static Waveform waveform(String cls, Rng r, double fs) {
        return switch (cls) {
            case "cw" -> new Waveform.Cw();
            case "am" -> new Waveform.Am(r.uniform(2500, 5000), r.uniform(0.3, 0.9));
            case "fm" -> new Waveform.Fm(r.uniform(2800, 4000), r.uniform(2500, 12000));
            case "fsk" -> fsk(r, fs * r.logUniform(1e-3, 1e-2));
            case "psk" -> new Waveform.Psk(r.chance(0.5) ? 2 : 4, integerSps(fs, fs * r.logUniform(4e-3, 6e-2)), r.uniform(0.2, 0.5));
            case "qam16" -> new Waveform.Qam16(integerSps(fs, fs * r.logUniform(4e-3, 6e-2)), r.uniform(0.2, 0.5));
            case "ofdm" -> {
                int n = 256 << r.nextInt(4);
                int used = Math.max(16, 2 * (int) Math.round(r.uniform(0.04, 0.25) * n / 2));
                yield new Waveform.Ofdm(n, used, r.chance(0.5) ? 0.125 : 0.25, r.chance(0.4));
            }
            case "chirp" -> new Waveform.Chirp(fs * r.logUniform(0.02, 0.15), r.chance(0.7));
            case "hopper" -> fsk(r, fs * r.logUniform(1.5e-3, 8e-3));
            default -> throw new IllegalArgumentException("unknown class '" + cls + "'");
        };
    }

    /** The nearest symbol rate with a whole number of samples per symbol (the fast RRC path). */
    static double integerSps(double fs, double rate) {
        return fs / Math.max(2, Math.round(fs / rate));
    }

    private static Waveform.Fsk fsk(Rng r, double rs) {
        int levels = r.chance(0.2) ? 4 : 2;
        double h = r.uniform(0.5, 1.0);
        double outer = h * rs / 2 * (levels == 4 ? 3 : 1);
        return new Waveform.Fsk(rs, outer, r.uniform(0.3, 1.0), levels);
    }

    /** How a class typically transmits: continuous-ish for analogue voice and carriers, bursts for packets. */
    public static Timing timing(String cls, Rng r, double fs, Waveform w, boolean preferContinuous) {
        return switch (cls) {
            case "cw" -> preferContinuous || r.chance(0.5) ? longOnOff(r, preferContinuous)
                    : new Timing.Bursts(0.03, 0.25, 0.03, 0.3); // keyed (Morse-like)
            case "am", "fm" -> longOnOff(r, preferContinuous);
            case "fsk" -> new Timing.Bursts(r.uniform(2e-3, 8e-3), r.uniform(10e-3, 40e-3), 0.02, r.uniform(0.1, 0.5));
            case "psk", "qam16" -> preferContinuous && r.chance(0.5) ? longOnOff(r, true)
                    : new Timing.Bursts(r.uniform(5e-3, 20e-3), r.uniform(30e-3, 200e-3), 0.01, r.uniform(0.05, 0.5));
            case "ofdm" -> r.chance(0.3) ? longOnOff(r, preferContinuous)
                    : new Timing.Bursts(r.uniform(4e-3, 15e-3), r.uniform(20e-3, 80e-3), 0.005, r.uniform(0.05, 0.3));
            case "chirp" -> {
                double width = r.logUniform(1e-3, 10e-3);
                // radar-like, on a waterfall's time scale: a few pulses per 50 ms frame
                yield new Timing.Pulses(width, width * r.uniform(2, 6) + r.uniform(8e-3, 25e-3));
            }
            case "hopper" -> {
                double bw = Emitter.annotatedBandwidth(w, fs);
                double span = fs * r.uniform(0.08, 0.35);
                int channels = (int) Math.clamp(span / (bw * r.uniform(1.2, 3)), 4, 64);
                double dwell = r.logUniform(4e-3, 40e-3);
                yield new Timing.Hops(dwell, dwell * r.uniform(0.05, 0.2), span, channels);
            }
            default -> throw new IllegalArgumentException("unknown class '" + cls + "'");
        };
    }

    private static Timing longOnOff(Rng r, boolean preferContinuous) {
        if (preferContinuous && r.chance(0.5)) return Timing.Continuous.ALWAYS;
        return new Timing.Bursts(r.uniform(2, 6), r.uniform(8, 30), r.uniform(0.3, 1), r.uniform(2, 6));
    }

    /** Places emitter footprints in [-EDGE fs, EDGE fs], avoiding overlap while it can. */
    public static final class Planner {
        private final double fs;
        private final Rng rng;
        private final List<double[]> used = new ArrayList<>();

        public Planner(double fs, Rng rng) {
            this.fs = fs;
            this.rng = rng;
        }

        /**
         * A centre for a footprint {@code width} Hz wide. With {@code allowOverlap} false, tries to
         * keep a guard of 20 % of the width from what is already placed; falls back to overlap.
         */
        public double place(double width, boolean allowOverlap) {
            double half = Math.min(width / 2, EDGE * fs * 0.9);
            double lo = -EDGE * fs + half, hi = EDGE * fs - half;
            double c = rng.uniform(lo, hi);
            if (!allowOverlap) {
                double guard = 0.2 * width + fs / 2048;
                for (int tries = 0; tries < 300; tries++) {
                    double t = rng.uniform(lo, hi);
                    if (free(t - half - guard, t + half + guard)) {
                        c = t;
                        break;
                    }
                }
            }
            used.add(new double[]{c - half, c + half});
            return c;
        }

        private boolean free(double a, double b) {
            for (double[] u : used) if (a < u[1] && b > u[0]) return false;
            return true;
        }
    }

    /**
     * A complete random emitter of class {@code cls}: waveform, timing, placement, SNR in
     * [snrLo, snrHi], and with probability {@code driftChance} a linear drift of
     * {@code driftLo..driftHi} Hz/s (random sign) within a range around its start.
     */
    public static EmitterSpec random(String cls, Rng r, double fs, Planner planner, double snrLo, double snrHi,
                                     boolean preferContinuous, boolean allowOverlap, double driftChance, double driftLo, double driftHi) {
        Waveform w = waveform(cls, r, fs);
        Timing t = timing(cls, r, fs, w, preferContinuous);
        double snr = r.uniform(snrLo, snrHi);
        double bw = Emitter.annotatedBandwidth(w, fs);
        double extra = t instanceof Timing.Hops h ? h.spanHz() : 0;
        boolean drifting = !(t instanceof Timing.Hops) && r.chance(driftChance);
        double range = drifting ? fs * r.uniform(0.01, 0.06) : 0;
        double c = planner.place(bw + extra + 2 * range, allowOverlap);
        if (!drifting) return EmitterSpec.of(w, t, c, snr);
        double rate = r.logUniform(driftLo, driftHi) * (r.chance(0.5) ? 1 : -1);
        double start = r.uniform(c - range, c + range);
        return new EmitterSpec(w, t, start, snr, rate, c - range, c + range);
    }
}
