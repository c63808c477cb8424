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
public final class SqliteSink implements TrackSink {
    /** How long a write waits for another connection's lock before the batch fails and is retried. */
    public static final int DEFAULT_BUSY_TIMEOUT_MS = 2000;

    private static final String INSERT = "INSERT INTO tracks (" + Schema.COLUMN_LIST + ") VALUES ("
            + "?,".repeat(Schema.NCOL - 1) + "?)";

    private final StoreTarget.Sqlite target;
    private final int busyTimeoutMs;
    private volatile Connection conn;
    private PreparedStatement insert;

    public SqliteSink(StoreTarget.Sqlite target, int busyTimeoutMs) {
        this.target = target;
        this.busyTimeoutMs = busyTimeoutMs;
    }

    @Override
    public StoreTarget target() {
        return target;
    }

    @Override
    public void open() throws SQLException {
        if (conn != null) return;
        Path parent = target.path().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new SQLException("cannot create directory " + parent + ": " + e.getMessage(), e);
            }
        }
        Connection c = open(target, busyTimeoutMs);
        try {
            Schema.migrateSqlite(c);
            c.setAutoCommit(false);
            insert = c.prepareStatement(INSERT);
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing
            }
            throw e;
        }
        conn = c;
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
    public boolean isOpen() {
        return conn != null;
    }

    @Override
    public void write(RowBatch b) throws SQLException {
        // Locals: abort() may close and clear the fields from another thread meanwhile.
        Connection c = conn;
        PreparedStatement ps = insert;
        if (c == null || ps == null) throw new SQLException("not connected");
        if (b.size == 0) return;
        try {
            for (int i = 0; i < b.size; i++) {
                Schema.bind(ps, 0, b, i);
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                ps.clearBatch();
                c.rollback();
            } catch (SQLException ignored) {
                // the caller closes the connection
            }
            throw e;
        }
    }

    @Override
    public void close() {
        Connection c = conn;
        conn = null;
        insert = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing more to do
            }
        }
    }

    @Override
    public void abort() {
        close();
    }
}
