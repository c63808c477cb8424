package dev.g20.server;

import dev.g20.pipeline.ConfigControl;
import dev.g20.pipeline.PipelineListener;
import dev.g20.pipeline.PipelineMetrics;
import dev.g20.source.SourceInfo;
import dev.g20.spectrogram.SpectrogramFrame;
import dev.g20.track.Track;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.websocket.WsContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
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
        AccessGuard guard = new AccessGuard(options);
        app.before(guard::checkHost);
        app.wsBeforeUpgrade(guard::checkHost);
        new RestApi(control, pipelineMetrics, metrics, sourceSummary(), store, guard, () -> endReason, extraMetrics).register(app);
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

    // ---- helpers --------------------------------------------------------------------------------

    private static void json(Context ctx, int status, Object body) {
        ProtocolJson.respond(ctx, status, body);
    }

    static String write(Object o) {
        return ProtocolJson.write(o);
    }

}
