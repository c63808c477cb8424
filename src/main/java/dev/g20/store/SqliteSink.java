package dev.g20.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Writes batches to an embedded SQLite file: WAL journal, synchronous=NORMAL (a commit does not
 * wait for fsync, the WAL is synced at checkpoints: a power cut may lose the last batches, never
 * corrupt the file), one transaction per batch.
 */
public final class SqliteSink extends JdbcSink {
    /** How long a write waits for another connection's lock before the batch fails and is retried. */
    public static final int DEFAULT_BUSY_TIMEOUT_MS = 2000;

    private static final String INSERT = "INSERT INTO tracks (" + Schema.COLUMN_LIST + ") VALUES ("
            + "?,".repeat(Schema.NCOL - 1) + "?)";
    private static final String UPSERT = EmitterSchema.upsert(false);

    private final StoreTarget.Sqlite target;
    private final int busyTimeoutMs;
    private volatile PreparedStatement insert;
    private volatile PreparedStatement upsert;

    public SqliteSink(StoreTarget.Sqlite target, int busyTimeoutMs) {
        this.target = target;
        this.busyTimeoutMs = busyTimeoutMs;
    }

    @Override
    public StoreTarget target() {
        return target;
    }

    @Override
    Connection connect() throws SQLException {
        Path parent = target.path().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new SQLException("cannot create directory " + parent + ": " + e.getMessage(), e);
            }
        }
        return open(target, busyTimeoutMs);
    }

    @Override
    void migrate(Connection c) throws SQLException {
        Schema.migrateSqlite(c);
        EmitterSchema.migrateSqlite(c);
    }

    @Override
    void prepare(Connection c) throws SQLException {
        insert = c.prepareStatement(INSERT);
        upsert = c.prepareStatement(UPSERT);
    }

    /** A connection in WAL mode with synchronous=NORMAL and the given busy timeout. */
    public static Connection open(StoreTarget.Sqlite target, int busyTimeoutMs) throws SQLException {
        Connection c = DriverManager.getConnection(target.jdbcUrl());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = " + busyTimeoutMs);
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = NORMAL");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    @Override
    void writeRows(Connection c, RowBatch b) throws SQLException {
        // A local: abort() may clear the field from another thread meanwhile.
        PreparedStatement ps = insert;
        PreparedStatement es = upsert;
        if (ps == null || es == null) throw new SQLException("not connected");
        try {
            int emitters = 0;
            for (int i = 0; i < b.size; i++) {
                if (b.emitters[i] != null) {
                    EmitterSchema.bind(es, b.emitters[i]);
                    es.addBatch();
                    emitters++;
                } else {
                    Schema.bind(ps, 0, b, i);
                    ps.addBatch();
                }
            }
            if (emitters < b.size) ps.executeBatch();
            if (emitters > 0) es.executeBatch();
        } catch (SQLException | RuntimeException e) {
            try {
                ps.clearBatch();
                es.clearBatch();
            } catch (SQLException ignored) {
                // the caller rolls back and closes the connection
            }
            throw e;
        }
    }

    @Override
    void release() {
        insert = null;
        upsert = null;
    }
}
