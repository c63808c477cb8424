package dev.g20.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.g20.detect.Box;
import dev.g20.emitter.Emitter;
import dev.g20.emitter.EmitterState;
import dev.g20.store.AsyncTrackLogger;
import dev.g20.store.StoreTarget;
import dev.g20.testing.CliRun;
import dev.g20.track.MotionMode;
import dev.g20.track.Track;
import dev.g20.track.TrackState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.g20.emitter.SampleEmitters.T0;
import static dev.g20.emitter.SampleEmitters.fsk;
import static dev.g20.emitter.SampleEmitters.hopper;
import static org.assertj.core.api.Assertions.assertThat;

/** `g20 emitters` and `g20 tracks --emitter` through Main.execute, on a SQLite file filled by the real logger. */
class EmittersCommandTest {
    @TempDir
    static Path dir;
    static String db;
    /** Seen in the last minutes, so that --since 10m finds it and not the others. */
    static final long NOW_NS = Instant.now().getEpochSecond() * 1_000_000_000L;

    @BeforeAll
    static void fill() {
        db = "sqlite:" + dir.resolve("store.db");
        AsyncTrackLogger l = AsyncTrackLogger.start(StoreTarget.parse(db, "test"), new AsyncTrackLogger.Options(50, 20, 1000, 20, 200, 5000));
        l.onEmitter(fsk(1, 433.92e6, 0, 75, EmitterState.CLOSED));  // track ids 10, 11
        l.onEmitter(hopper(2, 10, 20, EmitterState.ACTIVE));         // track ids 1..4
        Emitter recent = fsk(3, 868.3e6, 0, 1, EmitterState.ACTIVE);
        l.onEmitter(new Emitter(3, "sensor-a", "cw", Map.of("cw", 1.0), EmitterState.ACTIVE, NOW_NS - 60_000_000_000L, NOW_NS,
                0, 100, 868.3e6, 1e3, 868.2995e6, 868.3005e6, 30, 25, 1, 1.0, 60, null, null, null, null, null, List.of(30L), null));
        for (int f = 0; f < 5; f++) {
            for (long id : new long[] {10, 11, 12}) {
                l.log(new Track(id, 4, "fsk", null, new Box(0.1, 0, 0.2, 1), 0.9, TrackState.CONFIRMED, 0, f + 1,
                        MotionMode.STATIONARY, 0, 0, 433.92e6, 25e3, 0, f), f, T0 + f * 50_000_000L, "h");
            }
        }
        l.stop();
    }

    @Test
    void tableListsEveryEmitterWithItsColumns() {
        CliRun r = CliRun.of("emitters", "--db", db);
        assertThat(r.code()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).contains("id", "class", "MHz", "BW_kHz", "first seen (UTC)", "last seen (UTC)", "duration", "bursts", "duty", "SNR_dB");
        assertThat(lines[1]).contains("1", "fsk", "closed", "433.920000", "25.000", "2024-05-01T12:00:00.0Z", "2024-05-01T12:01:15.0Z",
                "1m15s", " 4 ", "0.25", "12.5");
        assertThat(lines[2]).contains("2", "hopper", "active", "915.000000", "150.000", "10.0s");
        assertThat(lines[3]).contains("3", "cw", "868.300000", "1m00s");
    }

    @Test
    void filtersNarrowTheList() {
        assertThat(ids("--band", "433.0e6:434.8e6")).containsExactly(1L);
        assertThat(ids("--band", "900e6:903e6")).containsExactly(2L);
        assertThat(ids("--class", "FSK")).containsExactly(1L);
        assertThat(ids("--active")).containsExactly(2L, 3L);
        assertThat(ids("--since", "10m")).containsExactly(3L);
        assertThat(ids("--since", "2024-05-01T12:00:30Z", "--until", "2024-05-01T12:00:40Z")).containsExactly(1L);
        assertThat(ids("--until", "2024-05-01T12:00:05Z")).containsExactly(1L);
    }

    @Test
    void jsonHasTheRecordsFields() throws Exception {
        CliRun r = CliRun.of("emitters", "--db", db, "--json", "--class", "hopper");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode a = new ObjectMapper().readTree(r.out());
        assertThat(a).hasSize(1);
        assertThat(a.get(0).get("emitter_id").asLong()).isEqualTo(2);
        assertThat(a.get(0).get("hop_count").asInt()).isEqualTo(60);
        assertThat(a.get(0).get("state").asText()).isEqualTo("active");
        assertThat(a.get(0).get("track_ids")).hasSize(4);
        assertThat(a.get(0).has("pri_s")).isTrue();
    }

    @Test
    void badFilterValuesAreOneLineErrorsNamingTheOption() {
        assertBad(new String[] {"--band", "433e6"}, "g20: --band: bad band '433e6' (want LO:HI in Hz, e.g. 433.0e6:434.8e6)");
        assertBad(new String[] {"--band", "434.8e6:433e6"}, "g20: --band: band '434.8e6:433e6' is empty (LO above HI)");
        assertBad(new String[] {"--since", "10x"}, "g20: --since: bad time '10x'");
        assertBad(new String[] {"--until", "yesterday"}, "g20: --until: bad time 'yesterday'");
        assertBad(new String[] {"--since", "1h", "--until", "2h"}, "g20: --since '1h' is after --until '2h'");
        assertBad(new String[] {"--limit", "0"}, "g20: --limit: must be >= 1, got 0");
        CliRun r = CliRun.of("emitters", "--db", "sqlite:" + dir.resolve("missing.db"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("g20: no store at").doesNotContain("Exception");
    }

    @Test
    void tracksOfOneEmitter() {
        CliRun r = CliRun.of("tracks", "--db", db, "--emitter", "1");
        assertThat(r.code()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        assertThat(lines).hasSize(1 + 10); // tracks 10 and 11, five frames each; track 12 belongs to no emitter
        assertThat(r.out()).doesNotContain("      12 ");
        assertThat(lines[1]).startsWith("      10 ");
        assertThat(lines[2]).startsWith("      11 ");
        CliRun frames = CliRun.of("tracks", "--db", db, "--emitter", "1", "--frames", "4:4");
        assertThat(frames.out().strip().split("\n")).hasSize(3);
        CliRun none = CliRun.of("tracks", "--db", db, "--emitter", "99");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err().strip()).isEqualTo("g20: --emitter: no emitter 99 in " + db);
    }

    private static List<Long> ids(String... filters) {
        String[] args = new String[filters.length + 4];
        args[0] = "emitters";
        args[1] = "--db";
        args[2] = db;
        args[3] = "--json";
        System.arraycopy(filters, 0, args, 4, filters.length);
        CliRun r = CliRun.of(args);
        assertThat(r.code()).as(r.err()).isZero();
        try {
            JsonNode a = new ObjectMapper().readTree(r.out());
            return java.util.stream.StreamSupport.stream(a.spliterator(), false).map(n -> n.get("emitter_id").asLong()).toList();
        } catch (Exception e) {
            throw new AssertionError(r.out(), e);
        }
    }

    private static void assertBad(String[] filters, String message) {
        String[] args = new String[filters.length + 3];
        args[0] = "emitters";
        args[1] = "--db";
        args[2] = db;
        System.arraycopy(filters, 0, args, 3, filters.length);
        CliRun r = CliRun.of(args);
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith(message).doesNotContain("\n").doesNotContain("Exception");
    }
}
