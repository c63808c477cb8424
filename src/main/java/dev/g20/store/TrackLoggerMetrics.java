package dev.g20.store;

/**
 * Counters of a {@link TrackLogger}, read together (under the {@link AsyncTrackLogger}'s lock); rows are
 * track rows and emitter snapshots together, the emitter share also on its own. At every instant
 * {@code queued == written + dropped + queueDepth}; once stopped, {@code queueDepth == 0}.
 *
 * @param queued        rows handed to log() since start
 * @param written       rows committed to the database
 * @param dropped       rows evicted by the drop-oldest policy (queue full), rejected by the database,
 *                      logged after stop, or still queued when stop() gave up on an unreachable database
 * @param rejected      of dropped: rows the database refused as invalid (data errors, three tries)
 * @param failedBatches batch writes that failed (their rows went back to the queue)
 * @param failedConnects connection attempts that failed
 * @param queueDepth    rows not yet written nor dropped (waiting, or in the batch being written)
 * @param outage        true while the database is unreachable (between a failure and the next success)
 * @param lastError     the most recent failure, null if none
 * @param emittersQueued  of queued: emitter snapshots (upserts into the emitters table)
 * @param emittersWritten of written: emitter snapshots
 * @param emittersDropped of dropped: emitter snapshots (a later snapshot of the same emitter supersedes one dropped)
 */
public record TrackLoggerMetrics(long queued, long written, long dropped, long rejected, long failedBatches,
                                 long failedConnects, int queueDepth, boolean outage, String lastError,
                                 long emittersQueued, long emittersWritten, long emittersDropped) {

    /** The counters of a logger that has kept nothing. */
    public static final TrackLoggerMetrics NONE = new TrackLoggerMetrics(0, 0, 0, 0, 0, 0, 0, false, null, 0, 0, 0);
}
