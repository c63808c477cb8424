package dev.g20.bench;

import dev.g20.util.Json;
import dev.g20.util.Errors;
import dev.g20.detect.Box;
import dev.g20.store.AsyncTrackLogger;
import dev.g20.store.PostgresSink;
import dev.g20.store.RowBatch;
import dev.g20.store.SqliteSink;
import dev.g20.store.StoreException;
import dev.g20.store.StoreTarget;
import dev.g20.store.TrackLoggerMetrics;
import dev.g20.store.TrackSink;
import dev.g20.track.MotionMode;
import dev.g20.track.Track;
import dev.g20.track.TrackState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Track store figures for {@code g20 bench}: commit time of a 50-row batch and sustained rows/s for
 * PostgreSQL (COPY vs multi-row INSERT vs batched PreparedStatement) and SQLite, logger throughput,
 * and log() latency while the database is stalled. Run alone: {@code java -cp ... dev.g20.bench.StoreBench [--quick] [postgresql://...]}.
 */
public final class StoreBench {
    /** The scratch database created (dropped first if left over) and dropped on the given server. */
    public static final String BENCH_DATABASE = "g20_storebench";

    private StoreBench() {
    }

    /**
     * Measures everything. The PostgreSQL figures need a server: {@code pg} (a role allowed to create
     * databases) gets a scratch database {@value #BENCH_DATABASE}, dropped again at the end; with
     * {@code pg == null} they are reported as skipped.
     *
     * @param quick few iterations (seconds), for tests and smoke runs
     * @return figure name -&gt; value (numbers, or a string saying why a part was skipped)
     */
    public static Map<String, Object> run(StoreTarget.Postgres pg, boolean quick) {
        Map<String, Object> out = new LinkedHashMap<>();
        Path dir;
        try {
            dir = Files.createTempDirectory("g20-storebench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            if (pg == null) {
                out.put("store_pg", "skipped: no PostgreSQL server given (--db postgresql://...)");
            } else {
                StoreTarget.Postgres db = createDatabase(pg, BENCH_DATABASE);
                try {
                    for (PostgresSink.Method m : PostgresSink.Method.values()) {
                        String key = "store_pg_" + m.name().toLowerCase(java.util.Locale.ROOT);
                        measureSink(out, key, () -> new PostgresSink(db, m), quick);
                    }
                    out.put("store_pg_logger_rows_per_s_batch50", loggerRowsPerSecond(new PostgresSink(db, PostgresSink.Method.COPY), quick));
                } finally {
                    dropDatabase(pg, BENCH_DATABASE);
                }
            }
            StoreTarget.Sqlite lite = new StoreTarget.Sqlite(dir.resolve("bench.db"));
            measureSink(out, "store_sqlite", () -> new SqliteSink(lite, SqliteSink.DEFAULT_BUSY_TIMEOUT_MS), quick);
            out.put("store_sqlite_logger_rows_per_s_batch50", loggerRowsPerSecond(
                    new SqliteSink(new StoreTarget.Sqlite(dir.resolve("logger.db")), SqliteSink.DEFAULT_BUSY_TIMEOUT_MS), quick));
            out.putAll(logLatencyWhileStalled(new StoreTarget.Sqlite(dir.resolve("stall.db")), quick));
        } catch (SQLException e) {
            throw new StoreException("store bench failed: " + Errors.oneLine(e), e);
        } finally {
            deleteTree(dir);
        }
        return out;
    }

    private interface SinkFactory {
        TrackSink create();
    }

    /** 50-row commits (p50/p99 ms), then large batches (rows/s), on a fresh table. */
    private static void measureSink(Map<String, Object> out, String key, SinkFactory f, boolean quick) throws SQLException {
        TrackSink sink = f.create();
        sink.open();
        try {
            truncate(sink);
            int commits = quick ? 40 : 400;
            RowBatch b50 = new RowBatch(50);
            long seq = 0;
            for (int w = 0; w < commits / 4; w++) seq = writeBatch(sink, b50, seq); // warm-up (JIT, server plans)
            long[] ns = new long[commits];
            for (int i = 0; i < commits; i++) {
                long t0 = System.nanoTime();
                seq = writeBatch(sink, b50, seq);
                ns[i] = System.nanoTime() - t0;
            }
            Arrays.sort(ns);
            out.put(key + "_batch50_commit_ms_p50", round3(pct(ns, 0.50) / 1e6));
            out.put(key + "_batch50_commit_ms_p99", round3(pct(ns, 0.99) / 1e6));
            out.put(key + "_batch50_rows_per_s", Math.round(50 * commits / (Arrays.stream(ns).sum() / 1e9)));

            int big = 1000;
            int batches = quick ? 5 : 50;
            RowBatch b = new RowBatch(big);
            seq = writeBatch(sink, b, seq);
            long t0 = System.nanoTime();
            for (int i = 0; i < batches; i++) seq = writeBatch(sink, b, seq);
            double s = (System.nanoTime() - t0) / 1e9;
            out.put(key + "_batch1000_rows_per_s", Math.round(big * batches / s));
        } finally {
            sink.close();
        }
    }

    private static long writeBatch(TrackSink sink, RowBatch b, long seq) throws SQLException {
        for (int i = 0; i < b.capacity(); i++, seq++) b.add(sampleTrack(seq), seq, 1_700_000_000_000_000_000L + seq * 1_000_000L, "bench");
        sink.write(b);
        b.clear();
        return seq;
    }

    private static void truncate(TrackSink sink) throws SQLException {
        Connection c = switch (sink.target()) {
            case StoreTarget.Postgres p -> DriverManager.getConnection(p.jdbcUrl(), p.properties());
            case StoreTarget.Sqlite s -> SqliteSink.open(s, 5000);
        };
        try (c; Statement st = c.createStatement()) {
            st.execute("DELETE FROM tracks");
        }
    }

    /** Rows/s through the whole logger (batch 50 as database.yaml's default) until everything is committed. */
    private static long loggerRowsPerSecond(TrackSink sink, boolean quick) {
        int n = quick ? 5_000 : 100_000;
        AsyncTrackLogger.Options o = new AsyncTrackLogger.Options(50, 500, n, 100, 1000, 60_000);
        AsyncTrackLogger logger = AsyncTrackLogger.start(sink, o, true);
        Track[] tracks = new Track[64];
        for (int i = 0; i < tracks.length; i++) tracks[i] = sampleTrack(i);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) logger.log(tracks[i & 63], i, i * 1000L, "bench");
        logger.stop();
        double s = (System.nanoTime() - t0) / 1e9;
        TrackLoggerMetrics m = logger.metrics();
        if (m.written() != n) throw new StoreException("logger bench: wrote " + m.written() + " of " + n + " rows (" + m + ")");
        return Math.round(n / s);
    }

    /**
     * log() latency while the database is stalled: another connection holds SQLite's write lock, so the
     * writer's batches block and fail, and the queue is full (every log() evicts the oldest row).
     */
    private static Map<String, Object> logLatencyWhileStalled(StoreTarget.Sqlite target, boolean quick) throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        TrackSink sink = new SqliteSink(target, 200);
        sink.open();
        sink.close();
        try (Connection locker = SqliteSink.open(target, 5000); Statement st = locker.createStatement()) {
            st.execute("BEGIN EXCLUSIVE");
            AsyncTrackLogger.Options o = new AsyncTrackLogger.Options(50, 10, 1000, 10, 50, 200);
            AsyncTrackLogger logger = AsyncTrackLogger.start(sink, o, true);
            try {
                Track[] tracks = new Track[64];
                for (int i = 0; i < tracks.length; i++) tracks[i] = sampleTrack(i);
                int warm = quick ? 20_000 : 200_000;
                int n = quick ? 50_000 : 1_000_000;
                for (int i = 0; i < warm; i++) logger.log(tracks[i & 63], i, i, "stall");
                long[] ns = new long[n];
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    logger.log(tracks[i & 63], i, i, "stall");
                    ns[i] = System.nanoTime() - t0;
                }
                Arrays.sort(ns);
                out.put("store_log_stalled_ns_p50", pct(ns, 0.50));
                out.put("store_log_stalled_ns_p99", pct(ns, 0.99));
                out.put("store_log_stalled_ns_p999", pct(ns, 0.999));
                out.put("store_log_stalled_ns_max", ns[n - 1]);
                out.put("store_log_stalled_dropped", logger.metrics().dropped());
            } finally {
                st.execute("ROLLBACK");
                logger.stop();
            }
        }
        return out;
    }

    private static StoreTarget.Postgres createDatabase(StoreTarget.Postgres server, String name) {
        dropDatabase(server, name);
        execute(server, "CREATE DATABASE " + name);
        return server.withDatabase(name);
    }

    private static void dropDatabase(StoreTarget.Postgres server, String name) {
        execute(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void execute(StoreTarget.Postgres server, String sql) {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.properties()); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new StoreException("store bench: " + sql + " on " + server.display() + ": " + Errors.oneLine(e), e);
        }
    }

    private static long pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * (sorted.length - 1)))];
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** A plausible confirmed track, varied by {@code i}. */
    static Track sampleTrack(long i) {
        double x = (i % 97) / 100.0;
        Box display = new Box(x, 0.1, x + 0.02, 0.9);
        Box truth = new Box(x + 0.001, 0.12, x + 0.019, 0.88);
        return new Track(i % 50, (int) (i % 8), "class_" + (i % 8), truth, display, 0.5 + (i % 50) / 100.0, TrackState.CONFIRMED,
                (int) (i % 5), 3 + (int) (i % 40), i % 3 == 0 ? MotionMode.DRIFTING : MotionMode.STATIONARY, (i % 7) * 12.5, 0.25,
                100e6 + x * 2e6, 25_000 + i % 1000, i > 20 ? i - 20 : 0, i);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp files; best effort
        }
    }

    /** Prints the figures as JSON. Args: [--quick] [postgresql://... (a server where it may create a database)]. */
    public static void main(String[] args) throws IOException {
        boolean quick = false;
        StoreTarget.Postgres pg = null;
        for (String a : args) {
            if (a.equals("--quick")) quick = true;
            else if (StoreTarget.parse(a, "argument") instanceof StoreTarget.Postgres p) pg = p;
        }
        Map<String, Object> figures = run(pg, quick);
        System.out.println(Json.PRETTY.writeValueAsString(figures));
    }
}
