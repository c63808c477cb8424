package dev.g20.store;

import java.sql.SQLException;

/** One database behind the async logger: connects (creating or migrating the schema) and writes batches. */
public sealed interface TrackSink permits JdbcSink {

    /** Connects and creates or migrates the schema; idempotent. */
    void open() throws SQLException;

    boolean isOpen();

    /** Writes all rows of the batch in one transaction: all committed or, on an exception, none. */
    void write(RowBatch batch) throws SQLException;

    /** Closes quietly (after a failure the connection is assumed broken and reopened). */
    void close();

    /** Closes from another thread to unblock a writer stuck in I/O (used when stop() times out). */
    void abort();

    StoreTarget target();

    /** Opens the sink for a target (PostgreSQL writes with COPY, the fastest path measured). */
    static TrackSink of(StoreTarget target) {
        return switch (target) {
            case StoreTarget.Postgres p -> new PostgresSink(p, PostgresSink.Method.COPY);
            case StoreTarget.Sqlite s -> new SqliteSink(s, SqliteSink.DEFAULT_BUSY_TIMEOUT_MS);
        };
    }
}
