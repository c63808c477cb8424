package dev.g20.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The connection cycle both databases share: open (connect, create or migrate the schema, manual
 * commit), one transaction per batch (commit, or roll back and rethrow), close quietly. The
 * subclasses say how to connect and how a batch's rows travel.
 */
abstract sealed class JdbcSink implements TrackSink permits PostgresSink, SqliteSink {
    private volatile Connection conn;

    /** A new connection to the target. */
    abstract Connection connect() throws SQLException;

    /** Creates or migrates the schema on a fresh connection (still in auto-commit). */
    abstract void migrate(Connection c) throws SQLException;

    /** Prepares what the writes reuse, once the connection is in manual commit. */
    void prepare(Connection c) throws SQLException {
    }

    /** Sends the batch's rows inside the open transaction; the caller commits or rolls back. */
    abstract void writeRows(Connection c, RowBatch b) throws SQLException;

    /** Drops the prepared statements (their connection is closing). */
    void release() {
    }

    /** The open connection, or null (may change under a caller: {@link #abort()} runs on another thread). */
    final Connection connection() {
        return conn;
    }

    @Override
    public final void open() throws SQLException {
        if (conn != null) return;
        Connection c = connect();
        try {
            migrate(c);
            c.setAutoCommit(false);
            prepare(c);
        } catch (SQLException | RuntimeException e) {
            release();
            closeQuietly(c);
            throw e;
        }
        conn = c;
    }

    @Override
    public final boolean isOpen() {
        return conn != null;
    }

    @Override
    public final void write(RowBatch b) throws SQLException {
        // A local: abort() may close and clear the field from another thread meanwhile.
        Connection c = conn;
        if (c == null) throw new SQLException("not connected");
        if (b.size == 0) return;
        try {
            writeRows(c, b);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the connection is probably gone; the caller closes it
            }
            throw e;
        }
    }

    @Override
    public void close() {
        Connection c = conn;
        conn = null;
        release();
        if (c != null) closeQuietly(c);
    }

    /** Closes; a subclass whose driver can cut a connection from another thread overrides this. */
    @Override
    public void abort() {
        close();
    }

    static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing more to do with a broken connection
        }
    }
}
