package dev.g20.server;

import dev.g20.pipeline.ConfigControl;
import dev.g20.pipeline.PipelineListener;
import dev.g20.pipeline.PipelineMetrics;
import dev.g20.source.SourceInfo;
import dev.g20.spectrogram.SpectrogramFrame;
import dev.g20.track.Track;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;

/**
 * The live server: the web viewer, a WebSocket stream of waterfall rows, tracks and config
 * events, and a small REST API (config, stored tracks, health, Prometheus metrics), all in
 * docs/protocol.md.
 *
 * <p>This class puts the parts together and owns their lifecycle: the {@link PipelineFeed} (what
 * the pipeline publishes, handed off without ever slowing it), the {@link ClientHub} of WebSocket
 * clients, the {@link RestApi} routes, and the {@link AccessGuard} host and token checks. The
 * messages themselves are the records of {@link ServerMessage} and {@link ApiResponse}.
 */
public final class LiveServer implements PipelineListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveServer.class);
    /** Bumped when a message layout changes incompatibly. */
    public static final int PROTOCOL_VERSION = ServerMessage.PROTOCOL_VERSION;

    private final ServerOptions options;
    private final ConfigControl control;
    private final PipelineMetrics pipelineMetrics;
    private final ServerMetrics metrics = new ServerMetrics();
    private final SourceSummary source;
    private final List<PrometheusText.Extra> extraMetrics = new CopyOnWriteArrayList<>();
    private final List<java.util.function.Consumer<Javalin>> extraRoutes = new CopyOnWriteArrayList<>();
    private final AccessGuard guard;
    private final ClientHub clients;
    private final PipelineFeed feed;
    private final RestApi api;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Javalin app;

    /**
     * @param store stored-track queries, or null when no store is available (the endpoint answers 503)
     */
    public LiveServer(ServerOptions options, ConfigControl control, PipelineMetrics pipelineMetrics, SourceInfo source,
                      StoredTracks store) {
        this.options = options;
        this.control = control;
        this.pipelineMetrics = pipelineMetrics;
        this.source = SourceSummary.of(source);
        this.guard = new AccessGuard(options);
        this.clients = new ClientHub(options.clientQueueFrames(), metrics, this::helloMessage);
        this.feed = new PipelineFeed(new WaterfallEncoder(options.maxBins(), options.maxRowRate()), clients, pipelineMetrics, metrics);
        this.api = new RestApi(control, pipelineMetrics, metrics, this.source, store, guard, feed::endReason, extraMetrics);
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

    /** Adds another part's routes (e.g. {@link EmitterRoutes}); call before {@link #start()}. */
    public LiveServer addRoutes(java.util.function.Consumer<Javalin> routes) {
        extraRoutes.add(routes);
        return this;
    }

    /** Sends a message to every client through the encoder queue (e.g. {@link EmitterFeed}'s); returns at once. */
    public void broadcast(ServerMessage message) {
        feed.send(message);
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
        app.before(guard::checkHost);
        app.wsBeforeUpgrade(guard::checkHost);
        api.register(app);
        extraRoutes.forEach(r -> r.accept(app));
        app.ws("/ws", ws -> {
            ws.onConnect(clients::connect);
            ws.onClose(clients::drop);
            ws.onError(clients::drop);
            ws.onMessage(ctx -> { /* clients only listen; messages are ignored */ });
        });
        app.exception(Exception.class, (e, ctx) -> {
            LOG.warn("{} {} failed: {}", ctx.method(), ctx.path(), e.toString());
            ProtocolJson.respond(ctx, 500, new ApiResponse.ErrorBody("internal error: " + e.getClass().getSimpleName()));
        });
        feed.start();
        app.start(options.bind(), options.port());
        LOG.info("viewer at {} (WebSocket /ws, REST /api, metrics /metrics){}", url(),
                options.exposed() ? "; bound beyond loopback: config changes need 'Authorization: Bearer <token>'" : "");
        return this;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        feed.stop();
        clients.closeAll();
        if (app != null) app.stop();
    }

    // ---- pipeline listener: the feed's (it never blocks the pipeline thread) --------------------

    @Override
    public void onFrame(SpectrogramFrame frame) {
        feed.onFrame(frame);
    }

    @Override
    public void onTracks(SpectrogramFrame frame, List<Track> tracks) {
        feed.onTracks(frame, tracks);
    }

    @Override
    public void onConfigChange(ConfigChange change) {
        feed.onConfigChange(change);
    }

    @Override
    public void onEnd(Throwable failure) {
        feed.onEnd(failure);
    }

    /** Skipped rows of each connected client (tests, health). */
    public List<Long> clientSkippedRows() {
        return clients.skippedRows();
    }

    /** The most frames any connected client ever had queued (bounded by the client queue limit). */
    public long maxClientQueuedFrames() {
        return clients.maxQueuedFrames();
    }

    ServerMessage.Hello helloMessage() {
        return ServerMessage.Hello.of(control.config(), options, source, pipelineMetrics.lastFrameId);
    }
}
