package dev.g20.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.g20.config.SensorDefaults;
import dev.g20.emitter.Emitter;
import dev.g20.emitter.EmitterState;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code emitters} table, the same columns in PostgreSQL and SQLite: one row per emitter and
 * sensor (the {@link Emitter} record's fields; class votes and track ids as JSON text), upserted
 * as the emitter changes. Created or migrated idempotently, like {@link Schema}'s tracks table.
 */
final class EmitterSchema {
    private EmitterSchema() {
    }

    static final String TABLE = "emitters";

    /** Insert order; {@link #bind} and {@link #read} follow it. */
    static final List<Schema.Column> COLUMNS = List.of(
            new Schema.Column("emitter_id", "BIGINT NOT NULL", "INTEGER NOT NULL"),
            new Schema.Column("sensor_id", "TEXT NOT NULL", "TEXT NOT NULL"),
            new Schema.Column("class_name", "TEXT", "TEXT"),
            new Schema.Column("class_votes", "TEXT", "TEXT"),
            new Schema.Column("state", "TEXT", "TEXT"),
            new Schema.Column("first_seen_ns", "BIGINT", "INTEGER"),
            new Schema.Column("last_seen_ns", "BIGINT", "INTEGER"),
            new Schema.Column("first_frame_id", "BIGINT", "INTEGER"),
            new Schema.Column("last_frame_id", "BIGINT", "INTEGER"),
            new Schema.Column("freq_center_hz", "DOUBLE PRECISION", "REAL"),
            new Schema.Column("bandwidth_hz", "DOUBLE PRECISION", "REAL"),
            new Schema.Column("freq_min_hz", "DOUBLE PRECISION", "REAL"),
            new Schema.Column("freq_max_hz", "DOUBLE PRECISION", "REAL"),
            new Schema.Column("snr_db_peak", "REAL", "REAL"),
            new Schema.Column("snr_db_mean", "REAL", "REAL"),
            new Schema.Column("bursts", "INTEGER", "INTEGER"),
            new Schema.Column("duty_cycle", "REAL", "REAL"),
            new Schema.Column("burst_s", "DOUBLE PRECISION", "REAL"),
            new Schema.Column("pri_s", "DOUBLE PRECISION", "REAL"),
            new Schema.Column("hop_count", "INTEGER", "INTEGER"),
            new Schema.Column("hop_rate_hz", "DOUBLE PRECISION", "REAL"),
            new Schema.Column("dwell_s", "DOUBLE PRECISION", "REAL"),
            new Schema.Column("drift_hz_per_s", "DOUBLE PRECISION", "REAL"),
            new Schema.Column("track_ids", "TEXT", "TEXT"),
            new Schema.Column("config_hash", "TEXT", "TEXT"));

    static final int NCOL = COLUMNS.size();
    static final String COLUMN_LIST = String.join(", ", COLUMNS.stream().map(Schema.Column::name).toList());

    private static final String SQLITE_NOW = "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))";
    private static final String[] INDEXES = {
            "CREATE INDEX IF NOT EXISTS idx_emitters_last_seen ON emitters(last_seen_ns)",
            "CREATE INDEX IF NOT EXISTS idx_emitters_updated ON emitters(updated_at)"};
    private static final long PG_MIGRATION_LOCK = 0x6732305f656d74L; // "g20_emt"
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The upsert: a newer snapshot replaces the row; one older than the stored one (by last_seen_ns)
     * is ignored, so a retried batch can never roll an emitter back.
     */
    static String upsert(boolean postgres) {
        StringBuilder sb = new StringBuilder("INSERT INTO emitters (").append(COLUMN_LIST).append(") VALUES (")
                .append("?,".repeat(NCOL - 1)).append("?) ON CONFLICT (emitter_id, sensor_id) DO UPDATE SET ");
        for (Schema.Column c : COLUMNS) {
            if (c.name().equals("emitter_id") || c.name().equals("sensor_id")) continue;
            sb.append(c.name()).append(" = excluded.").append(c.name()).append(", ");
        }
        sb.append("updated_at = ").append(postgres ? "now()" : SQLITE_NOW);
        sb.append(" WHERE excluded.last_seen_ns >= emitters.last_seen_ns");
        return sb.toString();
    }

    static void migratePostgres(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + PG_MIGRATION_LOCK + ")");
            StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS emitters (");
            for (Schema.Column col : COLUMNS) ddl.append(col.name()).append(' ').append(col.pgType()).append(", ");
            ddl.append("created_at TIMESTAMPTZ NOT NULL DEFAULT now(), updated_at TIMESTAMPTZ NOT NULL DEFAULT now(), ")
                    .append("PRIMARY KEY (emitter_id, sensor_id))");
            s.execute(ddl.toString());
            for (Schema.Column col : COLUMNS) {
                s.execute("ALTER TABLE emitters ADD COLUMN IF NOT EXISTS " + col.name() + " " + col.pgType().replace(" NOT NULL", ""));
            }
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
            StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS emitters (");
            for (Schema.Column col : COLUMNS) ddl.append(col.name()).append(' ').append(col.sqliteType()).append(", ");
            ddl.append("created_at TEXT NOT NULL DEFAULT ").append(SQLITE_NOW)
                    .append(", updated_at TEXT NOT NULL DEFAULT ").append(SQLITE_NOW)
                    .append(", PRIMARY KEY (emitter_id, sensor_id))");
            s.execute(ddl.toString());
            Set<String> have = sqliteColumns(c);
            for (Schema.Column col : COLUMNS) {
                if (!have.contains(col.name())) {
                    s.execute("ALTER TABLE emitters ADD COLUMN " + col.name() + " " + col.sqliteType().replace(" NOT NULL", ""));
                }
            }
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
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA table_info(emitters)")) {
            while (rs.next()) have.add(rs.getString("name").toLowerCase(Locale.ROOT));
        }
        return have;
    }

    /** The sensor a row is stored under: the emitter's own, or this host's when it names none. */
    static String sensorOf(Emitter e) {
        return e.sensorId() == null || e.sensorId().isBlank() ? SensorDefaults.id() : e.sensorId();
    }

    /** Binds one emitter to parameters 1..NCOL of the upsert. */
    static void bind(PreparedStatement ps, Emitter e) throws SQLException {
        int p = 0;
        ps.setLong(++p, e.emitterId());
        ps.setString(++p, Schema.clean(sensorOf(e)));
        text(ps, ++p, e.className());
        text(ps, ++p, json(e.classVotes()));
        text(ps, ++p, e.state() == null ? null : e.state().wireName());
        ps.setLong(++p, e.firstSeenNs());
        ps.setLong(++p, e.lastSeenNs());
        ps.setLong(++p, e.firstFrameId());
        ps.setLong(++p, e.lastFrameId());
        ps.setDouble(++p, e.freqCenterHz());
        ps.setDouble(++p, e.bandwidthHz());
        ps.setDouble(++p, e.freqMinHz());
        ps.setDouble(++p, e.freqMaxHz());
        ps.setFloat(++p, (float) e.snrDbPeak());
        ps.setFloat(++p, (float) e.snrDbMean());
        ps.setInt(++p, e.bursts());
        ps.setFloat(++p, (float) e.dutyCycle());
        ps.setDouble(++p, e.burstS());
        real(ps, ++p, e.priS());
        if (e.hopCount() == null) ps.setNull(++p, Types.INTEGER);
        else ps.setInt(++p, e.hopCount());
        real(ps, ++p, e.hopRateHz());
        real(ps, ++p, e.dwellS());
        real(ps, ++p, e.driftHzPerS());
        text(ps, ++p, json(e.trackIds()));
        text(ps, ++p, e.configHash());
    }

    /** The emitter of the current row of a {@code SELECT COLUMN_LIST}. */
    static Emitter read(ResultSet rs) throws SQLException {
        String state = rs.getString("state");
        return new Emitter(rs.getLong("emitter_id"), rs.getString("sensor_id"), rs.getString("class_name"),
                votes(rs.getString("class_votes")), state == null ? null : EmitterState.parse(state),
                rs.getLong("first_seen_ns"), rs.getLong("last_seen_ns"), rs.getLong("first_frame_id"), rs.getLong("last_frame_id"),
                rs.getDouble("freq_center_hz"), rs.getDouble("bandwidth_hz"), rs.getDouble("freq_min_hz"), rs.getDouble("freq_max_hz"),
                rs.getDouble("snr_db_peak"), rs.getDouble("snr_db_mean"), rs.getInt("bursts"), rs.getDouble("duty_cycle"),
                rs.getDouble("burst_s"), boxed(rs, "pri_s"), (Integer) intOrNull(rs, "hop_count"), boxed(rs, "hop_rate_hz"),
                boxed(rs, "dwell_s"), boxed(rs, "drift_hz_per_s"), ids(rs.getString("track_ids")), rs.getString("config_hash"));
    }

    private static Double boxed(ResultSet rs, String col) throws SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? null : v;
    }

    private static Object intOrNull(ResultSet rs, String col) throws SQLException {
        int v = rs.getInt(col);
        return rs.wasNull() ? null : v;
    }

    private static Map<String, Double> votes(String json) throws SQLException {
        if (json == null || json.isBlank()) return Map.of();
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Double>>() { });
        } catch (JsonProcessingException e) {
            throw new SQLException("bad class_votes JSON '" + json + "'", "22000", e);
        }
    }

    private static List<Long> ids(String json) throws SQLException {
        if (json == null || json.isBlank()) return List.of();
        try {
            return JSON.readValue(json, new TypeReference<List<Long>>() { });
        } catch (JsonProcessingException e) {
            throw new SQLException("bad track_ids JSON '" + json + "'", "22000", e);
        }
    }

    private static String json(Object o) throws SQLException {
        if (o == null) return null;
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot write JSON: " + e.getOriginalMessage(), "22000", e);
        }
    }

    private static void text(PreparedStatement ps, int p, String s) throws SQLException {
        if (s == null) ps.setNull(p, Types.VARCHAR);
        else ps.setString(p, Schema.clean(s));
    }

    private static void real(PreparedStatement ps, int p, Double v) throws SQLException {
        if (v == null) ps.setNull(p, Types.DOUBLE);
        else ps.setDouble(p, v);
    }
}
