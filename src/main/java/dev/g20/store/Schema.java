package dev.g20.store;

import dev.g20.track.MotionMode;

import dev.g20.detect.Box;
import dev.g20.track.Track;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code tracks} table, the same columns in PostgreSQL and SQLite: the original columns and
 * indexes plus config hash, track lifecycle and drift fields and the truth box. Created or migrated
 * idempotently (a table made by the first G20 version gains the new columns).
 */
final class Schema {
    private Schema() {
    }

    /** A column written by the logger (id and created_at are filled in by the database). */
    record Column(String name, String pgType, String sqliteType) {
    }

    static final String TABLE = "tracks";

    /** Insert order; {@link #bind} and {@link #appendCopyRow} follow it. */
    static final List<Column> COLUMNS = List.of(
            new Column("track_id", "BIGINT NOT NULL", "INTEGER NOT NULL"),
            new Column("frame_id", "BIGINT NOT NULL", "INTEGER NOT NULL"),
            new Column("timestamp_ns", "BIGINT NOT NULL", "INTEGER NOT NULL"),
            new Column("config_hash", "TEXT", "TEXT"),
            new Column("class_id", "INTEGER NOT NULL", "INTEGER NOT NULL"),
            new Column("class_name", "TEXT", "TEXT"),
            new Column("confidence", "REAL", "REAL"),
            new Column("state", "TEXT", "TEXT"),
            new Column("box_x1", "REAL", "REAL"),
            new Column("box_y1", "REAL", "REAL"),
            new Column("box_x2", "REAL", "REAL"),
            new Column("box_y2", "REAL", "REAL"),
            new Column("truth_x1", "REAL", "REAL"),
            new Column("truth_y1", "REAL", "REAL"),
            new Column("truth_x2", "REAL", "REAL"),
            new Column("truth_y2", "REAL", "REAL"),
            new Column("freq_center_hz", "DOUBLE PRECISION", "REAL"),
            new Column("freq_bandwidth_hz", "DOUBLE PRECISION", "REAL"),
            new Column("motion_mode", "TEXT", "TEXT"),
            new Column("drift_rate_hz_per_sec", "DOUBLE PRECISION", "REAL"),
            new Column("drift_confidence", "REAL", "REAL"),
            new Column("hits", "INTEGER", "INTEGER"),
            new Column("age_frames", "INTEGER", "INTEGER"),
            new Column("first_seen_frame_id", "BIGINT", "INTEGER"),
            new Column("last_seen_frame_id", "BIGINT", "INTEGER"));

    static final int NCOL = COLUMNS.size();

    static final String COLUMN_LIST = String.join(", ", COLUMNS.stream().map(Column::name).toList());

    private static final String[] INDEXES = {
            "CREATE INDEX IF NOT EXISTS idx_tracks_frame ON tracks(frame_id)",
            "CREATE INDEX IF NOT EXISTS idx_tracks_time ON tracks(timestamp_ns)",
            "CREATE INDEX IF NOT EXISTS idx_tracks_track ON tracks(track_id)",
            "CREATE INDEX IF NOT EXISTS idx_tracks_created ON tracks(created_at)"}; // retention

    /** Serialises concurrent migrations (two loggers starting on one fresh database). */
    private static final long PG_MIGRATION_LOCK = 0x6732305f74726bL; // "g20_trk"

    static void migratePostgres(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + PG_MIGRATION_LOCK + ")");
            StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS tracks (id BIGSERIAL PRIMARY KEY");
            for (Column col : COLUMNS) ddl.append(", ").append(col.name).append(' ').append(col.pgType);
            ddl.append(", created_at TIMESTAMPTZ NOT NULL DEFAULT now())");
            s.execute(ddl.toString());
            // A table created by an older G20 lacks some columns; nullable so existing rows stay valid.
            for (Column col : COLUMNS) {
                s.execute("ALTER TABLE tracks ADD COLUMN IF NOT EXISTS " + col.name + " " + col.pgType.replace(" NOT NULL", ""));
            }
            s.execute("ALTER TABLE tracks ADD COLUMN IF NOT EXISTS created_at TIMESTAMPTZ DEFAULT now()");
            for (String idx : INDEXES) s.execute(idx);
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    static void migrateSqlite(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS tracks (id INTEGER PRIMARY KEY AUTOINCREMENT");
            for (Column col : COLUMNS) ddl.append(", ").append(col.name).append(' ').append(col.sqliteType);
            ddl.append(", created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))");
            s.execute(ddl.toString());
            Set<String> have = sqliteColumns(c);
            for (Column col : COLUMNS) {
                if (!have.contains(col.name)) {
                    s.execute("ALTER TABLE tracks ADD COLUMN " + col.name + " " + col.sqliteType.replace(" NOT NULL", ""));
                }
            }
            // SQLite cannot add a column with a non-constant default; old rows get NULL.
            if (!have.contains("created_at")) s.execute("ALTER TABLE tracks ADD COLUMN created_at TEXT");
            for (String idx : INDEXES) s.execute(idx);
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    static Set<String> sqliteColumns(Connection c) throws SQLException {
        Set<String> have = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA table_info(tracks)")) {
            while (rs.next()) have.add(rs.getString("name").toLowerCase(Locale.ROOT));
        }
        return have;
    }

    /** Binds row {@code i} of the batch to parameters {@code offset+1 .. offset+NCOL}. */
    static void bind(PreparedStatement ps, int offset, RowBatch b, int i) throws SQLException {
        Track t = b.tracks[i];
        int p = offset;
        ps.setLong(++p, t.trackId());
        ps.setLong(++p, b.frameIds[i]);
        ps.setLong(++p, b.timestampsNs[i]);
        setText(ps, ++p, b.configHashes[i]);
        ps.setInt(++p, t.classId());
        setText(ps, ++p, t.className());
        ps.setFloat(++p, (float) t.confidence());
        setText(ps, ++p, t.state().wireName());
        p = setBox(ps, p, t.displayBox());
        p = setBox(ps, p, t.truthBox());
        ps.setDouble(++p, t.freqCenterHz());
        ps.setDouble(++p, t.freqBandwidthHz());
        setText(ps, ++p, wireName(t.motionMode()));
        ps.setDouble(++p, t.driftRateHzPerSec());
        ps.setFloat(++p, (float) t.driftConfidence());
        ps.setInt(++p, t.hits());
        ps.setInt(++p, t.ageFrames());
        ps.setLong(++p, t.firstSeenFrameId());
        ps.setLong(++p, t.lastSeenFrameId());
    }

    private static String wireName(MotionMode m) {
        return m == null ? null : m.wireName();
    }

    private static void setText(PreparedStatement ps, int p, String s) throws SQLException {
        if (s == null) ps.setNull(p, Types.VARCHAR);
        else ps.setString(p, clean(s));
    }

    private static int setBox(PreparedStatement ps, int p, Box box) throws SQLException {
        if (box == null) {
            for (int k = 0; k < 4; k++) ps.setNull(++p, Types.REAL);
        } else {
            ps.setFloat(++p, (float) box.x1());
            ps.setFloat(++p, (float) box.y1());
            ps.setFloat(++p, (float) box.x2());
            ps.setFloat(++p, (float) box.y2());
        }
        return p;
    }

    /** Appends row {@code i} in PostgreSQL COPY text format (tab separated, \N for NULL, newline ended). */
    static void appendCopyRow(StringBuilder sb, RowBatch b, int i) {
        Track t = b.tracks[i];
        sb.append(t.trackId()).append('\t');
        sb.append(b.frameIds[i]).append('\t');
        sb.append(b.timestampsNs[i]).append('\t');
        copyText(sb, b.configHashes[i]).append('\t');
        sb.append(t.classId()).append('\t');
        copyText(sb, t.className()).append('\t');
        sb.append((float) t.confidence()).append('\t');
        copyText(sb, t.state().wireName()).append('\t');
        copyBox(sb, t.displayBox());
        copyBox(sb, t.truthBox());
        sb.append(t.freqCenterHz()).append('\t');
        sb.append(t.freqBandwidthHz()).append('\t');
        copyText(sb, wireName(t.motionMode())).append('\t');
        sb.append(t.driftRateHzPerSec()).append('\t');
        sb.append((float) t.driftConfidence()).append('\t');
        sb.append(t.hits()).append('\t');
        sb.append(t.ageFrames()).append('\t');
        sb.append(t.firstSeenFrameId()).append('\t');
        sb.append(t.lastSeenFrameId()).append('\n');
    }

    private static void copyBox(StringBuilder sb, Box box) {
        if (box == null) {
            sb.append("\\N\t\\N\t\\N\t\\N\t");
        } else {
            sb.append((float) box.x1()).append('\t').append((float) box.y1()).append('\t')
                    .append((float) box.x2()).append('\t').append((float) box.y2()).append('\t');
        }
    }

    private static StringBuilder copyText(StringBuilder sb, String s) {
        if (s == null) return sb.append("\\N");
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\0' -> { } // PostgreSQL text cannot hold NUL; dropped as in clean()
                default -> sb.append(c);
            }
        }
        return sb;
    }

    /** PostgreSQL text cannot hold NUL characters; drop them rather than fail the whole batch. */
    static String clean(String s) {
        return s.indexOf('\0') < 0 ? s : s.replace("\0", "");
    }
}
