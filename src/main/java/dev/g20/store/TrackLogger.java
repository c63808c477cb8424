package dev.g20.store;

import dev.g20.track.Track;

/** Logs tracks to a database without ever blocking the caller. */
public interface TrackLogger extends AutoCloseable {

    /** Queues one row; returns at once. When the queue is full the oldest row is dropped and counted. */
    void log(Track track, long frameId, long timestampNs, String configHash);

    /**
     * Its counters (rows queued, written, dropped; whether the database is reachable), read
     * together. A logger without a database reports {@link TrackLoggerMetrics#NONE}.
     */
    default TrackLoggerMetrics metrics() {
        return TrackLoggerMetrics.NONE;
    }

    /** Flushes everything queued, then closes the connection. */
    void stop();

    @Override
    default void close() {
        stop();
    }
}
