package dev.g20.store;

import dev.g20.util.Errors;
import dev.g20.track.MotionMode;
import dev.g20.track.TrackState;

import dev.g20.detect.Box;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads stored tracks back (by frame range, time range, track id), for the REST server and
 * {@code g20 tracks}. Read-only: it never creates or migrates the table; a missing table reads as
 * empty and columns a first-version table lacks read as NULL. Thread-safe (queries are serialised on one
 * connection, reopened once if it broke).
 */
public final class TrackStore implements AutoCloseable {
    private final StoreTarget target;
    private Connection conn;
    private String selectList; // null until the table has been seen

    private TrackStore(StoreTarget target) {
        this.target = target;
    }

    /**
     * Opens a store for reading.
     *
     * @throws StoreException the database cannot be reached, or the SQLite file does not exist
     */
    public static TrackStore open(StoreTarget target) {
        if (target instanceof StoreTarget.Sqlite s && !Files.isRegularFile(s.path())) {
            throw new StoreException("no track store at " + s.path() + " (the file does not exist; nothing logged there yet?)");
        }
        TrackStore store = new TrackStore(target);
        try {
            store.connect();
        } catch (SQLException e) {
            throw new StoreException("cannot open track store " + target.display() + ": " + Errors.oneLine(e), e);
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

    public List<StoredTrack> byFrames(long from, long to) {
        return query(TrackQuery.frames(from, to));
    }

    public List<StoredTrack> byTime(long fromNs, long toNs) {
        return query(TrackQuery.time(fromNs, toNs));
    }

    public List<StoredTrack> byTrack(long trackId) {
        return query(TrackQuery.track(trackId));
    }

    /** Rows matching every bound of the query, ordered by frame id, track id, row id. */
    public synchronized List<StoredTrack> query(TrackQuery q) {
        try {
            return run(q);
        } catch (SQLException first) {
            // One retry on a fresh connection: the server may have restarted since the last query.
            close();
            try {
                connect();
                return run(q);
            } catch (SQLException e) {
                throw new StoreException("track query on " + target.display() + " failed: " + Errors.oneLine(e), e);
            }
        }
    }

    /** Number of rows in the table (0 if it does not exist yet). */
    public synchronized long count() {
        try {
            if (conn == null) connect();
            if (selectList() == null) return 0;
            try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM tracks")) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException("track count on " + target.display() + " failed: " + Errors.oneLine(e), e);
        }
    }

    private List<StoredTrack> run(TrackQuery q) throws SQLException {
        if (conn == null) connect();
        String select = selectList();
        List<StoredTrack> out = new ArrayList<>();
        if (select == null) return out;
        StringBuilder sql = new StringBuilder("SELECT ").append(select).append(" FROM tracks WHERE 1=1");
        List<Long> args = new ArrayList<>();
        if (q.frameFrom() != null) { sql.append(" AND frame_id >= ?"); args.add(q.frameFrom()); }
        if (q.frameTo() != null) { sql.append(" AND frame_id <= ?"); args.add(q.frameTo()); }
        if (q.timeFromNs() != null) { sql.append(" AND timestamp_ns >= ?"); args.add(q.timeFromNs()); }
        if (q.timeToNs() != null) { sql.append(" AND timestamp_ns <= ?"); args.add(q.timeToNs()); }
        if (q.trackId() != null) { sql.append(" AND track_id = ?"); args.add(q.trackId()); }
        sql.append(" ORDER BY frame_id, track_id, id LIMIT ").append(q.limit());
        boolean pg = target instanceof StoreTarget.Postgres;
        try (PreparedStatement ps = conn.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) ps.setLong(i + 1, args.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(read(rs, pg));
            }
        }
        if (!conn.getAutoCommit()) conn.commit();
        return out;
    }

    private static StoredTrack read(ResultSet rs, boolean pg) throws SQLException {
        String created;
        if (pg) {
            OffsetDateTime t = rs.getObject("created_at", OffsetDateTime.class);
            created = t == null ? null : t.toInstant().toString();
        } else {
            created = rs.getString("created_at");
        }
        return new StoredTrack(rs.getLong("id"), rs.getLong("track_id"), rs.getLong("frame_id"), rs.getLong("timestamp_ns"),
                rs.getString("config_hash"), rs.getInt("class_id"), rs.getString("class_name"), rs.getDouble("confidence"),
                TrackState.parse(rs.getString("state")), box(rs, "box_x1", "box_y1", "box_x2", "box_y2"),
                box(rs, "truth_x1", "truth_y1", "truth_x2", "truth_y2"), rs.getDouble("freq_center_hz"),
                rs.getDouble("freq_bandwidth_hz"), MotionMode.parse(rs.getString("motion_mode")), rs.getDouble("drift_rate_hz_per_sec"),
                rs.getDouble("drift_confidence"), rs.getInt("hits"), rs.getInt("age_frames"),
                rs.getLong("first_seen_frame_id"), rs.getLong("last_seen_frame_id"), created);
    }

    private static Box box(ResultSet rs, String x1, String y1, String x2, String y2) throws SQLException {
        double a = rs.getDouble(x1);
        if (rs.wasNull()) return null;
        return new Box(a, rs.getDouble(y1), rs.getDouble(x2), rs.getDouble(y2));
    }

    /** The select list for the table as it is (missing columns as NULL), or null if there is no table yet. */
    private String selectList() throws SQLException {
        if (selectList != null) return selectList;
        Set<String> have = columns();
        if (have.isEmpty()) return null;
        List<String> cols = new ArrayList<>();
        cols.add("id");
        for (Schema.Column c : Schema.COLUMNS) cols.add(c.name());
        cols.add("created_at");
        StringBuilder sb = new StringBuilder();
        for (String c : cols) {
            if (!sb.isEmpty()) sb.append(", ");
            sb.append(have.contains(c) ? c : "NULL AS " + c);
        }
        selectList = sb.toString();
        return selectList;
    }

    private Set<String> columns() throws SQLException {
        if (target instanceof StoreTarget.Sqlite) return Schema.sqliteColumns(conn);
        Set<String> have = new HashSet<>();
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'tracks' AND table_schema = current_schema()")) {
            while (rs.next()) have.add(rs.getString(1).toLowerCase(Locale.ROOT));
        }
        return have;
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
