package dev.g20.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.g20.config.ConfigException;
import dev.g20.config.G20Config;
import dev.g20.pipeline.ConfigControl;
import dev.g20.pipeline.LatencyRecorder;
import dev.g20.pipeline.PipelineListener;
import dev.g20.pipeline.PipelineMetrics;
import dev.g20.source.SourceInfo;
import dev.g20.spectrogram.Colormap;
import dev.g20.spectrogram.SpectrogramFrame;
import dev.g20.store.StoredTrack;
import dev.g20.store.TrackQuery;
import dev.g20.track.Track;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.websocket.WsContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live server: the web viewer, a WebSocket stream of waterfall rows, tracks and config
 * events, and a small REST API (config, stored tracks, health, Prometheus metrics), all in
 * docs/protocol.md.
 *
 * <p>It listens to the pipeline without ever slowing it: frames and tracks are handed to one
 * encoder thread through a small bounded queue (oldest frame dropped and counted when full), and
 * every client has its own bounded queue and sender (see {@link ClientSession}).
 */
public final class LiveServer implements PipelineListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveServer.class);
    /** Bumped when a message layout changes incompatibly. */
    public static final int PROTOCOL_VERSION = ServerMessage.PROTOCOL_VERSION;
    private static final int MAX_ENCODER_FRAMES = 4;
    private static final int MAX_ENCODER_EVENTS = 1024;
    private static final int MAX_CLIENT_TEXT = 256;
    private static final int MAX_TRACK_ROWS = 100_000;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final ServerOptions options;
    private final ConfigControl control;
    private final PipelineMetrics pipelineMetrics;
    private final ServerMetrics metrics = new ServerMetrics();
    private final SourceInfo source;
    private final boolean liveSource;
    private final StoredTracks store;
    private final WaterfallEncoder encoder;
    private final Map<WsContext, ClientSession> clients = new ConcurrentHashMap<>();
    private final AtomicLong clientIds = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<PrometheusText.Extra> extraMetrics = new CopyOnWriteArrayList<>();

    private final DropOldestQueue<Object> events = new DropOldestQueue<>(e -> e instanceof SpectrogramFrame,
            MAX_ENCODER_FRAMES, MAX_ENCODER_EVENTS);
    private volatile boolean running;
    private volatile String endReason;
    private Thread encoderThread;
    private Javalin app;

    /**
     * @param store stored-track queries, or null when no store is available (the endpoint answers 503)
     */
    public LiveServer(ServerOptions options, ConfigControl control, PipelineMetrics pipelineMetrics, SourceInfo source,
                      boolean liveSource, StoredTracks store) {
        this.options = options;
        this.control = control;
        this.pipelineMetrics = pipelineMetrics;
        this.source = source;
        this.liveSource = liveSource;
        this.store = store;
        this.encoder = new WaterfallEncoder(options.maxBins(), options.maxRowRate());
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    /**
     * Adds a metric family of another part (e.g. the track store's counters) to {@code /metrics}.
     *
     * @param type counter or gauge
     */
    public LiveServer addMetric(String name, String type, String help, DoubleSupplier value) {
        extraMetrics.add(new PrometheusText.Extra(name, type, help, value));
        return this;
    }

    /** The port listened on (the chosen one when started with port 0). */
    public int port() {
        return app.port();
    }

    /** http://host:port/ of the viewer. */
    public String url() {
        String host = options.bind().contains(":") ? "[" + options.bind() + "]" : options.bind();
        if (host.equals("0.0.0.0") || host.equals("[::]")) host = "127.0.0.1";
        return "http://" + host + ":" + port() + "/";
    }

    /** One status-line part: clients and skipped rows. */
    public String statusPart() {
        return "clients " + metrics.clients.get() + " (rows skipped " + metrics.rowsSkipped.sum() + ", server drops " + metrics.framesDropped.sum() + ")";
    }

    public LiveServer start() {
        app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.staticFiles.add(sf -> {
                sf.hostedPath = "/";
                sf.directory = "/web";
                sf.location = Location.CLASSPATH;
            });
            cfg.jetty.modifyWebSocketServletFactory(f -> f.setIdleTimeout(Duration.ofHours(1)));
        });
        app.before(this::checkHost);
        app.wsBeforeUpgrade(this::checkHost);
        app.get("/api/config", ctx -> json(ctx, 200, configDocument(control.config())));
        app.get("/api/config/{file}", this::getConfig);
        app.put("/api/config/{file}", this::putConfig);
        app.get("/api/tracks", this::getTracks);
        app.get("/api/health", this::health);
        app.get("/metrics", ctx -> ctx.contentType(PrometheusText.CONTENT_TYPE)
                .result(PrometheusText.render(pipelineMetrics, metrics, control.configHash(), extraMetrics)));
        app.ws("/ws", ws -> {
            ws.onConnect(this::onConnect);
            ws.onClose(ctx -> dropClient(ctx));
            ws.onError(ctx -> dropClient(ctx));
            ws.onMessage(ctx -> { /* clients only listen; messages are ignored */ });
        });
        app.exception(Exception.class, (e, ctx) -> {
            LOG.warn("{} {} failed: {}", ctx.method(), ctx.path(), e.toString());
            json(ctx, 500, new ApiResponse.ErrorBody("internal error: " + e.getClass().getSimpleName()));
        });
        running = true;
        encoderThread = Thread.ofPlatform().name("g20-ws-encoder").daemon().start(this::encodeLoop);
        app.start(options.bind(), options.port());
        LOG.info("viewer at {} (WebSocket /ws, REST /api, metrics /metrics){}", url(),
                options.exposed() ? "; bound beyond loopback: config changes need 'Authorization: Bearer <token>'" : "");
        return this;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        running = false;
        synchronized (events) {
            events.notifyAll();
        }
        for (ClientSession c : clients.values()) c.close();
        clients.clear();
        if (encoderThread != null) encoderThread.interrupt();
        if (app != null) app.stop();
    }

    // ---- pipeline listener (called on pipeline threads: never block) ------------------------------

    @Override
    public void onFrame(SpectrogramFrame frame) {
        enqueue(frame);
    }

    @Override
    public void onTracks(SpectrogramFrame frame, List<Track> tracks) {
        enqueue(ServerMessage.Tracks.of(frame, tracks));
    }

    @Override
    public void onConfigChange(ConfigChange change) {
        enqueue(ServerMessage.Config.of(change));
    }

    @Override
    public void onEnd(Throwable failure) {
        ServerMessage.End end = ServerMessage.End.of(failure);
        endReason = end.reason();
        enqueue(end);
    }

    private void enqueue(Object event) {
        synchronized (events) {
            Object dropped = events.offer(event);
            if (dropped instanceof SpectrogramFrame) metrics.framesDropped.increment();
            else if (dropped != null) metrics.textDropped.increment();
            events.notifyAll();
        }
    }

    private void encodeLoop() {
        long nextStats = System.nanoTime();
        while (running) {
            Object ev = null;
            try {
                synchronized (events) {
                    long wait = (nextStats - System.nanoTime()) / 1_000_000;
                    if (events.isEmpty() && wait > 0) events.wait(wait);
                    ev = events.poll();
                }
            } catch (InterruptedException e) {
                break;
            }
            try {
                if (ev instanceof SpectrogramFrame f) {
                    WaterfallEncoder.Encoded enc = encoder.encode(f);
                    metrics.framesEncoded.increment();
                    for (ClientSession c : clients.values()) c.offerRows(enc);
                } else if (ev instanceof ServerMessage m) {
                    String json = write(m);
                    for (ClientSession c : clients.values()) c.offerText(json);
                }
                if (System.nanoTime() - nextStats >= 0) {
                    nextStats = System.nanoTime() + 1_000_000_000L;
                    for (ClientSession c : clients.values()) c.offerText(write(ServerMessage.Stats.of(pipelineMetrics, metrics, c.skippedRows())));
                }
            } catch (RuntimeException e) {
                LOG.warn("encoder: {}", e.toString());
            }
        }
    }

    // ---- WebSocket ------------------------------------------------------------------------------

    private void onConnect(WsContext ctx) {
        ctx.session.setIdleTimeout(Duration.ofHours(1));
        ClientSession c = new ClientSession(ctx.session, Long.toString(clientIds.incrementAndGet()),
                options.clientQueueFrames(), MAX_CLIENT_TEXT, metrics);
        c.offerText(write(helloMessage()));
        clients.put(ctx, c);
        metrics.clients.set(clients.size());
        metrics.connections.increment();
        c.start();
        LOG.info("client {} connected from {}", c.id(), ctx.session.getRemoteAddress());
    }

    private void dropClient(WsContext ctx) {
        ClientSession c = clients.remove(ctx);
        if (c != null) {
            c.close();
            metrics.clients.set(clients.size());
            LOG.info("client {} disconnected ({} rows skipped)", c.id(), c.skippedRows());
        }
    }

    /** Skipped rows of each connected client (tests, health). */
    public List<Long> clientSkippedRows() {
        List<Long> out = new ArrayList<>();
        for (ClientSession c : clients.values()) out.add(c.skippedRows());
        return out;
    }

    /** The most frames any connected client ever had queued (bounded by the client queue limit). */
    public long maxClientQueuedFrames() {
        long m = 0;
        for (ClientSession c : clients.values()) m = Math.max(m, c.maxQueuedFrames());
        return m;
    }

    ServerMessage.Hello helloMessage() {
        return ServerMessage.Hello.of(control.config(), options, sourceSummary(), pipelineMetrics.lastFrameId);
    }

    private SourceSummary sourceSummary() {
        return SourceSummary.of(source, liveSource);
    }

    // ---- REST -----------------------------------------------------------------------------------

    /**
     * Refuses requests whose Host is not a loopback name while bound to loopback: a web page on
     * another site cannot reach the API through DNS rebinding.
     */
    private void checkHost(Context ctx) {
        if (options.exposed()) return;
        String host = ctx.host();
        if (host == null) return;
        String h = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host.replaceFirst(":\\d+$", "");
        if (!(h.equalsIgnoreCase("localhost") || h.equals("[::1]") || h.startsWith("127."))) {
            json(ctx, 403, new ApiResponse.ErrorBody("host '" + host + "' refused: this server answers loopback names only"));
            ctx.skipRemainingHandlers();
        }
    }

    private void getConfig(Context ctx) {
        String file = ctx.pathParam("file");
        if (!ConfigJson.FILES.contains(file)) {
            json(ctx, 404, new ApiResponse.ErrorBody("unknown config file '" + file + "' (expected one of " + String.join(", ", ConfigJson.FILES) + ")"));
            return;
        }
        Map<String, Object> doc = ConfigJson.file(control.config(), file);
        if ("yaml".equalsIgnoreCase(ctx.queryParam("format"))) {
            try {
                ctx.contentType("application/yaml").result(YAML.writeValueAsString(doc));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        json(ctx, 200, doc);
    }

    private void putConfig(Context ctx) {
        String file = ctx.pathParam("file");
        if (!ConfigJson.FILES.contains(file)) {
            metrics.configRejected.increment();
            json(ctx, 404, new ApiResponse.ErrorBody("unknown config file '" + file + "' (expected one of " + String.join(", ", ConfigJson.FILES) + ")"));
            return;
        }
        String origin = ctx.header("Origin");
        if (origin != null && !sameOrigin(origin, ctx.host())) {
            metrics.configRejected.increment();
            json(ctx, 403, new ApiResponse.ErrorBody("cross-origin config change refused (Origin " + origin + ")"));
            return;
        }
        if (!authorized(ctx)) {
            metrics.configRejected.increment();
            ctx.header("WWW-Authenticate", "Bearer");
            json(ctx, 401, new ApiResponse.ErrorBody("config changes need 'Authorization: Bearer <token>' (the token printed at start or given with --token)"));
            return;
        }
        ConfigChange change;
        try {
            change = ConfigJson.apply(control, file, ctx.body());
        } catch (ConfigException e) {
            metrics.configRejected.increment();
            LOG.warn("config PUT {} from {} refused: {}", file, ctx.ip(), e.getMessage());
            json(ctx, 400, new ApiResponse.ErrorBody(oneLine(e)));
            return;
        } catch (RuntimeException e) {
            // e.g. a detector that cannot be built from an otherwise valid inference.yaml
            metrics.configRejected.increment();
            LOG.warn("config PUT {} from {} failed: {}", file, ctx.ip(), e.toString());
            json(ctx, 400, new ApiResponse.ErrorBody(file + ".yaml: " + oneLine(e)));
            return;
        }
        metrics.configPuts.increment();
        LOG.info("config PUT {} from {}: hash {} -> {}{}", file, ctx.ip(), change.oldHash(), change.newHash(),
                change.applied() ? "" : " (takes effect at the next start)");
        json(ctx, 200, new ApiResponse.ConfigApplied(change.file(), change.oldHash(), change.newHash(), change.applied(),
                ConfigJson.file(change.config(), file)));
    }

    private boolean authorized(Context ctx) {
        if (!options.exposed()) return true;
        String h = ctx.header("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
        return MessageDigest.isEqual(h.substring(7).trim().getBytes(StandardCharsets.UTF_8),
                options.token().getBytes(StandardCharsets.UTF_8));
    }

    private static boolean sameOrigin(String origin, String host) {
        try {
            URI u = URI.create(origin);
            String authority = u.getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void getTracks(Context ctx) {
        if (store == null) {
            json(ctx, 503, new ApiResponse.ErrorBody("no track store in this run"));
            return;
        }
        TrackQuery q;
        try {
            Long limitParam = longParam(ctx, "limit");
            int limit = limitParam == null ? TrackQuery.DEFAULT_LIMIT : (int) Math.clamp(limitParam, 1, MAX_TRACK_ROWS);
            Long fromFrame = longParam(ctx, "from_frame"), toFrame = longParam(ctx, "to_frame");
            Long fromNs = longParam(ctx, "from_ns"), toNs = longParam(ctx, "to_ns");
            if (fromFrame != null && toFrame != null && fromFrame > toFrame)
                throw new IllegalArgumentException("from_frame " + fromFrame + " is after to_frame " + toFrame);
            if (fromNs != null && toNs != null && fromNs > toNs)
                throw new IllegalArgumentException("from_ns " + fromNs + " is after to_ns " + toNs);
            q = new TrackQuery(fromFrame, toFrame, fromNs, toNs, longParam(ctx, "track_id"), limit);
        } catch (IllegalArgumentException e) {
            json(ctx, 400, new ApiResponse.ErrorBody(e.getMessage()));
            return;
        }
        List<StoredTrack> rows = store.query(q);
        json(ctx, 200, new ApiResponse.TrackRows(rows.size(), q.limit(), rows));
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

    private static ApiResponse.ConfigDocument configDocument(G20Config c) {
        return new ApiResponse.ConfigDocument(c.spectrogram().hash(), ConfigFiles.of(c));
    }

    private void health(Context ctx) {
        String reason = endReason;
        ApiResponse.HealthStatus status = ApiResponse.HealthStatus.of(reason);
        json(ctx, status == ApiResponse.HealthStatus.FAILED ? 503 : 200, new ApiResponse.Health(status, reason,
                ProtocolJson.round(pipelineMetrics.uptimeSeconds()), control.configHash(), sourceSummary(),
                pipelineMetrics.framesTracked.sum(), pipelineMetrics.lastFrameId, pipelineMetrics.tracksActive,
                pipelineMetrics.totalDrops() + metrics.framesDropped.sum(), metrics.clients.get(), PROTOCOL_VERSION));
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(write(body));
    }

    static String write(Object o) {
        return ProtocolJson.write(o);
    }

    private static String oneLine(Throwable t) {
        return ProtocolJson.oneLine(t);
    }
}
