package dev.g20.store;

import dev.g20.track.Track;

/** Logs tracks to a database without ever blocking the caller. */
public interface TrackLogger extends AutoCloseable {

    /** Queues one row; returns at once. When the queue is full the oldest row is dropped and counted. */
    void log(Track track, long frameId, long timestampNs, String configHash);

    /** Flushes everything queued, then closes the connection. */
    void stop();

    @Override
    default void close() {
        stop();
    }
}
