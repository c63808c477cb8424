package dev.g20.store;

import dev.g20.detect.Box;
import dev.g20.emitter.Emitter;
import dev.g20.emitter.EmitterState;
import dev.g20.track.MotionMode;
import dev.g20.track.Track;
import dev.g20.track.TrackState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bytes on disk per track row and per emitter in SQLite, written by the real logger, and what a day
 * at the demo's rate costs. The demo rate is measured: {@code g20 process} on a 10 s {@code mixed}
 * recording (10 MS/s, 190 frames) logs 4,410 rows, 441 rows per second of signal.
 */
class StoreFootprintTest {
    static final double DEMO_ROWS_PER_S = 441;
    static final int ROWS = 50_000;
    static final int EMITTERS = 5_000;

    @TempDir
    Path dir;

    @Test
    void bytesPerTrackRowAndPerEmitter() throws Exception {
        long trackBytes = fileBytes("tracks.db", l -> {
            // 23 confirmed tracks per frame, as in the demo; values vary as real ones do
            for (int i = 0; i < ROWS; i++) {
                long frame = i / 23, id = 1000 + (i % 23) + frame / 400 * 23;
                double x = 0.02 + (i % 23) * 0.04 + Math.sin(frame * 0.01) * 1e-3;
                Track t = new Track(id, i % 9, new String[] {"fm", "am", "fsk", "psk", "cw", "hopper", "ofdm", "chirp", "qam16"}[i % 9],
                        new Box(x, 0, x + 0.013, 1), new Box(x + 1e-4, 0.01, x + 0.0131, 0.99), 0.5 + (i % 50) / 100.0,
                        TrackState.CONFIRMED, 0, (int) (frame % 400) + 3, MotionMode.STATIONARY, 0, 0, 915e6 + (x - 0.5) * 10e6 + 0.37,
                        130_000 + i % 977, frame - frame % 400, frame);
                l.log(t, frame, 1_714_564_800_000_000_000L + frame * 52_428_800L, "80c62598fd8f1d6c");
            }
        });
        long emitterBytes = fileBytes("emitters.db", l -> {
            for (int i = 0; i < EMITTERS; i++) {
                List<Long> ids = new ArrayList<>();
                for (int k = 0; k < 1 + i % 12; k++) ids.add(100_000L + i * 12 + k); // a hopper has ~12 tracks, a carrier 1
                l.onEmitter(new Emitter(i, "sensor-host-01", "fsk", Map.of("fsk", 0.91, "psk", 0.06, "cw", 0.03), EmitterState.CLOSED,
                        1_714_564_800_000_000_000L + i * 1_000_000_000L, 1_714_564_800_000_000_000L + i * 1_000_000_000L + 7_500_000_000L,
                        i * 19L, i * 19L + 140, 433.92e6 + i, 25_000.5, 433.9075e6 + i, 433.9325e6 + i, 21.5, 14.25, 1 + i % 30, 0.31, 0.25,
                        i % 3 == 0 ? 1.0 : null, i % 5 == 0 ? 60 : null, i % 5 == 0 ? 50.0 : null, i % 5 == 0 ? 0.02 : null, null, ids,
                        "80c62598fd8f1d6c"));
            }
        });
        // Each file also holds the other table's empty pages and the schema: a few pages, negligible at these counts.
        double perRow = (double) trackBytes / ROWS;
        double perEmitter = (double) emitterBytes / EMITTERS;
        double perHour = perRow * DEMO_ROWS_PER_S * 3600;
        System.out.printf(Locale.ROOT, "store footprint (SQLite): %.0f bytes per track row, %.0f bytes per emitter; "
                        + "track rows at the demo's %.0f rows/s: %.0f MB per hour, %.2f GB per day (24h retention); "
                        + "10,000 emitters a day: %.1f MB%n",
                perRow, perEmitter, DEMO_ROWS_PER_S, perHour / 1e6, perHour * 24 / 1e9, perEmitter * 10_000 / 1e6);
        assertThat(perRow).as("bytes per track row").isBetween(100.0, 400.0);
        assertThat(perEmitter).as("bytes per emitter").isBetween(100.0, 1_000.0);
    }

    interface Fill {
        void into(AsyncTrackLogger l);
    }

    /** Writes through the real logger, checkpoints the WAL into the file, and returns the file's size. */
    long fileBytes(String name, Fill fill) throws Exception {
        StoreTarget.Sqlite t = new StoreTarget.Sqlite(dir.resolve(name));
        AsyncTrackLogger l = AsyncTrackLogger.start(t, new AsyncTrackLogger.Options(500, 50, 200_000, 20, 200, 30_000));
        fill.into(l);
        l.stop();
        assertThat(l.metrics().dropped()).isZero();
        try (Connection c = SqliteSink.open(t, 5000); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        return Files.size(t.path());
    }
}
