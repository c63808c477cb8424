package dev.g20.synth;

import dev.g20.detect.SignalClasses;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A named, seeded recipe for a scene. The same (name, seed, sample rate) always gives the same
 * emitters; frequencies and digital rates scale with the sample rate, so a scene looks alike on
 * the waterfall at any rate.
 */
public record Scenario(String name, String description, Builder builder, Rates rates) {

    /** A scenario whose frequencies and rates scale with the sample rate (any rate; 10 MS/s by default). */
    public Scenario(String name, String description, Builder builder) {
        this(name, description, builder, null);
    }

    /**
     * What a scenario decides: emitters, receiver impairments and effects, and the thermal noise
     * power (NaN: the scene settings' own).
     */
    public record Recipe(List<EmitterSpec> emitters, Impairments impairments, ReceiverEffects receiver, double noiseDbfs) {
        public Recipe(List<EmitterSpec> emitters, Impairments impairments) {
            this(emitters, impairments, ReceiverEffects.NONE, Double.NaN);
        }
    }

    /**
     * The sample rates of a scenario defined in physical units (real-world families): the rate
     * {@code g20 synth} uses when none is given, and the range the dataset draws from (common SDR
     * rates within [lowHz, highHz]).
     */
    public record Rates(double defaultHz, double lowHz, double highHz) {
        /** Sample rates real receivers are commonly run at. */
        public static final double[] COMMON = {0.25e6, 0.9e6, 1e6, 1.024e6, 1.2e6, 1.536e6, 2e6, 2.048e6, 2.4e6, 2.56e6, 3.2e6,
                5e6, 6e6, 8e6, 10e6, 12.5e6, 15.36e6, 20e6, 25e6, 30.72e6, 40e6};

        public Rates {
            if (!(lowHz > 0 && highHz >= lowHz && defaultHz >= lowHz && defaultHz <= highHz)) throw new IllegalArgumentException("rates: 0 < low <= default <= high");
        }

        /** A common rate in range, drawn from its own stream of {@code seed}. */
        public double pick(long seed) {
            Rng r = new Rng(Rng.derive(seed, 0x5A7E));
            List<Double> in = new ArrayList<>();
            for (double f : COMMON) if (f >= lowHz && f <= highHz) in.add(f);
            return in.isEmpty() ? defaultHz : r.pick(in);
        }
    }

    /** The scenario's default sample rate: its own for a physical scenario, else {@code fallbackHz}. */
    public double defaultRateHz(double fallbackHz) {
        return rates == null ? fallbackHz : rates.defaultHz();
    }

    /** Builds a recipe from the scenario's random stream. */
    @FunctionalInterface
    public interface Builder {
        Recipe build(Rng rng, double fs);
    }

    /** The classes the original scenarios draw from (fixed, so new classes do not change their scenes). */
    private static final List<String> CLASSES = SignalClasses.NINE;

    /** The scenarios scaled to the sample rate (their output is pinned by ScenarioPinTest). */
    public static final List<Scenario> ORIGINAL = List.of(
            new Scenario("mixed", "the demo: one or two of every class, well separated, SNR 12-30 dB", Scenario::mixed),
            new Scenario("bursts", "mostly bursty emitters: FSK packets, PSK/QAM/OFDM bursts, radar chirps, hoppers, keyed CW", Scenario::bursts),
            new Scenario("drift", "signals drifting linearly (10 kHz/s to 500 kHz/s), reflecting at the ends of their range", Scenario::drift),
            new Scenario("dense", "30-40 emitters of all classes overlapping in time and frequency, with receiver impairments", Scenario::dense),
            new Scenario("lowsnr", "the mixed line-up at SNR 0-6 dB", Scenario::lowSnr),
            new Scenario("random", "what the dataset draws: 1-14 random emitters, SNR 0-30 dB, overlaps, drift, impairments", Scenario::random),
            new Scenario("noise", "thermal noise only (false-alarm checks)", (r, fs) -> new Recipe(List.of(), Impairments.NONE)));

    /** The original scenarios and then the real-world ones (RealScenarios). */
    public static final List<Scenario> ALL = withRealWorld();

    private static List<Scenario> withRealWorld() {
        List<Scenario> all = new ArrayList<>(ORIGINAL);
        all.addAll(RealScenarios.scenarios());
        return List.copyOf(all);
    }

    public static Optional<Scenario> named(String name) {
        for (Scenario s : ALL) if (s.name.equals(name)) return Optional.of(s);
        return Optional.empty();
    }

    public static List<String> names() {
        List<String> n = new ArrayList<>();
        for (Scenario s : ALL) n.add(s.name);
        return n;
    }

    /** This scenario's recipe for {@code seed} at sample rate {@code fs}, within the power budget. */
    public Recipe recipe(long seed, double fs, double noiseDbfs) {
        Recipe r = builder.build(new Rng(Rng.derive(seed, 0)), fs);
        if (Double.isNaN(r.noiseDbfs())) return new Recipe(Scene.fitPowerBudget(r.emitters(), fs, noiseDbfs), r.impairments());
        return new Recipe(RealScenarios.fitPowerBudget(r.emitters(), fs, r.noiseDbfs()), r.impairments(), r.receiver(), r.noiseDbfs());
    }

    /** A scene of this scenario; the recipe's impairments, receiver effects and noise (if it sets one) replace those in {@code settings}. */
    public Scene newScene(long seed, Scene.Settings settings) {
        Recipe r = recipe(seed, settings.sampleRateHz(), settings.noisePowerDbfs());
        Scene.Settings s = settings.withImpairments(r.impairments()).withReceiver(r.receiver());
        if (!Double.isNaN(r.noiseDbfs())) s = s.withNoisePowerDbfs(r.noiseDbfs());
        return new Scene(s, r.emitters(), seed);
    }

    /** The demo line-up, widest first so the planner finds room for them. */
    private static final List<String> MIXED_LINEUP = List.of("hopper", "ofdm", "chirp", "qam16", "psk", "psk", "fsk", "fsk", "am", "fm", "fm", "cw", "cw");

    private static Recipe lineup(Rng r, double fs, double snrLo, double snrHi) {
        var planner = new Emitters.Planner(fs, r);
        List<EmitterSpec> out = new ArrayList<>();
        List<String> order = MIXED_LINEUP;
        // one of the two carriers drifts slowly
        boolean driftDone = false;
        for (String c : order) {
            boolean drift = c.equals("cw") && !driftDone;
            if (drift) driftDone = true;
            out.add(Emitters.random(c, r, fs, planner, snrLo, snrHi, true, false, drift ? 1 : 0, 500, 5000));
        }
        return new Recipe(out, Impairments.NONE);
    }

    private static Recipe mixed(Rng r, double fs) {
        return lineup(r, fs, 12, 30);
    }

    private static Recipe lowSnr(Rng r, double fs) {
        return lineup(r, fs, 0, 6);
    }

    private static Recipe bursts(Rng r, double fs) {
        var planner = new Emitters.Planner(fs, r);
        List<String> classes = List.of("hopper", "hopper", "ofdm", "ofdm", "chirp", "chirp", "fsk", "fsk", "fsk", "fsk",
                "psk", "psk", "qam16", "qam16", "cw", "cw", "fm");
        List<EmitterSpec> out = new ArrayList<>();
        for (String c : classes) {
            if (c.equals("cw")) {
                // keyed carrier
                Waveform w = new Waveform.Cw();
                double off = planner.place(Emitter.annotatedBandwidth(w, fs), false);
                out.add(EmitterSpec.of(w, new Timing.Bursts(0.03, 0.25, 0.03, 0.3), off, r.uniform(8, 30)));
            } else if (c.equals("fm")) {
                // push-to-talk: short overs
                Waveform w = Emitters.waveform(c, r, fs);
                double off = planner.place(Emitter.annotatedBandwidth(w, fs), false);
                out.add(EmitterSpec.of(w, new Timing.Bursts(0.5, 3, 0.5, 3), off, r.uniform(8, 30)));
            } else {
                out.add(Emitters.random(c, r, fs, planner, 8, 30, false, false, 0, 0, 0));
            }
        }
        return new Recipe(out, Impairments.NONE);
    }

    private static Recipe drift(Rng r, double fs) {
        var planner = new Emitters.Planner(fs, r);
        List<String> classes = List.of("cw", "cw", "am", "fm", "fm", "psk", "qam16", "fsk");
        List<EmitterSpec> out = new ArrayList<>();
        for (String c : classes) {
            EmitterSpec s = Emitters.random(c, r, fs, planner, 12, 30, true, false, 1, 10e3, 500e3);
            if (!c.equals("fsk")) s = new EmitterSpec(s.waveform(), Timing.Continuous.ALWAYS, s.offsetHz(), s.snrDb(), s.driftHzPerS(), s.driftLoHz(), s.driftHiHz());
            out.add(s);
        }
        return new Recipe(out, Impairments.NONE);
    }

    private static Recipe dense(Rng r, double fs) {
        var planner = new Emitters.Planner(fs, r);
        int n = r.between(30, 40);
        List<EmitterSpec> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String c = CLASSES.get(i < CLASSES.size() ? i : r.nextInt(CLASSES.size()));
            out.add(Emitters.random(c, r, fs, planner, 5, 30, r.chance(0.5), true, 0.2, 1e3, 300e3));
        }
        return new Recipe(out, Impairments.typical(r));
    }

    /**
     * A class for the random scenario. Hoppers and chirps put several boxes in every frame (one per
     * hop or pulse), so they are drawn less often to keep the label counts of the classes closer.
     */
    private static String randomClass(Rng r) {
        double[] weight = {1, 1, 1, 1, 1, 1, 1, 0.6, 0.35};
        double total = 0;
        for (double w : weight) total += w;
        double x = r.nextDouble() * total;
        for (int i = 0; i < weight.length; i++) {
            x -= weight[i];
            if (x < 0) return CLASSES.get(i);
        }
        return CLASSES.getLast();
    }

    private static Recipe random(Rng r, double fs) {
        var planner = new Emitters.Planner(fs, r);
        int n = r.chance(0.03) ? 0 : r.between(1, 14);
        List<EmitterSpec> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Emitters.random(randomClass(r), r, fs, planner, 0, 30, r.chance(0.5), r.chance(0.3), 0.25, 1e3, 1e6));
        }
        return new Recipe(out, r.chance(0.3) ? Impairments.typical(r) : Impairments.NONE);
    }
}
