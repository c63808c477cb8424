package dev.g20.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;

/**
 * Deletes old rows in the background: per-frame track rows stored longer ago than
 * track_rows_retention, emitters not updated for emitter_retention. Ages count from when a row was
 * stored (created_at / updated_at), not from its signal timestamp, so a replayed old recording is
 * kept as long as a live one. Deletes go in chunks, one short transaction each, so the logger's
 * batches (which wait up to SQLite's busy timeout) are never held up for long.
 */
public final class RetentionPruner {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionPruner.class);
    /** How often a prune round runs; the first one runs this long after start as well. */
    static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(10);
    private static final int CHUNK = 5_000;
    /** The text form SQLite's created_at default writes; compares as a string in time order. */
    private static final DateTimeFormatter SQLITE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** What one round removed. */
    public record Pruned(long trackRows, long emitters) {
    }

    private final StoreTarget target;
    private final Duration trackRows;
    private final Duration emitters;
    private final Clock clock;
    private final Object sleep = new Object();
    private volatile boolean stopping;
    private volatile long trackRowsPruned;
    private volatile long emittersPruned;
    private Thread thread;

    RetentionPruner(StoreTarget target, Duration trackRows, Duration emitters, Clock clock) {
        this.target = target;
        this.trackRows = trackRows;
        this.emitters = emitters;
        this.clock = clock;
    }

    /** Starts the background rounds, every {@link #DEFAULT_INTERVAL}. */
    static RetentionPruner start(StoreTarget target, Duration trackRows, Duration emitters) {
        RetentionPruner p = new RetentionPruner(target, trackRows, emitters, Clock.systemUTC());
        p.thread = Thread.ofPlatform().name("g20-retention").daemon(true).start(() -> p.loop(DEFAULT_INTERVAL));
        return p;
    }

    private void loop(Duration interval) {
        while (!stopping) {
            synchronized (sleep) {
                try {
                    if (!stopping) sleep.wait(interval.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (stopping) return;
            try {
                Pruned p = pruneNow();
                if (p.trackRows() > 0 || p.emitters() > 0) {
                    LOG.info("retention: pruned {} track rows older than {}, {} emitters older than {}", p.trackRows(),
                            trackRows, p.emitters(), emitters);
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warn("retention on {} failed, will retry: {}", target.display(), dev.g20.util.Errors.oneLine(e));
            }
        }
    }

    /** One round now, on its own connection. */
    public Pruned pruneNow() throws SQLException {
        Instant now = clock.instant();
        try (Connection c = connect()) {
            long t = delete(c, "tracks", "created_at", now.minus(trackRows));
            long e = delete(c, "emitters", "updated_at", now.minus(emitters));
            trackRowsPruned += t;
            emittersPruned += e;
            return new Pruned(t, e);
        }
    }

    public long trackRowsPruned() {
        return trackRowsPruned;
    }

    public long emittersPruned() {
        return emittersPruned;
    }

    private long delete(Connection c, String table, String column, Instant cutoff) throws SQLException {
        boolean pg = target instanceof StoreTarget.Postgres;
        String key = table.equals("tracks") ? "id" : pg ? "ctid" : "rowid";
        String sql = "DELETE FROM " + table + " WHERE " + key + " IN (SELECT " + key + " FROM " + table
                + " WHERE " + column + " < ? LIMIT " + CHUNK + ")";
        long total = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (pg) ps.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
            else ps.setString(1, SQLITE_TIME.format(cutoff));
            int n;
            do {
                n = ps.executeUpdate();
                total += n;
            } while (n == CHUNK && !stopping);
        }
        return total;
    }

    private Connection connect() throws SQLException {
        return switch (target) {
            case StoreTarget.Postgres p -> DriverManager.getConnection(p.jdbcUrl(), p.properties());
            case StoreTarget.Sqlite s -> SqliteSink.open(s, SqliteSink.DEFAULT_BUSY_TIMEOUT_MS);
        };
    }

    void stop() {
        stopping = true;
        synchronized (sleep) {
            sleep.notifyAll();
        }
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
