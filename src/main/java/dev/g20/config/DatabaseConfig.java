package dev.g20.config;

import java.time.Duration;

/**
 * Track store configuration (config/database.yaml): its original keys plus retention.
 *
 * @param connectionString   {@code postgresql://user:pass@host[:port]/db} or {@code sqlite:PATH}
 * @param trackRowsRetention per-frame track rows older than this (since they were stored) are pruned
 * @param emitterRetention   emitters not updated for this long are pruned
 * @param trackRowEveryFrames a confirmed track is stored on the frame it confirms, when lost, and
 *                           every this many frames in between (1: every frame)
 */
public record DatabaseConfig(String connectionString, int batchSize, int flushIntervalMs, int maxQueueSize,
                             Duration trackRowsRetention, Duration emitterRetention, int trackRowEveryFrames) {
    public static final Duration DEFAULT_TRACK_ROWS_RETENTION = Duration.ofHours(24);
    public static final Duration DEFAULT_EMITTER_RETENTION = Duration.ofDays(90);
    /** About one row per track per second at the default 10 MS/s, 256 rows of hop 2048. */
    public static final int DEFAULT_TRACK_ROW_EVERY_FRAMES = 20;

    /** The original four keys, default retention. */
    public DatabaseConfig(String connectionString, int batchSize, int flushIntervalMs, int maxQueueSize) {
        this(connectionString, batchSize, flushIntervalMs, maxQueueSize, DEFAULT_TRACK_ROWS_RETENTION, DEFAULT_EMITTER_RETENTION,
                DEFAULT_TRACK_ROW_EVERY_FRAMES);
    }

    public static DatabaseConfig defaults() {
        return new DatabaseConfig("sqlite:g20-tracks.db", 50, 500, 1000);
    }

    public DatabaseConfig withConnectionString(String c) {
        return new DatabaseConfig(c, batchSize, flushIntervalMs, maxQueueSize, trackRowsRetention, emitterRetention, trackRowEveryFrames);
    }

    public static DatabaseConfig from(ConfigNode n) {
        DatabaseConfig d = defaults();
        String cs = n.getString("connection_string", d.connectionString);
        n.require(cs.startsWith("postgresql://") || cs.startsWith("postgres://") || cs.startsWith("sqlite:"),
                "connection_string", "must be postgresql://user:pass@host[:port]/db or sqlite:PATH, got '" + cs + "'");
        int batch = n.getInt("batch_size", d.batchSize);
        n.require(batch >= 1 && batch <= 100_000, "batch_size", "must be in [1, 100000], got " + batch);
        int flush = n.getInt("flush_interval_ms", d.flushIntervalMs);
        n.require(flush >= 1 && flush <= 3_600_000, "flush_interval_ms", "must be in [1, 3600000], got " + flush);
        int queue = n.getInt("max_queue_size", d.maxQueueSize);
        n.require(queue >= 1 && queue <= 10_000_000, "max_queue_size", "must be in [1, 10000000], got " + queue);
        Duration tracks = DurationText.get(n, "track_rows_retention", d.trackRowsRetention);
        Duration emitters = DurationText.get(n, "emitter_retention", d.emitterRetention);
        int every = n.getInt("track_row_every_frames", d.trackRowEveryFrames);
        n.require(every >= 1 && every <= 100_000, "track_row_every_frames", "must be in [1, 100000], got " + every);
        return new DatabaseConfig(cs, batch, flush, queue, tracks, emitters, every);
    }
}
