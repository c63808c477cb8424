package dev.g20.cli;

import dev.g20.util.Json;
import dev.g20.testing.CliRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.g20.source.SampleFormat;
import dev.g20.source.SigMf;
import dev.g20.source.SigMfAnnotation;
import dev.g20.synth.Recording;
import dev.g20.synth.SyntheticSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessCommandTest {
    static final double FS = 2e6, FC = 915e6;

    @TempDir
    static Path dir;
    static Path meta;
    static List<SigMfAnnotation> truth;



    @BeforeAll
    static void recording() {
        meta = dir.resolve("mixed.sigmf-meta");
        truth = Recording.write(new SyntheticSource("mixed", 5, FS, FC, 2.0), SampleFormat.CI16_LE, meta,
                Json.JSON.createObjectNode().put("g20:marker", "kept"), n -> {
                }).annotations();
        assertThat(truth).isNotEmpty();
    }

    private static boolean insideSomeBand(double hz) {
        for (SigMfAnnotation a : truth) if (hz >= a.freqLowerEdge() - 2e3 && hz <= a.freqUpperEdge() + 2e3) return true;
        return false;
    }

    @Test
    void tracksAnnotationsAndPngFromTheRealPipeline() throws Exception {
        Path tracks = dir.resolve("tracks.json"), ann = dir.resolve("out.sigmf-meta"), png = dir.resolve("w.png");
        Path emitters = dir.resolve("emitters.json");
        CliRun r = CliRun.of("process", meta.toString(), "--detector", "energy", "--tracks", tracks.toString(), "--emitters", emitters.toString(),
                "--annotate", ann.toString(), "--png", png.toString(), "--png-size", "400x300");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("processed").contains("frames").contains("confirmed tracks").contains("MS/s");

        JsonNode arr = new ObjectMapper().readTree(tracks.toFile());
        assertThat(arr.isArray()).isTrue();
        assertThat(arr.size()).isGreaterThanOrEqualTo(3);
        int inside = 0;
        java.util.Set<Long> ids = new java.util.HashSet<>();
        for (JsonNode t : arr) {
            for (String k : new String[]{"track_id", "class_id", "class_name", "truth_box", "display_box", "confidence", "state",
                    "age_frames", "hits", "motion_mode", "drift_rate_hz_per_sec", "drift_confidence", "freq_center_hz",
                    "freq_bandwidth_hz", "first_seen_frame_id", "last_seen_frame_id"}) {
                assertThat(t.has(k)).as(k).isTrue();
            }
            assertThat(ids.add(t.get("track_id").asLong())).as("one record per track").isTrue();
            assertThat(t.get("hits").asInt()).as("confirmed at least once: confirm_hits").isGreaterThanOrEqualTo(3);
            if (insideSomeBand(t.get("freq_center_hz").asDouble())) inside++;
        }
        assertThat((double) inside / arr.size()).as("tracks inside annotated bands").isGreaterThan(0.8);

        JsonNode ems = new ObjectMapper().readTree(emitters.toFile());
        assertThat(ems.size()).as("no more emitters than tracks").isBetween(3, arr.size());
        java.util.Set<Long> emitterIds = new java.util.HashSet<>();
        java.util.Set<Long> grouped = new java.util.HashSet<>();
        for (JsonNode e : ems) {
            for (String k : new String[]{"emitter_id", "class_name", "class_votes", "state", "first_seen_ns", "last_seen_ns", "freq_center_hz",
                    "bandwidth_hz", "snr_db_peak", "bursts", "duty_cycle", "pri_s", "hop_count", "drift_hz_per_s", "track_ids", "config_hash"}) {
                assertThat(e.has(k)).as(k).isTrue();
            }
            assertThat(e.get("state").asText()).isEqualTo("closed");
            emitterIds.add(e.get("emitter_id").asLong());
            for (JsonNode t : e.get("track_ids")) assertThat(grouped.add(t.asLong())).as("a track in one emitter").isTrue();
        }
        for (JsonNode t : arr) assertThat(grouped).as("every confirmed track has its emitter").contains(t.get("track_id").asLong());

        SigMf back = SigMf.read(ann);
        assertThat(back.sampleRateHz()).isEqualTo(FS);
        assertThat(back.centerFreqHz()).isEqualTo(FC);
        // one annotation per emitter burst or hop, each naming its emitter and the track that opened it
        assertThat(back.annotations().size()).isGreaterThanOrEqualTo(ems.size());
        long total = Math.round(2.0 * FS);
        for (SigMfAnnotation a : back.annotations()) {
            assertThat(a.extras()).containsKeys("g20:emitter_id", "g20:track_id", "g20:confidence", "g20:motion_mode",
                    "g20:drift_rate_hz_per_sec", "g20:config_hash");
            assertThat(emitterIds).contains(((Number) a.extras().get("g20:emitter_id")).longValue());
            assertThat(a.label()).isEqualTo("signal");
            assertThat(a.sampleStart()).isBetween(0L, total);
            assertThat(a.sampleStart() + a.sampleCount()).isLessThanOrEqualTo(total);
            assertThat(a.freqLowerEdge()).isLessThan(a.freqUpperEdge());
        }
        // the input's own metadata is carried over
        assertThat(back.json().at("/global/g20:marker").asText()).isEqualTo("kept");
        assertThat(back.json().at("/global/core:datatype").asText()).isEqualTo("ci16_le");

        var img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isGreaterThan(100);
    }

    @Test
    void rawInputGetsFreshMetadataNamingIt() throws Exception {
        Path raw = dir.resolve("capture.cs16");
        Files.copy(SigMf.dataFileFor(meta), raw);
        Path ann = dir.resolve("capture.sigmf-meta");
        CliRun r = CliRun.of("process", raw.toString(), "--sample-rate", "2e6", "--center-freq", "915e6", "--detector", "energy",
                "--annotate", ann.toString());
        assertThat(r.code()).as(r.err()).isZero();
        SigMf back = SigMf.read(ann);
        assertThat(back.format()).isEqualTo(SampleFormat.CI16_LE);
        assertThat(back.json().at("/global/core:dataset").asText()).isEqualTo("capture.cs16");
        assertThat(back.annotations()).isNotEmpty();
        assertThat(back.annotations().getFirst().extras()).containsKey("g20:track_id");
    }

    @Test
    void badInputIsOneLineAndExit2() {
        CliRun r = CliRun.of("process", dir.resolve("missing.sigmf-meta").toString(), "--detector", "energy");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("g20: ").contains("missing.sigmf-meta");

        r = CliRun.of("process", meta.toString(), "--detector", "cnn");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--detector");

        r = CliRun.of("process", meta.toString(), "--detector", "energy", "--tracks", dir.resolve("no/such/dir/t.json").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);

        r = CliRun.of("process", meta.toString(), "--model", dir.resolve("none.onnx").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("none.onnx");
    }
}
