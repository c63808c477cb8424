package dev.g20.synth;

import dev.g20.testing.CliRun;
import dev.g20.source.FileIqSource;
import dev.g20.source.SampleFormat;
import dev.g20.source.SigMf;
import dev.g20.source.SigMfAnnotation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SynthCommandTest {



    @Test
    void listShowsEveryScenario() {
        CliRun r = CliRun.of("synth", "--list");
        assertThat(r.code()).isZero();
        for (String name : Scenario.names()) assertThat(r.out()).contains(name);
        assertThat(r.out().lines()).hasSize(Scenario.ALL.size());
    }

    @Test
    void writesSigMfThatOurReaderReadsBackWithTheTruth(@TempDir Path dir) throws Exception {
        Path meta = dir.resolve("a.sigmf-meta");
        CliRun r = CliRun.of("synth", "--scenario", "mixed", "--seconds", "0.3", "--seed", "4", "--sample-rate", "5e6", "--center-freq", "433.5e6", "--out", meta.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("annotations").contains("MS/s");
        SigMf sig = SigMf.read(meta);
        assertThat(sig.format()).isEqualTo(SampleFormat.CI16_LE);
        assertThat(sig.sampleRateHz()).isEqualTo(5e6);
        assertThat(sig.centerFreqHz()).isEqualTo(433.5e6);
        assertThat(Files.size(sig.dataFile())).isEqualTo(1_500_000L * 4);
        assertThat(sig.json().get("global").get("g20:scenario").asText()).isEqualTo("mixed");

        // the annotations are the source's own ground truth, unchanged by the round trip
        var src = new SyntheticSource("mixed", 4, 5e6, 433.5e6, 0.3);
        float[] expected = SyntheticSourceTest.readAll(src, 65536);
        List<SigMfAnnotation> truth = src.annotations().stream()
                .sorted((x, y) -> Long.compare(x.sampleStart(), y.sampleStart())).toList();
        assertThat(sig.annotations()).hasSize(truth.size());
        for (int i = 0; i < truth.size(); i++) {
            SigMfAnnotation a = sig.annotations().get(i), b = truth.get(i);
            assertThat(a.sampleStart()).isEqualTo(b.sampleStart());
            assertThat(a.sampleCount()).isEqualTo(b.sampleCount());
            assertThat(a.freqLowerEdge()).isEqualTo(b.freqLowerEdge());
            assertThat(a.freqUpperEdge()).isEqualTo(b.freqUpperEdge());
            assertThat(a.label()).isEqualTo(b.label());
            assertThat(((Number) a.extras().get("g20:emitter_id")).intValue()).isEqualTo(b.extras().get("g20:emitter_id"));
        }
        // the samples decode to the generated ones within ci16 quantisation
        try (FileIqSource in = sig.open()) {
            float[] buf = new float[2 * 1000];
            int n = in.read(buf, 1000);
            for (int i = 0; i < 2 * n; i++) assertThat((double) buf[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1.0 / 32768 + 1e-7));
        }
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes(@TempDir Path dir) throws Exception {
        for (String name : List.of("a", "b")) {
            assertThat(CliRun.of("synth", "--scenario", "bursts", "--seconds", "0.05", "--seed", "9", "--datatype", "cf32_le", "--out", dir.resolve(name + ".sigmf-meta").toString()).code()).isZero();
        }
        assertThat(CliRun.of("synth", "--scenario", "bursts", "--seconds", "0.05", "--seed", "10", "--datatype", "cf32_le", "--out", dir.resolve("c.sigmf-meta").toString()).code()).isZero();
        byte[] a = Files.readAllBytes(dir.resolve("a.sigmf-data"));
        assertThat(a).hasSize(500_000 * 8);
        assertThat(Files.readAllBytes(dir.resolve("b.sigmf-data"))).isEqualTo(a);
        assertThat(Files.readString(dir.resolve("b.sigmf-meta"))).isEqualTo(Files.readString(dir.resolve("a.sigmf-meta")));
        assertThat(Files.readAllBytes(dir.resolve("c.sigmf-data"))).isNotEqualTo(a);
        assertThat(SigMf.read(dir.resolve("a.sigmf-meta")).format()).isEqualTo(SampleFormat.CF32_LE);
    }

    @Test
    void badArgumentsExit2WithOneLine(@TempDir Path dir) {
        String out = dir.resolve("x.sigmf-meta").toString();
        for (String[] args : List.of(
                new String[]{"synth", "--scenario", "nope", "--out", out},
                new String[]{"synth", "--seconds", "0", "--out", out},
                new String[]{"synth", "--seconds", "-2", "--out", out},
                new String[]{"synth", "--datatype", "cu8", "--out", out},
                new String[]{"synth", "--seconds", "1"},
                new String[]{"synth", "--out", dir.resolve("missing/x.sigmf-meta").toString()})) {
            CliRun r = CliRun.of(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).startsWith("g20: ");
        }
        assertThat(CliRun.of("synth", "--scenario", "nope", "--out", out).err()).contains("nope").contains("mixed");
        assertThat(Files.exists(Path.of(out))).isFalse();
    }
}
