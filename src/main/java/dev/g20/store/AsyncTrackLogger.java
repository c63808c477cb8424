package dev.g20.store;

import dev.g20.util.Errors;
import dev.g20.config.DatabaseConfig;
import dev.g20.emitter.Emitter;
import dev.g20.emitter.EmitterSink;
import dev.g20.track.Track;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The track logger: log() puts a row into a bounded ring and returns; a background writer commits
 * batches of batch_size rows, or whatever is queued every flush_interval_ms, to PostgreSQL or SQLite.
 *
 * <p>Accounting, exact at every instant: {@code queued == written + dropped + queueDepth}
 * (see {@link TrackLoggerMetrics}). The rules that make it exact:
 * <ul>
 * <li>The queue holds at most max_queue_size rows, counting the batch being written. When log()
 *     finds it full, the oldest row is evicted: first the oldest row of the batch in flight, then the
 *     oldest waiting row. A waiting row evicted is counted dropped at once; a row of the batch in
 *     flight is counted when the write's outcome is known: if the commit succeeds it is in the
 *     database and counts as written, if it fails it counts as dropped.</li>
 * <li>A batch that fails is not lost: its rows that were not evicted go back to the head of the queue,
 *     in order, and are retried after a backoff (100 ms doubling to 5 s by default) on a fresh
 *     connection. Only a batch that the database rejects as invalid data three times running is
 *     discarded (counted dropped and rejected), so one bad row cannot wedge the logger.</li>
 * <li>stop() writes everything queued; if the database stays unreachable for stop_timeout, the rows
 *     still queued are counted dropped. Rows logged after stop() are counted dropped.</li>
 * </ul>
 * So after an outage ends and the queue drains, {@code written + dropped == queued}, and the rows
 * written after the outage are the newest ones (the oldest were evicted).
 *
 * <p>log() takes a lock held only for a few array stores by either side (never across I/O) and
 * allocates nothing: rows live in preallocated parallel arrays, tracks are immutable records.
 *
 * <p>Emitter snapshots ({@link #onEmitter}) travel through the same queue, as rows that upsert the
 * emitters table: same bounds, same counters (also counted on their own), same connection and
 * transaction. Dropping the oldest is harmless for them: a later snapshot of the emitter replaces it.
 * When started from database.yaml, a {@link RetentionPruner} prunes both tables in the background.
 */
public final class AsyncTrackLogger implements TrackLogger, EmitterSink {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncTrackLogger.class);
    private static final int DATA_ERROR_TRIES = 3;
    private static final long DROP_REPORT_INTERVAL_NS = TimeUnit.SECONDS.toNanos(10);

    /**
     * Queue and writer settings: the three from database.yaml plus retry and stop limits.
     *
     * @param minBackoffMs  first wait after a failure; doubles per failure up to maxBackoffMs
     * @param stopTimeoutMs how long stop() keeps trying to write the queue to an unreachable database
     */
    public record Options(int batchSize, int flushIntervalMs, int maxQueueSize, long minBackoffMs, long maxBackoffMs,
                          long stopTimeoutMs) {
        public Options {
            if (batchSize < 1 || flushIntervalMs < 1 || maxQueueSize < 1 || minBackoffMs < 1 || maxBackoffMs < minBackoffMs
                    || stopTimeoutMs < 0) {
                throw new IllegalArgumentException("bad logger options " + this);
            }
        }

        public static Options from(DatabaseConfig c) {
            return new Options(c.batchSize(), c.flushIntervalMs(), c.maxQueueSize(), 100, 5_000, 5_000);
        }

        public Options withBackoff(long minMs, long maxMs) {
            return new Options(batchSize, flushIntervalMs, maxQueueSize, minMs, maxMs, stopTimeoutMs);
        }

        public Options withStopTimeout(long ms) {
            return new Options(batchSize, flushIntervalMs, maxQueueSize, minBackoffMs, maxBackoffMs, ms);
        }
    }

    private final TrackSink sink;
    private final Options opt;
    private final long flushIntervalNs;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the queue reaches batch_size rows, and on stop. */
    private final Condition work = lock.newCondition();
    /** The writer's backoff sleep; only stop() cuts it short. */
    private final Condition pause = lock.newCondition();
    private final Object stopMonitor = new Object();
    private final Thread writer;

    // The ring of waiting rows (guarded by lock).
    private final Track[] ringTracks;
    private final Emitter[] ringEmitters;
    private final long[] ringFrames;
    private final long[] ringTimes;
    private final String[] ringHashes;
    private int head;
    private int size;

    // The batch being written: its arrays are touched only by the writer; the flags are guarded by lock.
    private final RowBatch batch;
    private boolean inFlight;
    private int evictedInFlight;

    // Counters and state (guarded by lock).
    private long queued;
    private long written;
    private long dropped;
    private long rejected;
    private long failedBatches;
    private long failedConnects;
    private String lastError;
    private boolean outage;
    private boolean stopping;
    private boolean abandon;
    private boolean stopped;
    private long emittersQueued;
    private long emittersWritten;
    private long emittersDropped;
    private RetentionPruner pruner;

    private AsyncTrackLogger(TrackSink sink, Options opt) {
        this.sink = sink;
        this.opt = opt;
        this.flushIntervalNs = TimeUnit.MILLISECONDS.toNanos(opt.flushIntervalMs());
        int cap = opt.maxQueueSize();
        ringTracks = new Track[cap];
        ringEmitters = new Emitter[cap];
        ringFrames = new long[cap];
        ringTimes = new long[cap];
        ringHashes = new String[cap];
        batch = new RowBatch(opt.batchSize());
        writer = Thread.ofPlatform().name("g20-track-writer").daemon(true).unstarted(this::runWriter);
    }

    /**
     * Starts a logger for database.yaml's settings; connects once before returning so that a wrong
     * connection string, password or path fails at start (later outages are retried).
     *
     * @param origin names where the connection string came from, for error messages (e.g. "--db")
     * @throws dev.g20.config.ConfigException bad connection string
     * @throws StoreException                 cannot connect or create the schema
     */
    public static AsyncTrackLogger start(DatabaseConfig config, String origin) {
        AsyncTrackLogger l = start(StoreTarget.parse(config.connectionString(), origin), Options.from(config));
        l.pruner = RetentionPruner.start(l.target(), config.trackRowsRetention(), config.emitterRetention());
        return l;
    }

    /** Starts a logger for a target with explicit options; connects once before returning. */
    public static AsyncTrackLogger start(StoreTarget target, Options options) {
        return start(TrackSink.of(target), options, true);
    }

    public static AsyncTrackLogger start(TrackSink sink, Options options, boolean connectNow) {
        if (connectNow) {
            try {
                sink.open();
            } catch (SQLException | RuntimeException e) {
                sink.close();
                throw new StoreException("cannot open track store " + sink.target().display() + ": " + Errors.oneLine(e), e);
            }
        }
        AsyncTrackLogger l = new AsyncTrackLogger(sink, options);
        l.writer.start();
        LOG.info("logging tracks to {} (batch {}, flush every {} ms, queue {})", sink.target().display(),
                options.batchSize(), options.flushIntervalMs(), options.maxQueueSize());
        return l;
    }

    /** Registers a JVM shutdown hook (Ctrl-C) that calls {@link #stop()}; returns this. */
    public AsyncTrackLogger stopOnShutdown() {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("g20-track-logger-stop").unstarted(this::stop));
        return this;
    }

    @Override
    public void log(Track track, long frameId, long timestampNs, String configHash) {
        Objects.requireNonNull(track, "track");
        enqueue(track, null, frameId, timestampNs, configHash);
    }

    /** Queues an upsert of the emitter's row; returns at once (the drop-oldest rule applies). */
    @Override
    public void onEmitter(Emitter emitter) {
        Objects.requireNonNull(emitter, "emitter");
        enqueue(null, emitter, emitter.lastFrameId(), emitter.lastSeenNs(), emitter.configHash());
    }

    private void enqueue(Track track, Emitter emitter, long frameId, long timestampNs, String configHash) {
        final ReentrantLock l = lock;
        l.lock();
        try {
            queued++;
            if (emitter != null) emittersQueued++;
            if (stopped) {
                dropped++;
                if (emitter != null) emittersDropped++;
                return;
            }
            int cap = ringTracks.length;
            int live = size + (inFlight ? batch.size - evictedInFlight : 0);
            if (live >= cap) {
                if (inFlight && evictedInFlight < batch.size) {
                    evictedInFlight++; // counted when the write's outcome is known
                } else {
                    if (ringEmitters[head] != null) emittersDropped++;
                    ringTracks[head] = null;
                    ringEmitters[head] = null;
                    ringHashes[head] = null;
                    if (++head == cap) head = 0;
                    size--;
                    dropped++;
                }
            }
            int tail = head + size;
            if (tail >= cap) tail -= cap;
            ringTracks[tail] = track;
            ringEmitters[tail] = emitter;
            ringFrames[tail] = frameId;
            ringTimes[tail] = timestampNs;
            ringHashes[tail] = configHash;
            size++;
            if (size == opt.batchSize()) work.signal();
        } finally {
            l.unlock();
        }
    }

    /** A consistent snapshot of the counters. */
    @Override
    public TrackLoggerMetrics metrics() {
        lock.lock();
        try {
            return new TrackLoggerMetrics(queued, written, dropped, rejected, failedBatches, failedConnects,
                    size + (inFlight ? batch.size : 0), outage, lastError, emittersQueued, emittersWritten, emittersDropped);
        } finally {
            lock.unlock();
        }
    }

    public StoreTarget target() {
        return sink.target();
    }

    @Override
    public void stop() {
        synchronized (stopMonitor) {
            lock.lock();
            try {
                if (stopped) return;
                stopping = true;
                work.signalAll();
                pause.signalAll();
            } finally {
                lock.unlock();
            }
            join(opt.stopTimeoutMs());
            if (writer.isAlive()) {
                lock.lock();
                try {
                    abandon = true;
                    work.signalAll();
                    pause.signalAll();
                } finally {
                    lock.unlock();
                }
                sink.abort(); // unblocks a write stuck on a dead socket
                join(2_000);
            }
            long lost;
            TrackLoggerMetrics m;
            lock.lock();
            try {
                // If the writer is still stuck, its batch is counted dropped now and its outcome ignored.
                lost = size + (inFlight ? batch.size : 0);
                dropped += lost;
                if (inFlight) emittersDropped += batch.emittersIn(0, batch.size);
                for (int i = 0; i < size; i++) if (ringEmitters[(head + i) % ringEmitters.length] != null) emittersDropped++;
                for (int i = 0; i < ringTracks.length; i++) {
                    ringTracks[i] = null;
                    ringEmitters[i] = null;
                    ringHashes[i] = null;
                }
                size = 0;
                inFlight = false;
                stopped = true;
                m = metrics();
            } finally {
                lock.unlock();
            }
            if (lost > 0) {
                LOG.warn("track store {} unavailable at stop: {} queued rows not written (counted as dropped); last error: {}",
                        sink.target().display(), lost, m.lastError());
            }
            if (writer.isAlive()) sink.abort();
            if (pruner != null) pruner.stop();
            LOG.info("track logger stopped: {} rows logged, {} written, {} dropped", m.queued(), m.written(), m.dropped());
        }
    }

    private void join(long ms) {
        try {
            writer.join(Math.max(1, ms));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- writer thread ----

    private void runWriter() {
        long backoffMs = opt.minBackoffMs();
        long nextFlush = System.nanoTime() + flushIntervalNs;
        long outageStart = 0;
        long droppedAtLastSuccess = 0;
        long reportedDropped = 0;
        long lastDropReport = System.nanoTime() - DROP_REPORT_INTERVAL_NS;
        int dataErrors = 0;
        try {
            while (true) {
                long droppedNow;
                lock.lock();
                try {
                    while (!abandon) {
                        if (size >= opt.batchSize()) break;
                        if (stopping) break;
                        long wait = nextFlush - System.nanoTime();
                        if (wait <= 0) {
                            if (size > 0) break;
                            nextFlush = System.nanoTime() + flushIntervalNs;
                            continue;
                        }
                        work.awaitNanos(wait);
                    }
                    if (abandon || (stopping && size == 0)) return;
                    droppedNow = dropped;
                } finally {
                    lock.unlock();
                }
                if (droppedNow > reportedDropped && !outage() && System.nanoTime() - lastDropReport > DROP_REPORT_INTERVAL_NS) {
                    LOG.warn("track queue full: {} rows dropped so far (oldest first; max_queue_size {})", droppedNow, opt.maxQueueSize());
                    reportedDropped = droppedNow;
                    lastDropReport = System.nanoTime();
                }

                if (!sink.isOpen()) {
                    try {
                        sink.open();
                    } catch (SQLException | RuntimeException e) {
                        sink.close();
                        boolean first = recordFailure(e, false);
                        if (first) outageStart = System.nanoTime();
                        backoffMs = backoff(backoffMs);
                        continue;
                    }
                }

                int n;
                lock.lock();
                try {
                    n = Math.min(opt.batchSize(), size);
                    int cap = ringTracks.length;
                    for (int i = 0; i < n; i++) {
                        batch.add(ringTracks[head], ringEmitters[head], ringFrames[head], ringTimes[head], ringHashes[head]);
                        ringTracks[head] = null;
                        ringEmitters[head] = null;
                        ringHashes[head] = null;
                        if (++head == cap) head = 0;
                    }
                    size -= n;
                    inFlight = true;
                    evictedInFlight = 0;
                } finally {
                    lock.unlock();
                }

                Exception failure = null;
                try {
                    sink.write(batch);
                } catch (SQLException | RuntimeException e) {
                    failure = e;
                }

                if (failure == null) {
                    boolean recovered;
                    long droppedTotal;
                    lock.lock();
                    try {
                        if (stopped) return; // stop() gave up on this batch and counted it
                        written += batch.size;
                        emittersWritten += batch.emittersIn(0, batch.size);
                        inFlight = false;
                        evictedInFlight = 0;
                        recovered = outage;
                        outage = false;
                        droppedTotal = dropped;
                    } finally {
                        lock.unlock();
                    }
                    batch.clear();
                    dataErrors = 0;
                    backoffMs = opt.minBackoffMs();
                    nextFlush = System.nanoTime() + flushIntervalNs;
                    if (recovered) {
                        LOG.info("track store {} reachable again after {} s; {} rows dropped since the last successful write",
                                sink.target().display(), String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - outageStart) / 1e9),
                                droppedTotal - droppedAtLastSuccess);
                        reportedDropped = droppedTotal;
                    }
                    droppedAtLastSuccess = droppedTotal;
                    continue;
                }

                boolean dataError = isDataError(failure);
                dataErrors = dataError ? dataErrors + 1 : 0;
                boolean discard = dataErrors >= DATA_ERROR_TRIES;
                lock.lock();
                try {
                    if (stopped) return;
                    failedBatches++;
                    lastError = Errors.oneLine(failure);
                    int k = evictedInFlight;
                    dropped += k;
                    emittersDropped += batch.emittersIn(0, discard ? n : k);
                    if (discard) {
                        dropped += n - k;
                        rejected += n - k;
                    } else {
                        // Back to the head of the queue, in order; there is room: live rows never exceed the capacity.
                        int cap = ringTracks.length;
                        for (int i = n - 1; i >= k; i--) {
                            if (--head < 0) head = cap - 1;
                            ringTracks[head] = batch.tracks[i];
                            ringEmitters[head] = batch.emitters[i];
                            ringFrames[head] = batch.frameIds[i];
                            ringTimes[head] = batch.timestampsNs[i];
                            ringHashes[head] = batch.configHashes[i];
                            size++;
                        }
                    }
                    inFlight = false;
                    evictedInFlight = 0;
                } finally {
                    lock.unlock();
                }
                batch.clear();
                sink.close();
                if (dataError) {
                    LOG.warn("track store {} refused a batch of {} rows ({}){}", sink.target().display(), n, Errors.oneLine(failure),
                            discard ? ": discarded after " + DATA_ERROR_TRIES + " tries" : ": will retry");
                    if (discard) dataErrors = 0;
                } else {
                    if (recordFailure(failure, true)) outageStart = System.nanoTime();
                }
                backoffMs = backoff(backoffMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sink.close();
        }
    }

    private boolean outage() {
        lock.lock();
        try {
            return outage;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Marks the database unreachable; returns true (and warns, once per outage) when this starts an
     * outage. A failed connect is counted here, a failed batch by the caller.
     */
    private boolean recordFailure(Exception e, boolean batchFailed) {
        boolean first;
        lock.lock();
        try {
            if (!batchFailed) failedConnects++;
            lastError = Errors.oneLine(e);
            first = !outage;
            outage = true;
        } finally {
            lock.unlock();
        }
        if (first) {
            LOG.warn("track store {} unavailable ({}); retrying with backoff up to {} ms, rows wait in the queue (max {}, oldest dropped when full)",
                    sink.target().display(), Errors.oneLine(e), opt.maxBackoffMs(), opt.maxQueueSize());
        } else {
            LOG.debug("track store still unavailable: {}", Errors.oneLine(e));
        }
        return first;
    }

    /** Sleeps the current backoff (cut short only by stop) and returns the next one. */
    private long backoff(long ms) throws InterruptedException {
        lock.lock();
        try {
            if (!abandon) pause.await(ms, TimeUnit.MILLISECONDS);
        } finally {
            lock.unlock();
        }
        return Math.min(ms * 2, opt.maxBackoffMs());
    }

    /** Invalid data (SQLSTATE class 22) or a violated constraint (23): retrying the same rows cannot help. */
    private static boolean isDataError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("22") || s.getSQLState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }

}
