package dev.g20.config;

/**
 * Track store configuration (config/database.yaml): its original keys.
 *
 * @param connectionString {@code postgresql://user:pass@host[:port]/db} or {@code sqlite:PATH}
 */
public record DatabaseConfig(String connectionString, int batchSize, int flushIntervalMs, int maxQueueSize) {

    public static DatabaseConfig defaults() {
        return new DatabaseConfig("sqlite:g20-tracks.db", 50, 500, 1000);
    }

    public DatabaseConfig withConnectionString(String c) {
        return new DatabaseConfig(c, batchSize, flushIntervalMs, maxQueueSize);
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
        return new DatabaseConfig(cs, batch, flush, queue);
    }
}
