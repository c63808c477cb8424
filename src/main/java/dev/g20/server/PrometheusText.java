package dev.g20.server;

import dev.g20.pipeline.LatencyRecorder;
import dev.g20.pipeline.PipelineMetrics;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/** Renders the pipeline and server metrics in the Prometheus text exposition format (0.0.4). */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder sb = new StringBuilder(4096);

    private PrometheusText() {
    }

    /** A metric family contributed by another part. */
    record Extra(String name, String type, String help, DoubleSupplier value) {
    }

    public static String render(PipelineMetrics p, ServerMetrics s, String configHash) {
        return render(p, s, configHash, List.of());
    }

    public static String render(PipelineMetrics p, ServerMetrics s, String configHash, List<Extra> extras) {
        PrometheusText t = new PrometheusText();
        t.gauge("g20_uptime_seconds", "Seconds since the pipeline started.", p.uptimeSeconds());
        t.header("g20_config_info", "gauge", "The spectrogram config hash in force (value is always 1).");
        t.sb.append("g20_config_info{config_hash=\"").append(escape(configHash)).append("\"} 1\n");
        t.counter("g20_source_samples_total", "Complex samples read from the source.", p.samplesIn.sum());
        t.gauge("g20_source_samples_per_second", "Source sample rate over the last second.", p.sourceSamplesPerSecond());
        t.header("g20_frames_total", "counter", "Frames finished per pipeline stage.");
        t.sample("g20_frames_total", "stage", "spectrogram", p.framesGenerated.sum());
        t.sample("g20_frames_total", "stage", "detector", p.framesDetected.sum());
        t.sample("g20_frames_total", "stage", "tracker", p.framesTracked.sum());
        t.sample("g20_frames_total", "stage", "server", s.framesEncoded.sum());
        t.gauge("g20_frames_per_second", "Frames tracked per second over the last second.", p.framesPerSecond());
        t.header("g20_queue_drops_total", "counter", "Items dropped by a full queue (live mode drops the oldest; iq drops whole source blocks).");
        t.sample("g20_queue_drops_total", "queue", "iq", p.iqBlocksDropped.sum());
        t.sample("g20_queue_drops_total", "queue", "detector", p.detectorQueueDrops.sum());
        t.sample("g20_queue_drops_total", "queue", "tracker", p.trackerQueueDrops.sum());
        t.sample("g20_queue_drops_total", "queue", "server", s.framesDropped.sum());
        t.counter("g20_iq_samples_dropped_total", "Samples in dropped IQ blocks.", p.iqSamplesDropped.sum());
        t.counter("g20_detections_total", "Detections, all frames.", p.detections.sum());
        t.counter("g20_detections_capped_total", "Detections dropped at the detector's per-frame cap.", p.detectionsCapped.sum());
        t.gauge("g20_tracks_active", "Live tracks after the last frame (all states).", p.tracksActive);
        t.gauge("g20_tracks_confirmed", "Confirmed tracks after the last frame.", p.tracksConfirmed);
        t.counter("g20_track_rows_logged_total", "Track rows handed to the track store.", p.trackRowsLogged.sum());
        t.summary("g20_inference_seconds", "Detector time per frame (recent window).", p.inference.snapshot());
        t.summary("g20_latency_seconds", "From arrival of the IQ block completing a frame to its tracks being published (recent window).",
                p.endToEnd.snapshot());
        t.counter("g20_stage_errors_total", "Stage failures.", p.stageErrors.sum());
        t.counter("g20_config_changes_total", "Config changes applied at run time.", p.configChanges.sum());
        t.counter("g20_config_rejected_total", "Config changes refused (invalid or unauthorised).", s.configRejected.sum());
        t.gauge("g20_ws_clients", "WebSocket clients connected.", s.clients.get());
        t.counter("g20_ws_connections_total", "WebSocket connections accepted.", s.connections.sum());
        t.counter("g20_ws_rows_sent_total", "Waterfall rows sent, all clients.", s.rowsSent.sum());
        t.counter("g20_ws_rows_skipped_total", "Waterfall rows slow clients were skipped past.", s.rowsSkipped.sum());
        t.counter("g20_ws_messages_sent_total", "JSON messages sent, all clients.", s.textSent.sum());
        t.counter("g20_ws_messages_dropped_total", "JSON messages dropped from full client queues.", s.textDropped.sum());
        for (Extra e : extras) {
            double v;
            try {
                v = e.value().getAsDouble();
            } catch (RuntimeException ex) {
                v = Double.NaN; // a part that cannot answer must not break the scrape
            }
            t.header(e.name(), e.type(), e.help());
            t.sb.append(e.name()).append(' ').append(num(v)).append('\n');
        }
        return t.sb.toString();
    }

    private void header(String name, String type, String help) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void counter(String name, String help, long v) {
        header(name, "counter", help);
        sb.append(name).append(' ').append(v).append('\n');
    }

    private void gauge(String name, String help, double v) {
        header(name, "gauge", help);
        sb.append(name).append(' ').append(num(v)).append('\n');
    }

    private void sample(String name, String label, String value, long v) {
        sb.append(name).append('{').append(label).append("=\"").append(value).append("\"} ").append(v).append('\n');
    }

    private void summary(String name, String help, LatencyRecorder.Snapshot s) {
        header(name, "summary", help);
        sb.append(name).append("{quantile=\"0.5\"} ").append(num(s.p50Ms() / 1000)).append('\n');
        sb.append(name).append("{quantile=\"0.9\"} ").append(num(s.p90Ms() / 1000)).append('\n');
        sb.append(name).append("{quantile=\"0.99\"} ").append(num(s.p99Ms() / 1000)).append('\n');
        sb.append(name).append("_count ").append(s.count()).append('\n');
    }

    private static String num(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
