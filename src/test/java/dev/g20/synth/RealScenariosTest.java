package dev.g20.synth;

import dev.g20.config.SpectrogramConfig;
import dev.g20.detect.InferenceInput;
import dev.g20.detect.SignalClasses;
import dev.g20.source.SigMfAnnotation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The real-world scenarios and the dataset drawn from them: their own rates, the new classes, emitter ids on every box. */
class RealScenariosTest {
    @TempDir
    Path dir;

    @Test
    void everyRealScenarioGivesAnnotatedEmittersAtItsOwnRate() {
        for (String name : new String[]{"ism", "adsb", "wifi", "ofdm", "lora", "broadcast", "radar", "realworld"}) {
            Scenario sc = Scenario.named(name).orElseThrow();
            assertThat(sc.rates()).as(name).isNotNull();
            Set<String> labels = new HashSet<>();
            for (long seed = 1; seed <= 6; seed++) {
                double fs = sc.rates().pick(seed);
                assertThat(fs).isBetween(sc.rates().lowHz(), sc.rates().highHz());
                try (var src = new SyntheticSource(sc.newScene(seed, Scene.Settings.of(fs, 0)), (long) (0.3 * fs), 0, name)) {
                    float[] buf = new float[2 * 65536];
                    while (src.read(buf, 65536) > 0) {
                    }
                    for (SigMfAnnotation a : src.annotations()) {
                        assertThat(a.extras()).containsKey("g20:emitter_id");
                        assertThat(SignalClasses.NAMES).contains(a.label());
                        labels.add(a.label());
                    }
                }
            }
            assertThat(labels).as(name).isNotEmpty();
            if (name.equals("ism")) assertThat(labels).contains("ook", "fsk");
            if (name.equals("adsb")) assertThat(labels).containsExactly("pulse");
            if (name.equals("broadcast")) assertThat(labels).containsExactly("fm");
            if (name.equals("lora")) assertThat(labels).contains("css");
        }
    }

    @Test
    void pulsedEmittersAreBudgetedByTheirMeanPowerNotCutAsIfAlwaysOn() {
        Scenario adsb = Scenario.named("adsb").orElseThrow();
        for (long seed = 1; seed <= 5; seed++) {
            Scenario.Recipe r = adsb.recipe(seed, 2e6, -44);
            // the drawn 8-40 dB survive: Mode S messages are on well under 1 % of the time
            assertThat(r.emitters()).allSatisfy(e -> assertThat(e.snrDb()).isGreaterThanOrEqualTo(8));
        }
        var always = EmitterSpec.of(new Waveform.Cw(), Timing.Continuous.ALWAYS, 0, 10);
        var squitter = EmitterSpec.of(new Waveform.ModeS(true, 0.05e-6), new Timing.Bursts(120e-6, 120e-6, 0.05, 0.5), 0, 10);
        assertThat(RealScenarios.duty(always)).isEqualTo(1.0);
        assertThat(RealScenarios.duty(squitter)).isLessThan(0.001);
    }

    @Test
    void theRealMixWritesOokAndPulseLabelsWithTwelveClassesAndOwnRates() throws Exception {
        SpectrogramConfig cfg = Frames.config(1024, 64);
        var o = new Dataset.Options(dir, 24, 11, Dataset.parseMix("ism,adsb,realworld"), 0.25, 128, 64, 1, cfg, 10e6, 915e6, 2);
        Dataset.Result r = Dataset.write(o, i -> {
        });
        assertThat(r.classCounts()).hasSize(SignalClasses.NAMES.size());
        assertThat(r.classCounts()[SignalClasses.NAMES.indexOf("ook")]).isPositive();
        assertThat(r.classCounts()[SignalClasses.NAMES.indexOf("pulse")]).isPositive();
        String yaml = Files.readString(dir.resolve("data.yaml"));
        assertThat(yaml).contains("nc: 12").contains("- ook").contains("- pulse").contains("scenario_sample_rates_hz");
        var input = new InferenceInput(1, 64, 128, cfg);
        for (int i = 0; i < 6; i++) {
            Dataset.Sample s = Dataset.generate(o, i, input);
            double fs = s.frame().sampleRateHz();
            assertThat(Scenario.named(s.scenario()).orElseThrow().rates().pick(0)).isPositive();
            assertThat(java.util.Arrays.stream(Scenario.Rates.COMMON).anyMatch(c -> c == fs)).as("rate %s", fs).isTrue();
            assertThat(s.annotations()).allSatisfy(a -> assertThat(a.extras()).containsKey("g20:emitter_id"));
        }
        // Mode S messages (a tenth of a row at 2 MS/s) are labelled over the rows that show them
        var adsb = new Dataset.Options(dir.resolve("adsb"), 4, 3, Dataset.parseMix("adsb"), 0, 128, 64, 1, cfg, 10e6, 915e6, 1);
        long pulses = 0;
        for (int i = 0; i < 4; i++) {
            Dataset.Sample s = Dataset.generate(adsb, i, input);
            pulses += s.boxes().stream().filter(b -> b.label().equals("pulse")).count();
            assertThat(s.boxes()).allSatisfy(b -> assertThat(b.box().height()).isGreaterThanOrEqualTo(2.0 / 64 - 1e-9));
        }
        assertThat(pulses).isGreaterThanOrEqualTo(3); // 4 with seed 3; none without the widening (240 samples < 2 rows of 512)
        assertThat(Dataset.parseMix("real")).extracting(w -> w.scenario().name()).contains("realworld", "ism", "adsb", "random", "mixed");
    }
}
