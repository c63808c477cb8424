package dev.g20.store;

import dev.g20.config.DatabaseConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The logger suite against a real PostgreSQL (outage = pg_ctl stop -m fast, then start), plus PostgreSQL-only cases. */
@ExtendWith(TestPostgres.class)
class PostgresTrackLoggerTest extends TrackLoggerContract {
    private static StoreTarget.Postgres db;

    @BeforeAll
    static void createDatabase() {
        db = TestPostgres.server().createDatabase(PostgresTrackLoggerTest.class);
    }

    @Override
    StoreTarget target() {
        return db;
    }

    @Override
    Connection connect() throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.properties());
    }

    @Override
    String outageUnsupported() {
        return TestPostgres.server().canRestart() ? null : "the outage case stops the server: needs the tests' own cluster, not " + TestPostgres.ENV_URL;
    }

    @Override
    void beginOutage() {
        TestPostgres.server().owned().stopServer();
    }

    @Override
    void endOutage() {
        TestPostgres.Server s = TestPostgres.server();
        if (!s.owned().isRunning()) s.owned().startServer();
    }

    @Override
    StoreTarget unreachable() {
        return new StoreTarget.Postgres(db.host(), db.port(), db.database(), db.user(), "wrong-password", Map.of());
    }

    @Override
    String firstVersionTableDdl() {
        // The first version's table, verbatim (the migration starts from it).
        return """
                CREATE TABLE IF NOT EXISTS tracks (
                    id SERIAL PRIMARY KEY,
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
                    created_at TIMESTAMPTZ DEFAULT NOW()
                );
                CREATE INDEX IF NOT EXISTS idx_tracks_frame ON tracks(frame_id);
                CREATE INDEX IF NOT EXISTS idx_tracks_time ON tracks(timestamp_ns);
                """;
    }

    @Test
    void badPasswordNamesTheServerNotThePassword() {
        assertThatThrownBy(() -> AsyncTrackLogger.start(unreachable(), options(50, 20, 100)))
                .hasMessageContaining("password authentication failed")
                .hasMessageContaining(db.host() + ":" + db.port())
                .hasMessageNotContaining("wrong-password");
    }

    @Test
    void logNeverWaitsForAWriterBlockedOnALock() throws Exception {
        // Flush by size only, so batches are exactly 50 rows and the counts below are exact.
        AsyncTrackLogger l = logger(options(50, 600_000, 1000));
        for (int i = 0; i < 500; i++) l.log(track(i), i, ts(i), "h");
        await("the first 500 rows", l, m -> m.written() == 500, Duration.ofSeconds(20));
        try (Connection locker = connect(); Connection watcher = connect()) {
            locker.setAutoCommit(false);
            try (Statement s = locker.createStatement()) {
                s.execute("LOCK TABLE tracks IN ACCESS EXCLUSIVE MODE");
            }
            for (int i = 500; i < 550; i++) l.log(track(i), i, ts(i), "h");
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (waitingLocks(watcher) == 0) {
                if (System.nanoTime() > end) throw new AssertionError("the writer never blocked on the lock: " + l.metrics());
                Thread.sleep(5);
            }
            long[] ns = new long[3000];
            for (int k = 0; k < ns.length; k++) {
                int i = 550 + k;
                long t0 = System.nanoTime();
                l.log(track(i), i, ts(i), "h");
                ns[k] = System.nanoTime() - t0;
            }
            Arrays.sort(ns);
            System.out.printf("log() while the writer is blocked on a lock: p50 %d ns, p99 %d ns, max %d ns%n",
                    ns[1500], ns[(int) (0.99 * 2999)], ns[2999]);
            assertThat(ns[(int) (0.99 * 2999)]).isLessThan(1_000_000);
            TrackLoggerMetrics m = l.metrics();
            assertThat(m.written()).isEqualTo(500);
            assertThat(m.queued()).isEqualTo(m.written() + m.dropped() + m.queueDepth());
            locker.rollback();
        }
        await("the queue to drain", l, m -> m.queueDepth() == 0, Duration.ofSeconds(20));
        TrackLoggerMetrics m = l.metrics();
        // The blocked batch (500..549) was evicted while in flight but then committed: it counts as written.
        assertThat(m.written()).isEqualTo(1550);
        assertThat(m.dropped()).isEqualTo(2000);
        assertThat(m.failedBatches()).isZero();
        assertThat(frameIds()).containsExactly(LongStream.concat(LongStream.range(0, 550), LongStream.range(2550, 3550)).toArray());
    }

    private static long waitingLocks(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'tracks'::regclass")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void passwordWithSpecialCharactersIsPercentDecoded() throws Exception {
        String password = "p@ss:w/rd %41+?&=#é'";
        String role = "g20_odd_user";
        StoreTarget.Postgres admin = TestPostgres.server().admin();
        StoreTarget.Postgres own = TempPostgres.createDatabase(admin, "g20_odd_db");
        try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.properties()); Statement s = c.createStatement()) {
            s.execute("DROP ROLE IF EXISTS " + role);
            s.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
            s.execute("ALTER DATABASE " + own.database() + " OWNER TO " + role);
        }
        try {
            String url = "postgresql://" + role + ":" + URLEncoder.encode(password, StandardCharsets.UTF_8).replace("+", "%20")
                    + "@" + admin.host() + ":" + admin.port() + "/" + own.database();
            DatabaseConfig cfg = new DatabaseConfig(url, 10, 20, 100);
            AsyncTrackLogger l = AsyncTrackLogger.start(cfg, "test");
            l.log(track(1), 1, ts(1), "h");
            l.stop();
            assertThat(l.metrics().written()).isEqualTo(1);
            assertThat(l.target().display()).contains(role + ":***@").doesNotContain("ss:w");

            String wrong = url.replace("%40", "%41");
            assertThatThrownBy(() -> AsyncTrackLogger.start(cfg.withConnectionString(wrong), "test"))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("password authentication failed")
                    .hasMessageNotContaining("ss:w");
        } finally {
            try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.properties()); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + own.database() + " WITH (FORCE)");
                s.execute("DROP ROLE IF EXISTS " + role);
            }
        }
    }
}
