package dev.g20.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.g20.config.ConfigException;
import dev.g20.config.ConfigFile;
import dev.g20.config.WireName;
import dev.g20.config.G20Config;
import dev.g20.pipeline.ConfigControl;
import dev.g20.pipeline.PipelineListener.ConfigChange;
import dev.g20.pipeline.PipelineMetrics;
import dev.g20.store.StoredTrack;
import dev.g20.store.TrackQuery;
import dev.g20.util.Errors;
import dev.g20.util.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The REST routes (docs/protocol.md, REST): the running config (GET and PUT), stored tracks,
 * health and Prometheus metrics. Who may change the config is {@link AccessGuard}'s call.
 */
final class RestApi {
    private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);
    private static final int MAX_TRACK_ROWS = 100_000;

    private final ConfigControl control;
    private final PipelineMetrics pipelineMetrics;
    private final ServerMetrics metrics;
    private final SourceSummary source;
    private final StoredTracks store;
    private final AccessGuard guard;
    private final Supplier<String> endReason;
    private final List<PrometheusText.Extra> extraMetrics;

    /**
     * @param store      stored-track queries, or null when there is no store (the endpoint answers 503)
     * @param endReason  null while the pipeline runs, then why it ended
     * @param extraMetrics other parts' metric families for /metrics (read at each scrape)
     */
    RestApi(ConfigControl control, PipelineMetrics pipelineMetrics, ServerMetrics metrics, SourceSummary source,
            StoredTracks store, AccessGuard guard, Supplier<String> endReason, List<PrometheusText.Extra> extraMetrics) {
        this.control = control;
        this.pipelineMetrics = pipelineMetrics;
        this.metrics = metrics;
        this.source = source;
        this.store = store;
        this.guard = guard;
        this.endReason = endReason;
        this.extraMetrics = extraMetrics;
    }

    void register(Javalin app) {
        app.get("/api/config", ctx -> ProtocolJson.respond(ctx, 200, configDocument(control.config())));
        app.get("/api/config/{file}", this::getConfig);
        app.put("/api/config/{file}", this::putConfig);
        app.get("/api/tracks", this::getTracks);
        app.get("/api/health", this::health);
        app.get("/metrics", ctx -> ctx.contentType(PrometheusText.CONTENT_TYPE)
                .result(PrometheusText.render(pipelineMetrics, metrics, control.configHash(), extraMetrics)));
    }

    private static ApiResponse.ConfigDocument configDocument(G20Config c) {
        return new ApiResponse.ConfigDocument(c.spectrogram().hash(), ConfigFiles.of(c));
    }

    private void getConfig(Context ctx) {
        ConfigFile file = configFile(ctx.pathParam("file"));
        if (file == null) {
            ProtocolJson.respond(ctx, 404, unknownFile(ctx.pathParam("file")));
            return;
        }
        Map<String, Object> doc = ConfigJson.file(control.config(), file);
        if ("yaml".equalsIgnoreCase(ctx.queryParam("format"))) {
            try {
                ctx.contentType("application/yaml").result(Json.YAML.writeValueAsString(doc));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        ProtocolJson.respond(ctx, 200, doc);
    }

    private void putConfig(Context ctx) {
        ConfigFile file = configFile(ctx.pathParam("file"));
        if (file == null) {
            metrics.configRejected.increment();
            ProtocolJson.respond(ctx, 404, unknownFile(ctx.pathParam("file")));
            return;
        }
        if (guard.refuseConfigChange(ctx)) {
            metrics.configRejected.increment();
            return;
        }
        ConfigChange change;
        try {
            change = ConfigJson.apply(control, file, ctx.body());
        } catch (ConfigException e) {
            metrics.configRejected.increment();
            LOG.warn("config PUT {} from {} refused: {}", file, ctx.ip(), e.getMessage());
            ProtocolJson.respond(ctx, 400, new ApiResponse.ErrorBody(Errors.oneLine(e)));
            return;
        } catch (RuntimeException e) {
            // e.g. a detector that cannot be built from an otherwise valid inference.yaml
            metrics.configRejected.increment();
            LOG.warn("config PUT {} from {} failed: {}", file, ctx.ip(), e.toString());
            ProtocolJson.respond(ctx, 400, new ApiResponse.ErrorBody(file.fileName() + ": " + Errors.oneLine(e)));
            return;
        }
        metrics.configPuts.increment();
        LOG.info("config PUT {} from {}: hash {} -> {}{}", file, ctx.ip(), change.oldHash(), change.newHash(),
                change.applied() ? "" : " (takes effect at the next start)");
        ProtocolJson.respond(ctx, 200, new ApiResponse.ConfigApplied(change.file().wireName(), change.oldHash(), change.newHash(),
                change.applied(), ConfigJson.file(change.config(), file)));
    }

    /** The file a path names, spelled exactly as its stem, or null. */
    private static ConfigFile configFile(String name) {
        ConfigFile f = WireName.parse(ConfigFile.class, name);
        return f != null && f.wireName().equals(name) ? f : null;
    }

    private static ApiResponse.ErrorBody unknownFile(String file) {
        return new ApiResponse.ErrorBody("unknown config file '" + file + "' (expected one of " + String.join(", ", ConfigJson.FILES) + ")");
    }

    private void getTracks(Context ctx) {
        if (store == null) {
            ProtocolJson.respond(ctx, 503, new ApiResponse.ErrorBody("no track store in this run"));
            return;
        }
        TrackQuery q;
        try {
            q = trackQuery(ctx);
        } catch (IllegalArgumentException e) {
            ProtocolJson.respond(ctx, 400, new ApiResponse.ErrorBody(e.getMessage()));
            return;
        }
        List<StoredTrack> rows = store.query(q);
        ProtocolJson.respond(ctx, 200, new ApiResponse.TrackRows(rows.size(), q.limit(), rows));
    }

    /** The query parameters of {@code GET /api/tracks}; a bad one is an IllegalArgumentException naming it. */
    private static TrackQuery trackQuery(Context ctx) {
        Long limitParam = longParam(ctx, "limit");
        int limit = limitParam == null ? TrackQuery.DEFAULT_LIMIT : (int) Math.clamp(limitParam, 1, MAX_TRACK_ROWS);
        Long fromFrame = longParam(ctx, "from_frame"), toFrame = longParam(ctx, "to_frame");
        Long fromNs = longParam(ctx, "from_ns"), toNs = longParam(ctx, "to_ns");
        if (fromFrame != null && toFrame != null && fromFrame > toFrame)
            throw new IllegalArgumentException("from_frame " + fromFrame + " is after to_frame " + toFrame);
        if (fromNs != null && toNs != null && fromNs > toNs)
            throw new IllegalArgumentException("from_ns " + fromNs + " is after to_ns " + toNs);
        return new TrackQuery(fromFrame, toFrame, fromNs, toNs, longParam(ctx, "track_id"), limit);
    }

    private static Long longParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return null;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("query parameter '" + name + "' must be an integer, got '" + v + "'");
        }
    }

    private void health(Context ctx) {
        String reason = endReason.get();
        ApiResponse.HealthStatus status = ApiResponse.HealthStatus.of(reason);
        ProtocolJson.respond(ctx, status == ApiResponse.HealthStatus.FAILED ? 503 : 200, new ApiResponse.Health(status, reason,
                ProtocolJson.round(pipelineMetrics.uptimeSeconds()), control.configHash(), source,
                pipelineMetrics.framesTracked.sum(), pipelineMetrics.lastFrameId, pipelineMetrics.tracksActive,
                pipelineMetrics.totalDrops() + metrics.framesDropped.sum(), metrics.clients.get(), ServerMessage.PROTOCOL_VERSION));
    }
}
