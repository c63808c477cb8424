package dev.g20.pipeline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The pipeline's one-line summary (frames/s, source rate, tracks, drops, inference and latency
 * percentiles, plus parts others add, such as the server's client count), and the thread that
 * refreshes the rates every second and logs the line at the configured interval.
 */
final class StatusLine {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final PipelineMetrics metrics;
    private final List<Supplier<String>> parts = new CopyOnWriteArrayList<>();

    StatusLine(PipelineMetrics metrics) {
        this.metrics = metrics;
    }

    /** Adds a part after the pipeline's own figures. */
    void addPart(Supplier<String> part) {
        parts.add(part);
    }

    String text() {
        LatencyRecorder.Snapshot inf = metrics.inference.snapshot();
        LatencyRecorder.Snapshot lat = metrics.endToEnd.snapshot();
        StringBuilder sb = new StringBuilder(200);
        sb.append(fmt(metrics.framesPerSecond())).append(" frames/s, source ")
                .append(fmt(metrics.sourceSamplesPerSecond() / 1e6)).append(" MS/s, frames ").append(metrics.framesTracked.sum())
                .append(", tracks ").append(metrics.tracksActive).append(" (").append(metrics.tracksConfirmed).append(" confirmed)")
                .append(", drops ").append(metrics.totalDrops())
                .append(" (iq ").append(metrics.iqBlocksDropped.sum())
                .append(", detector ").append(metrics.detectorQueueDrops.sum())
                .append(", tracker ").append(metrics.trackerQueueDrops.sum()).append(')')
                .append(", inference p50 ").append(fmt(inf.p50Ms())).append(" ms p99 ").append(fmt(inf.p99Ms())).append(" ms")
                .append(", latency p50 ").append(fmt(lat.p50Ms())).append(" ms p99 ").append(fmt(lat.p99Ms())).append(" ms");
        for (Supplier<String> p : parts) {
            try {
                sb.append(", ").append(p.get());
            } catch (RuntimeException e) {
                // a status part must never break the status line
            }
        }
        return sb.toString();
    }

    /**
     * Starts the daemon that updates the rates every second and logs the line every
     * {@code intervalMillis} (0: never) until {@code finished} or interrupted.
     */
    Thread start(long intervalMillis, BooleanSupplier finished) {
        return Thread.ofPlatform().name("g20-status").daemon().start(() -> {
            long lastLog = System.nanoTime();
            try {
                while (!finished.getAsBoolean()) {
                    Thread.sleep(1000);
                    metrics.updateRates();
                    if (intervalMillis > 0 && System.nanoTime() - lastLog >= intervalMillis * 1_000_000L) {
                        lastLog = System.nanoTime();
                        LOG.info("status: {}", text());
                    }
                }
            } catch (InterruptedException e) {
                // closing
            }
        });
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
