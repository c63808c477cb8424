package dev.g20.cli;

import dev.g20.track.MotionMode;
import dev.g20.track.TrackState;

import dev.g20.testing.CliRun;
import dev.g20.detect.Box;
import dev.g20.store.AsyncTrackLogger;
import dev.g20.store.StoreTarget;
import dev.g20.track.Track;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** `g20 tracks` through Main.execute, on a SQLite file (PostgreSQL: {@link TracksCommandPostgresTest}). */
class TracksCommandTest {
    @TempDir
    static Path dir;
    static Path sqlite;
    static final long T0 = Instant.parse("2024-05-01T12:00:00Z").getEpochSecond() * 1_000_000_000L;


    @BeforeAll
    static void fillSqlite() {
        sqlite = dir.resolve("tracks.db");
        fill(new StoreTarget.Sqlite(sqlite));
    }

    /** 10 frames x 3 tracks (ids 1..3), one second apart from T0. */
    static void fill(StoreTarget t) {
        AsyncTrackLogger l = AsyncTrackLogger.start(t, new AsyncTrackLogger.Options(50, 20, 1000, 20, 200, 5000));
        for (int f = 0; f < 10; f++) {
            for (int id = 1; id <= 3; id++) {
                Track tr = new Track(id, id, "sig" + id, new Box(0.1, 0, 0.2, 1), new Box(0.1 * id, 0.25, 0.1 * id + 0.05, 0.75),
                        0.9, TrackState.CONFIRMED, 0, f + 1, MotionMode.STATIONARY, 0, 0, 100e6 + id * 1e5, 12_500, 0, f);
                l.log(tr, f, T0 + f * 1_000_000_000L, "abc123");
            }
        }
        l.stop();
    }


    @Test
    void tableByFrameRange() {
        CliRun r = CliRun.of("tracks", "--db", "sqlite:" + sqlite, "--frames", "2:3");
        assertThat(r.code()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        assertThat(lines).hasSize(1 + 6);
        assertThat(lines[0]).contains("track", "frame", "time (UTC)", "class", "conf", "f_center_MHz", "box");
        assertThat(lines[1]).contains(" 2 ", "2024-05-01T12:00:02Z", "sig1", "0.90", "confirmed", "100.100000", "12.500",
                "0.1000 0.2500 0.1500 0.7500");
        assertThat(lines[6]).contains(" 3 ", "sig3", "100.300000");
    }

    @Test
    void timeRangeAsInstantsOrNanoseconds() {
        CliRun iso = CliRun.of("tracks", "--db", "sqlite:" + sqlite, "--time", "2024-05-01T12:00:08Z:", "--json");
        assertThat(iso.code()).as(iso.err()).isZero();
        assertThat(iso.out()).contains("\"frame_id\" : 8").contains("\"frame_id\" : 9").doesNotContain("\"frame_id\" : 7");
        CliRun ns = CliRun.of("tracks", "--db", "sqlite:" + sqlite, "--time", ":" + T0, "--limit", "2");
        assertThat(ns.out()).contains("2024-05-01T12:00:00Z").contains("(first 2 rows");
    }

    @Test
    void defaultDatabaseFromTheConfigDirectory() throws Exception {
        Path cfg = Files.createDirectories(dir.resolve("cfg"));
        Files.writeString(cfg.resolve("database.yaml"), "connection_string: sqlite:" + sqlite + "\n");
        CliRun r = CliRun.of("tracks", "--config", cfg.toString(), "--track", "3", "--frames", "9");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().strip().split("\n")).hasSize(2);
    }

    @Test
    void mistakesAreOneLineErrors() {
        CliRun frames = CliRun.of("tracks", "--db", "sqlite:" + sqlite, "--frames", "a:b");
        assertThat(frames.code()).isEqualTo(2);
        assertThat(frames.err().strip()).isEqualTo("g20: --frames: bad frame id 'a' (want an integer)");

        CliRun db = CliRun.of("tracks", "--db", "mysql://x");
        assertThat(db.code()).isEqualTo(2);
        assertThat(db.err().strip()).startsWith("g20: --db: must be postgresql://").doesNotContain("\n");

        CliRun missing = CliRun.of("tracks", "--db", "sqlite:" + dir.resolve("none.db"));
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().strip()).startsWith("g20: no track store at").doesNotContain("\n");

        CliRun empty = CliRun.of("tracks", "--db", "sqlite:" + sqlite, "--frames", "5:4");
        assertThat(empty.err().strip()).isEqualTo("g20: --frames: range '5:4' is empty (start after end)");
    }
}
