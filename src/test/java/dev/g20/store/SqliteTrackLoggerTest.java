package dev.g20.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.g20.track.Track;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** The logger suite against an embedded SQLite file (outage = another connection holding the write lock). */
class SqliteTrackLoggerTest extends TrackLoggerContract {
    @TempDir
    static Path dir;
    private static StoreTarget.Sqlite file;
    private Connection locker;

    @BeforeAll
    static void createFile() {
        file = (StoreTarget.Sqlite) StoreTarget.parse("sqlite:" + dir.resolve("sub/tracks.db"), "test");
    }

    @Override
    StoreTarget target() {
        return file;
    }

    @Override
    Connection connect() throws SQLException {
        try {
            Files.createDirectories(file.path().getParent());
        } catch (java.io.IOException e) {
            throw new SQLException(e);
        }
        return SqliteSink.open(file, 5000);
    }

    @Override
    AsyncTrackLogger startLogger(AsyncTrackLogger.Options o) {
        // A short busy timeout keeps the outage case quick: each blocked attempt fails after 100 ms.
        return AsyncTrackLogger.start(new SqliteSink(file, 100), o, true);
    }

    @Override
    void beginOutage() throws SQLException {
        locker = DriverManager.getConnection(file.jdbcUrl());
        try (Statement s = locker.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
        }
    }

    @Override
    void endOutage() throws SQLException {
        if (locker == null) return;
        try (Statement s = locker.createStatement()) {
            s.execute("ROLLBACK");
        }
        locker.close();
        locker = null;
    }

    @AfterEach
    void releaseLock() throws SQLException {
        endOutage();
    }

    @Override
    StoreTarget unreachable() {
        return new StoreTarget.Sqlite(Path.of("/proc/g20-no-such-dir/tracks.db"));
    }

    @Override
    String firstVersionTableDdl() {
        return """
                CREATE TABLE IF NOT EXISTS tracks (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    track_id INTEGER NOT NULL,
                    frame_id BIGINT NOT NULL,
                    timestamp_ns BIGINT NOT NULL,
                    class_id INTEGER NOT NULL,
                    class_name VARCHAR(64),
                    confidence REAL,
                    state VARCHAR(16),
                    box_x1 REAL, box_y1 REAL, box_x2 REAL, box_y2 REAL,
                    freq_center_hz DOUBLE PRECISION,
                    freq_bandwidth_hz DOUBLE PRECISION,
                    motion_mode VARCHAR(16),
                    created_at TEXT DEFAULT CURRENT_TIMESTAMP
                )""";
    }

    @Test
    void usesWalAndCreatesTheDirectory() throws Exception {
        StoreTarget.Sqlite fresh = new StoreTarget.Sqlite(dir.resolve("new/dir/tracks.db"));
        AsyncTrackLogger l = AsyncTrackLogger.start(fresh, options(10, 20, 100));
        l.log(track(1), 1, ts(1), "h");
        l.stop();
        assertThat(l.metrics().written()).isEqualTo(1);
        assertThat(Files.isRegularFile(fresh.path())).isTrue();
        try (Connection c = DriverManager.getConnection(fresh.jdbcUrl()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void logAllocatesNothingWhileTheDatabaseIsStalled() throws Exception {
        AsyncTrackLogger l = logger(options(50, 10, 1000));
        Track[] tracks = new Track[64];
        for (int i = 0; i < tracks.length; i++) tracks[i] = track(i);
        beginOutage();
        try {
            for (int i = 0; i < 200_000; i++) l.log(tracks[i & 63], i, i, "h"); // warm-up (JIT)
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long tid = Thread.currentThread().threadId();
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 100_000; i++) l.log(tracks[i & 63], i, i, "h");
            long bytes = mx.getThreadAllocatedBytes(tid) - before;
            System.out.println("log(): " + bytes + " bytes allocated by 100k calls while stalled");
            // Rows go into preallocated arrays; only a contended lock may allocate a queue node now and then.
            assertThat(bytes).as("bytes allocated by 100k log() calls").isLessThan(64 * 1024);
            assertThat(l.metrics().dropped()).isGreaterThan(250_000);
        } finally {
            endOutage();
        }
    }

    @Test
    void queryingAMissingFileIsAUserError() {
        StoreTarget.Sqlite missing = new StoreTarget.Sqlite(dir.resolve("nothing-here.db"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TrackStore.open(missing))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("nothing-here.db")
                .hasMessageContaining("does not exist");
        assertThat(Files.exists(missing.path())).as("a query must not create the file").isFalse();
    }
}
