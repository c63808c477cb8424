package dev.g20.store;

import dev.g20.emitter.Emitter;
import dev.g20.emitter.EmitterState;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads stored emitters back, for {@code g20 emitters}, {@code g20 tracks --emitter} and
 * {@code GET /api/emitters}. Read-only like {@link TrackStore}: a missing table reads as empty.
 * Thread-safe (queries are serialised on one connection, reopened once if it broke).
 */
public final class EmitterStore implements AutoCloseable {
    private final StoreTarget target;
    private Connection conn;

    private EmitterStore(StoreTarget target) {
        this.target = target;
    }

    /**
     * Opens a store for reading.
     *
     * @throws StoreException the database cannot be reached, or the SQLite file does not exist
     */
    public static EmitterStore open(StoreTarget target) {
        if (target instanceof StoreTarget.Sqlite s && !Files.isRegularFile(s.path())) {
            throw new StoreException("no store at " + s.path() + " (the file does not exist; nothing logged there yet?)");
        }
        EmitterStore store = new EmitterStore(target);
        try {
            store.connect();
        } catch (SQLException e) {
            throw new StoreException("cannot open store " + target.display() + ": " + dev.g20.util.Errors.oneLine(e), e);
        }
        return store;
    }

    public StoreTarget target() {
        return target;
    }

    private void connect() throws SQLException {
        conn = switch (target) {
            case StoreTarget.Postgres p -> DriverManager.getConnection(p.jdbcUrl(), p.properties());
            case StoreTarget.Sqlite s -> {
                Connection c = DriverManager.getConnection(s.jdbcUrl());
                try (Statement st = c.createStatement()) {
                    st.execute("PRAGMA busy_timeout = " + SqliteSink.DEFAULT_BUSY_TIMEOUT_MS);
                }
                yield c;
            }
        };
    }

    /** Emitters matching every filter of the query. */
    public synchronized List<Emitter> query(EmitterQuery q) {
        try {
            return run(q);
        } catch (SQLException first) {
            close();
            try {
                connect();
                return run(q);
            } catch (SQLException e) {
                throw new StoreException("emitter query on " + target.display() + " failed: " + dev.g20.util.Errors.oneLine(e), e);
            }
        }
    }

    private List<Emitter> run(EmitterQuery q) throws SQLException {
        if (conn == null) connect();
        List<Emitter> out = new ArrayList<>();
        if (!hasTable()) return out;
        StringBuilder sql = new StringBuilder("SELECT ").append(EmitterSchema.COLUMN_LIST).append(" FROM emitters WHERE 1=1");
        List<Object> args = new ArrayList<>();
        if (q.sinceNs() != null) { sql.append(" AND last_seen_ns >= ?"); args.add(q.sinceNs()); }
        if (q.untilNs() != null) { sql.append(" AND first_seen_ns <= ?"); args.add(q.untilNs()); }
        if (q.bandLoHz() != null) {
            sql.append(" AND freq_max_hz >= ? AND freq_min_hz <= ?");
            args.add(q.bandLoHz());
            args.add(q.bandHiHz());
        }
        if (q.className() != null) { sql.append(" AND lower(class_name) = ?"); args.add(q.className().toLowerCase(Locale.ROOT)); }
        if (q.activeOnly()) { sql.append(" AND state = ?"); args.add(EmitterState.ACTIVE.wireName()); }
        if (q.emitterId() != null) { sql.append(" AND emitter_id = ?"); args.add(q.emitterId()); }
        sql.append(" ORDER BY first_seen_ns, emitter_id, sensor_id LIMIT ").append(q.limit());
        try (PreparedStatement ps = conn.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                switch (args.get(i)) {
                    case Long l -> ps.setLong(i + 1, l);
                    case Double d -> ps.setDouble(i + 1, d);
                    case Object o -> ps.setString(i + 1, o.toString());
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(EmitterSchema.read(rs));
            }
        }
        if (!conn.getAutoCommit()) conn.commit();
        return out;
    }

    private boolean hasTable() throws SQLException {
        if (target instanceof StoreTarget.Sqlite) return !EmitterSchema.sqliteColumns(conn).isEmpty();
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT 1 FROM information_schema.tables WHERE table_name = 'emitters' AND table_schema = current_schema()")) {
            return rs.next();
        }
    }

    @Override
    public synchronized void close() {
        if (conn != null) {
            try {
                conn.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
            conn = null;
        }
    }
}
