package dev.g20.synth;

import dev.g20.synth.RealEmitters.Family;

import java.util.ArrayList;
import java.util.List;

/**
 * Scenarios of the real-world families at the sample rates real receivers use, with real noise
 * floors and receiver effects (docs/synthetic.md). Unlike the original scenarios, nothing scales
 * with the sample rate: a 433 MHz sensor is as wide at 2.4 MS/s as at 250 kS/s.
 */
final class RealScenarios {
    private RealScenarios() {
    }

    /** dB between the noise power per complex sample (dBFS) and the noise per bin of the 4096-point Hann spectrogram: 10 log10(4096 / 1.5). */
    static final double PER_BIN_DB = 10 * Math.log10(4096 / 1.5);

    /** The scenarios, made on demand (Scenario's own list is built from this; no static Scenario fields here, so either class may load first). */
    static List<Scenario> scenarios() {
        return List.of(new Scenario("ism",
            "433/868 MHz band at 1-2.4 MS/s: FSK sensors (h 0.5-8), OOK remotes, LoRa, carriers; RTL-SDR receiver effects",
            RealScenarios::ism, new Scenario.Rates(1e6, 1e6, 2.4e6)),
            new Scenario("adsb",
            "1090 MHz at 2 MS/s: Mode S extended squitters (120 us) and short replies (64 us) from 3-25 aircraft, DC spike",
            RealScenarios::adsb, new Scenario.Rates(2e6, 2e6, 2.4e6)),
            new Scenario("wifi",
            "2.4 GHz at 20-40 MS/s: WiFi 20 MHz OFDM frames from 1-4 stations, BLE advertising",
            RealScenarios::wifi, new Scenario.Rates(20e6, 20e6, 40e6)),
            new Scenario("ofdm",
            "5-40 MS/s: LTE-, DVB-T-, DAB-, WiFi-like and other OFDM (64-2048 carriers), continuous and bursts",
            RealScenarios::ofdm, new Scenario.Rates(20e6, 5e6, 40e6)),
            new Scenario("lora",
            "868 MHz at 1-2.4 MS/s: LoRa-like CSS (SF 7-12, 125-500 kHz) beside FSK sensors",
            RealScenarios::lora, new Scenario.Rates(1e6, 1e6, 2.4e6)),
            new Scenario("broadcast",
            "FM broadcast band at 1-3.2 MS/s: 3-10 stations on a 200 kHz grid, 75 kHz deviation",
            RealScenarios::broadcast, new Scenario.Rates(2.4e6, 1e6, 3.2e6)),
            new Scenario("radar",
            "5-20 MS/s: pulse radars without chirp (0.25-20 us, 300-5000 pulses/s) and chirp radars",
            RealScenarios::radar, new Scenario.Rates(10e6, 5e6, 20e6)),
            new Scenario("realworld",
            "every family at 0.25-40 MS/s, noise floors -100 to -55 dB per bin, random receiver effects",
            RealScenarios::realworld, new Scenario.Rates(10e6, 0.25e6, 40e6)));
    }

    /** Mean power of all emitters together (linear) may reach this in a real-world scene: 15 dB of headroom for peaks before full scale. */
    static final double POWER_BUDGET_DBFS = -15;

    /**
     * Share of the time an emitter transmits (its timing's mean on-time over its period) times the
     * share of an emission it is keyed on (pulses, OOK): its mean power over its on-state power.
     */
    static double duty(EmitterSpec s) {
        double t = switch (s.timing()) {
            case Timing.Continuous c -> 1;
            case Timing.Bursts b -> {
                double on = (b.onMinS() + b.onMaxS()) / 2;
                yield on / (on + (b.offMinS() + b.offMaxS()) / 2);
            }
            case Timing.Pulses p -> p.widthS() / p.periodS();
            case Timing.Hops h -> 1 - h.guardS() / h.dwellS();
            case Timing.Repeats r -> {
                double group = r.count() * (r.onS() + r.gapS());
                yield r.count() * r.onS() / (group + (r.idleMinS() + r.idleMaxS()) / 2);
            }
        };
        double k = switch (s.waveform()) {
            case Waveform.RadarPulses p -> p.widthS() / p.priS();
            case Waveform.ModeS m -> 0.5;
            case Waveform.Ook o -> 0.5; // Manchester on half of every bit, PWM on 1/3 or 2/3
            default -> 1;
        };
        return t * k;
    }

    /**
     * As {@link Scene#fitPowerBudget}, but on mean powers (on-state power x duty) and against
     * {@link #POWER_BUDGET_DBFS}: twenty aircraft whose 120 us messages are on 0.1 % of the time
     * must not be cut as if they all transmitted at once. The strongest (by mean power) lose 1 dB
     * at a time.
     */
    static List<EmitterSpec> fitPowerBudget(List<EmitterSpec> specs, double fs, double noiseDbfs) {
        double noise = Math.pow(10, noiseDbfs / 10);
        double budget = Math.pow(10, POWER_BUDGET_DBFS / 10);
        List<EmitterSpec> out = new ArrayList<>(specs);
        for (int guard = 0; guard < 1000; guard++) {
            double total = 0, best = -1;
            int strongest = -1;
            for (int i = 0; i < out.size(); i++) {
                EmitterSpec s = out.get(i);
                double p = Emitter.powerFor(s.snrDb(), noise, Emitter.annotatedBandwidth(s.waveform(), fs), fs) * duty(s);
                total += p;
                if (p > best) {
                    best = p;
                    strongest = i;
                }
            }
            if (total <= budget || strongest < 0) break;
            out.set(strongest, out.get(strongest).withSnrDb(out.get(strongest).snrDb() - 1));
        }
        return out;
    }

    /** Noise power (dBFS per complex sample) for a floor of {@code perBinDb} on the 4096-point spectrogram. */
    static double noiseFor(double perBinDb) {
        return perBinDb + PER_BIN_DB;
    }

    /** A receiver: its noise floor, impairments and effects. */
    record Receiver(double noiseDbfs, Impairments impairments, ReceiverEffects effects) {
    }

    /**
     * A random receiver. An RTL-SDR-like one ({@code rtl}) quantises to 8 bits, with the gain set
     * so that the noise is 1.5-8 codes (floor -72 to -55 dB per bin), or, one time in seven, so low
     * that quantisation sets the floor; it nearly always shows a DC spike. Others have 12-16 bit
     * converters (no quantisation effect) and floors anywhere from -100 to -55 dB per bin.
     */
    static Receiver receiver(Rng r, boolean rtl) {
        boolean cu8 = rtl;
        double floor = cu8 ? (r.chance(1.0 / 7) ? r.uniform(-100, -85) : r.uniform(-72, -55)) : r.uniform(-100, -55);
        double noise = noiseFor(floor);
        // LO leakage: the DC spike stands 14-60 dB above the floor per bin
        double dc = r.chance(rtl ? 0.9 : 0.6) ? noise - PER_BIN_DB + r.uniform(14, 60) : Double.NEGATIVE_INFINITY;
        boolean iq = r.chance(rtl ? 0.7 : 0.4);
        double gain = iq ? r.uniform(0.5, 2) * (r.chance(0.5) ? 1 : -1) : 0;
        double phase = iq ? r.uniform(1, 5) * (r.chance(0.5) ? 1 : -1) : 0;
        Impairments imp = new Impairments(r.uniform(5, 50), gain, phase, dc);
        ReceiverEffects fx = ReceiverEffects.random(r).withCu8(cu8);
        return new Receiver(noise, imp, fx);
    }

    private static Scenario.Recipe recipe(List<EmitterSpec> out, Receiver rx) {
        out.removeIf(java.util.Objects::isNull);
        return new Scenario.Recipe(out, rx.impairments(), rx.effects(), rx.noiseDbfs());
    }

    private static Family pick(Rng r, Family[] families, double[] weights) {
        double total = 0;
        for (double w : weights) total += w;
        double x = r.nextDouble() * total;
        for (int i = 0; i < families.length; i++) {
            x -= weights[i];
            if (x < 0) return families[i];
        }
        return families[families.length - 1];
    }

    private static Scenario.Recipe ism(Rng r, double fs) {
        Receiver rx = receiver(r, r.chance(0.8));
        var planner = new Emitters.Planner(fs, r);
        Family[] f = {Family.FSK, Family.OOK, Family.LORA, Family.CW, Family.NBFM};
        double[] w = {0.4, 0.35, 0.1, 0.1, 0.05};
        List<EmitterSpec> out = new ArrayList<>();
        int n = r.between(2, 8);
        for (int i = 0; i < n; i++) out.add(RealEmitters.of(pick(r, f, w), r, fs, planner, 3, 35));
        return recipe(out, rx);
    }

    private static Scenario.Recipe adsb(Rng r, double fs) {
        Receiver rx = receiver(r, true);
        List<EmitterSpec> out = new ArrayList<>();
        int n = r.between(3, 25);
        double tuningError = r.uniform(-50e3, 50e3);
        // SNR per sample during a pulse, over the whole span's noise: 8 dB is a distant aircraft, 40 dB one overhead
        for (int i = 0; i < n; i++) out.add(RealEmitters.adsb(r, fs, tuningError + r.uniform(-30e3, 30e3), r.uniform(8, 40)));
        return recipe(out, rx);
    }

    private static Scenario.Recipe wifi(Rng r, double fs) {
        Receiver rx = receiver(r, false);
        List<EmitterSpec> out = new ArrayList<>();
        // one 20 MHz channel in the middle, or two side by side at 40 MS/s
        double[] channels = fs >= 40e6 ? new double[]{-10e6, 10e6} : new double[]{0};
        int n = r.between(1, 4);
        for (int i = 0; i < n; i++) {
            RealEmitters.Drawn d = RealEmitters.wifi(r, fs);
            if (d == null) continue;
            double c = channels[r.nextInt(channels.length)] + r.uniform(-20e3, 20e3);
            out.add(EmitterSpec.of(d.waveform(), d.timing(), c, r.uniform(5, 35)));
        }
        var planner = new Emitters.Planner(fs, r);
        int ble = r.between(0, 3);
        for (int i = 0; i < ble; i++) out.add(RealEmitters.of(Family.BLE, r, fs, planner, 5, 30));
        return recipe(out, rx);
    }

    private static Scenario.Recipe ofdm(Rng r, double fs) {
        Receiver rx = receiver(r, false);
        var planner = new Emitters.Planner(fs, r);
        Family[] f = {Family.LTE, Family.DVB, Family.DAB, Family.OFDM, Family.WIFI};
        double[] w = {0.3, 0.15, 0.15, 0.3, 0.1};
        List<EmitterSpec> out = new ArrayList<>();
        int n = r.between(1, 4);
        for (int i = 0; i < n; i++) out.add(RealEmitters.of(pick(r, f, w), r, fs, planner, 3, 35));
        return recipe(out, rx);
    }

    private static Scenario.Recipe lora(Rng r, double fs) {
        Receiver rx = receiver(r, r.chance(0.7));
        var planner = new Emitters.Planner(fs, r);
        List<EmitterSpec> out = new ArrayList<>();
        int n = r.between(1, 4);
        for (int i = 0; i < n; i++) out.add(RealEmitters.of(Family.LORA, r, fs, planner, 0, 30));
        int m = r.between(0, 3);
        for (int i = 0; i < m; i++) out.add(RealEmitters.of(Family.FSK, r, fs, planner, 3, 35));
        return recipe(out, rx);
    }

    private static Scenario.Recipe broadcast(Rng r, double fs) {
        Receiver rx = receiver(r, r.chance(0.7));
        List<EmitterSpec> out = new ArrayList<>();
        List<Double> slots = new ArrayList<>();
        double grid = 200e3, base = r.chance(0.5) ? 0 : 100e3;
        for (double c = base; c < Emitters.EDGE * fs - 100e3; c += grid) {
            slots.add(c);
            if (c > 0) slots.add(-c);
        }
        int n = Math.min(slots.size(), r.between(3, 10));
        for (int i = 0; i < n; i++) {
            RealEmitters.Drawn d = RealEmitters.wbfm(r, fs);
            if (d == null) break;
            double c = slots.remove(r.nextInt(slots.size()));
            out.add(EmitterSpec.of(d.waveform(), d.timing(), c, r.uniform(10, 45)));
        }
        return recipe(out, rx);
    }

    private static Scenario.Recipe radar(Rng r, double fs) {
        Receiver rx = receiver(r, false);
        var planner = new Emitters.Planner(fs, r);
        List<EmitterSpec> out = new ArrayList<>();
        int n = r.between(1, 4);
        for (int i = 0; i < n; i++) out.add(RealEmitters.of(Family.RADAR, r, fs, planner, 3, 35));
        int m = r.between(0, 2);
        for (int i = 0; i < m; i++) out.add(RealEmitters.of(Family.CHIRP, r, fs, planner, 3, 30));
        return recipe(out, rx);
    }

    /** Every family, weighted so that ook and pulse get label counts near the others'. */
    private static final Family[] ALL = Family.values();
    private static final double[] ALL_WEIGHTS;

    static {
        ALL_WEIGHTS = new double[ALL.length];
        for (int i = 0; i < ALL.length; i++) {
            ALL_WEIGHTS[i] = switch (ALL[i]) {
                case FSK, OOK -> 2;
                case RADAR, ADSB, LORA, NBFM, CW -> 1;
                case AM, PSK, OFDM, WBFM -> 0.8;
                case WIFI, QAM16, LTE -> 0.6;
                case BLE, CHIRP, DVB, DAB, PAGER, HOPPER -> 0.35;
            };
        }
    }

    private static Scenario.Recipe realworld(Rng r, double fs) {
        Receiver rx = receiver(r, fs <= 3.2e6 && r.chance(0.6));
        var planner = new Emitters.Planner(fs, r);
        List<EmitterSpec> out = new ArrayList<>();
        int n = r.chance(0.03) ? 0 : r.between(1, 12);
        for (int i = 0; i < n; i++) {
            Family f = pick(r, ALL, ALL_WEIGHTS);
            if (f == Family.ADSB) {
                // an aircraft or a few, near the tuned centre as a 1090 MHz receiver sees them
                int k = r.between(1, 4);
                double c = planner.place(Math.min(fs, 4e6) * 0.5, true);
                for (int j = 0; j < k; j++) out.add(RealEmitters.adsb(r, fs, c + r.uniform(-30e3, 30e3), r.uniform(8, 40)));
            } else {
                out.add(RealEmitters.of(f, r, fs, planner, 3, 35));
            }
        }
        return recipe(out, rx);
    }
}
