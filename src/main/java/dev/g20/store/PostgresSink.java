package dev.g20.store;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes batches to PostgreSQL through pgjdbc, one transaction per batch. Three bulk paths are kept
 * so {@code StoreBench} can compare them; the logger uses {@link Method#COPY}, the fastest measured.
 */
public final class PostgresSink extends JdbcSink {

    /** How a batch travels to the server. */
    public enum Method {
        /** COPY tracks FROM STDIN (text format) through pgjdbc's CopyManager. */
        COPY,
        /** One INSERT ... VALUES (...), (...), ... statement per batch (chunks of at most MULTI_MAX rows). */
        MULTI_INSERT,
        /** A PreparedStatement with addBatch/executeBatch (pgjdbc pipelines the rows). */
        BATCH
    }

    /** PostgreSQL allows 65535 bind parameters per statement. */
    private static final int MULTI_MAX = 65535 / Schema.NCOL;
    private static final String COPY_SQL = "COPY tracks (" + Schema.COLUMN_LIST + ") FROM STDIN";
    private static final String INSERT_PREFIX = "INSERT INTO tracks (" + Schema.COLUMN_LIST + ") VALUES ";

    private final StoreTarget.Postgres target;
    private final Method method;
    private final StringBuilder copyText = new StringBuilder(16 * 1024);
    private final Map<Integer, PreparedStatement> multi = new HashMap<>();
    private PreparedStatement single;
    private PreparedStatement upsert;
    /** Indexes of the batch's track rows (emitter rows go through the upsert instead). */
    private int[] trackRows = new int[0];
    private int trackCount;

    public PostgresSink(StoreTarget.Postgres target, Method method) {
        this.target = target;
        this.method = method;
    }

    @Override
    public StoreTarget target() {
        return target;
    }

    @Override
    Connection connect() throws SQLException {
        return DriverManager.getConnection(target.jdbcUrl(), target.properties());
    }

    @Override
    void migrate(Connection c) throws SQLException {
        Schema.migratePostgres(c);
        EmitterSchema.migratePostgres(c);
    }

    @Override
    void writeRows(Connection c, RowBatch b) throws SQLException {
        if (trackRows.length < b.capacity()) trackRows = new int[b.capacity()];
        trackCount = 0;
        for (int i = 0; i < b.size; i++) if (b.emitters[i] == null) trackRows[trackCount++] = i;
        if (trackCount > 0) {
            switch (method) {
                case COPY -> copy(c, b);
                case MULTI_INSERT -> multiInsert(c, b);
                case BATCH -> batch(c, b);
            }
        }
        if (trackCount < b.size) upsertEmitters(c, b);
    }

    private void upsertEmitters(Connection c, RowBatch b) throws SQLException {
        if (upsert == null) upsert = c.prepareStatement(EmitterSchema.upsert(true));
        for (int i = 0; i < b.size; i++) {
            if (b.emitters[i] == null) continue;
            EmitterSchema.bind(upsert, b.emitters[i]);
            upsert.addBatch();
        }
        upsert.executeBatch();
    }

    private void copy(Connection c, RowBatch b) throws SQLException {
        copyText.setLength(0);
        for (int k = 0; k < trackCount; k++) Schema.appendCopyRow(copyText, b, trackRows[k]);
        byte[] bytes = copyText.toString().getBytes(StandardCharsets.UTF_8);
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_SQL);
        try {
            in.writeToCopy(bytes, 0, bytes.length);
            in.endCopy();
        } finally {
            if (in.isActive()) in.cancelCopy();
        }
    }

    private void multiInsert(Connection c, RowBatch b) throws SQLException {
        for (int from = 0; from < trackCount; from += MULTI_MAX) {
            int n = Math.min(MULTI_MAX, trackCount - from);
            PreparedStatement ps = multi.get(n);
            if (ps == null) {
                // Partial batches (flush interval) come in many sizes; keep the cache small.
                if (multi.size() >= 64) clearMulti();
                StringBuilder sql = new StringBuilder(INSERT_PREFIX.length() + n * (Schema.NCOL * 2 + 3)).append(INSERT_PREFIX);
                String row = "(" + "?,".repeat(Schema.NCOL - 1) + "?)";
                for (int i = 0; i < n; i++) sql.append(i == 0 ? "" : ",").append(row);
                ps = c.prepareStatement(sql.toString());
                multi.put(n, ps);
            }
            for (int i = 0; i < n; i++) Schema.bind(ps, i * Schema.NCOL, b, trackRows[from + i]);
            ps.executeUpdate();
        }
    }

    private void batch(Connection c, RowBatch b) throws SQLException {
        if (single == null) {
            single = c.prepareStatement(INSERT_PREFIX + "(" + "?,".repeat(Schema.NCOL - 1) + "?)");
        }
        for (int k = 0; k < trackCount; k++) {
            Schema.bind(single, 0, b, trackRows[k]);
            single.addBatch();
        }
        single.executeBatch();
    }

    private void clearMulti() {
        for (PreparedStatement ps : multi.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        multi.clear();
    }

    @Override
    void release() {
        clearMulti();
        single = null;
        upsert = null;
    }

    /** Cuts the connection from another thread (pgjdbc closes its socket), else closes it. */
    @Override
    public void abort() {
        Connection c = connection();
        if (c == null) return;
        try {
            c.abort(Runnable::run);
        } catch (SQLException | RuntimeException ignored) {
            closeQuietly(c);
        }
    }
}
