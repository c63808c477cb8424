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
public record Scenario(String name, String description, Builder builder) {

    /** What a scenario decides: emitters and receiver impairments. */
    public record Recipe(List<EmitterSpec> emitters, Impairments impairments) {
    }

    /** Builds a recipe from the scenario's random stream. */
    @FunctionalInterface
    public interface Builder {
        Recipe build(Rng rng, double fs);
    }

    /** The classes the original scenarios draw from (fixed, so new classes do not change their scenes). */
    private static final List<String> CLASSES = SignalClasses.NINE;

    public static final List<Scenario> ALL = List.of(
            new Scenario("mixed", "the demo: one or two of every class, well separated, SNR 12-30 dB", Scenario::mixed),
            new Scenario("bursts", "mostly bursty emitters: FSK packets, PSK/QAM/OFDM bursts, radar chirps, hoppers, keyed CW", Scenario::bursts),
            new Scenario("drift", "signals drifting linearly (10 kHz/s to 500 kHz/s), reflecting at the ends of their range", Scenario::drift),
            new Scenario("dense", "30-40 emitters of all classes overlapping in time and frequency, with receiver impairments", Scenario::dense),
            new Scenario("lowsnr", "the mixed line-up at SNR 0-6 dB", Scenario::lowSnr),
            new Scenario("random", "what the dataset draws: 1-14 random emitters, SNR 0-30 dB, overlaps, drift, impairments", Scenario::random),
            new Scenario("noise", "thermal noise only (false-alarm checks)", (r, fs) -> new Recipe(List.of(), Impairments.NONE)));

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
        return new Recipe(Scene.fitPowerBudget(r.emitters(), fs, noiseDbfs), r.impairments());
    }

    /** A scene of this scenario; the recipe's impairments replace those in {@code settings}. */
    public Scene newScene(long seed, Scene.Settings settings) {
        Recipe r = recipe(seed, settings.sampleRateHz(), settings.noisePowerDbfs());
        return new Scene(settings.withImpairments(r.impairments()), r.emitters(), seed);
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
