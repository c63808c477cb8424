package dev.g20.cli;

import dev.g20.util.Errors;
import dev.g20.config.ConfigException;
import dev.g20.config.G20Config;
import dev.g20.emitter.EmitterBuilder;
import dev.g20.emitter.EmitterStage;
import dev.g20.pipeline.Pipeline;
import dev.g20.pipeline.PipelineComponents;
import dev.g20.pipeline.PipelineOptions;
import dev.g20.pipeline.SourceFactory;
import dev.g20.server.LiveServer;
import dev.g20.server.ServerOptions;
import dev.g20.server.StoredTracks;
import dev.g20.source.SourceException;
import dev.g20.store.AsyncTrackLogger;
import dev.g20.store.TrackLogger;
import dev.g20.store.TrackLoggerMetrics;
import io.javalin.util.JavalinBindException;
import picocli.CommandLine.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** `g20 run`: the main job: live pipeline, web viewer, tracks logged to the store. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The main job: live pipeline, web viewer, tracks logged to the store.",
                "With no options: the built-in synthetic scene 'mixed' in real time, viewer at http://127.0.0.1:8080/."})
public final class RunCommand implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
    /**
     * Frames of noise through the spectrogram and detector before the source starts: on the 2-core
     * development machine about 2.7 s, and the IQ blocks dropped in the first seconds of the
     * built-in scene went from 140-280 to 0-3.
     */
    static final int WARM_UP_FRAMES = 40;

    @Option(names = "--source", paramLabel = "SPEC",
            description = "synthetic:SCENE (default synthetic:mixed), FILE.sigmf-meta, a raw file (with --format --sample-rate"
                    + " --center-freq), or rtl_tcp://host:port[?freq=HZ&rate=HZ&gain=auto|DB]")
    String source;

    @Mixin
    RawFileOptions raw;

    @Mixin
    ConfigOption configOption;

    @Option(names = "--detector", paramLabel = "yolo|energy", description = "overrides inference.yaml's detector")
    String detector;

    @Option(names = "--db", paramLabel = "URL", description = "track store: postgresql://user:pass@host[:port]/db or sqlite:PATH (overrides database.yaml)")
    String db;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = ServerOptions.DEFAULT_BIND,
            description = "address the server listens on (default ${DEFAULT-VALUE}); anything but loopback needs a token for config changes")
    String bind;

    @Option(names = "--port", defaultValue = "8080", description = "server port (default ${DEFAULT-VALUE}; 0 = any free port)")
    int port;

    @Option(names = "--token", description = "bearer token for config changes when bound beyond loopback (default: generated and printed)")
    String token;

    @Option(names = "--realtime", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "play recordings and synthetic scenes at real time (default); --no-realtime: as fast as possible, dropping what the detector cannot keep up with")
    boolean realtime;

    @Option(names = "--seconds", paramLabel = "N", description = "stop after N seconds (default: until Ctrl-C or the source ends)")
    Double seconds;

    private final LiveParts parts;
    private final PrintStream out;

    public RunCommand() {
        this(LiveParts.DEFAULT, System.out);
    }

    /** For tests: other parts, another stdout. */
    public RunCommand(LiveParts parts, PrintStream out) {
        this.parts = parts;
        this.out = out;
    }

    @Override
    public void run() {
        if (seconds != null && !(seconds > 0)) throw new UserError("--seconds must be > 0, got " + seconds);
        if (port < 0 || port > 65535) throw new UserError("--port must be in [0, 65535], got " + port);
        G20Config cfg = configOption.load();
        cfg = PipelineChoices.detector(cfg, detector, null, LOG);
        cfg = PipelineChoices.database(cfg, db);
        ServerOptions serverOptions = ServerOptions.of(bind, port, token);
        checkPortFree();

        SourceFactory.Opened src = new SourceFactory(parts::synthetic).open(source, raw.format, raw.sampleRate, raw.centerFreq);
        TrackLogger logger = null;
        StoredTracks store = null;
        Pipeline pipeline;
        LiveServer server;
        try {
            logger = parts.trackLogger(cfg.database(), db != null ? "--db" : "database.yaml");
            store = parts.storedTracks(logger);
            PipelineComponents components = PipelineComponents.of(src.source(), src.live(), cfg, parts::detector, parts::tracker, logger);
            pipeline = new Pipeline(components, PipelineOptions.live(realtime).withWarmUpFrames(WARM_UP_FRAMES));
            server = new LiveServer(serverOptions, pipeline, pipeline.metrics(), pipeline.sourceInfo(), src.live(), store);
        } catch (RuntimeException e) {
            if (logger != null) logger.stop();
            closeQuietly(store);
            src.source().close();
            throw e;
        }
        pipeline.addListener(server);
        // the emitter layer (docs/emitters.md); the store, the API and alerts take its snapshots through an EmitterSink
        pipeline.addListener(new EmitterStage(new EmitterBuilder(cfg.emitters(), "local",
                e -> LOG.debug("emitter {} {} {} at {} Hz", e.emitterId(), e.state().wireName(), e.className(), e.freqCenterHz()), false)));
        pipeline.addStatusPart(server::statusPart);
        if (logger instanceof AsyncTrackLogger trackStore) {
            // the store's own drop-oldest queue: its drops are as visible as the pipeline's
            pipeline.addStatusPart(() -> {
                TrackLoggerMetrics m = trackStore.metrics();
                return "store written " + m.written() + " dropped " + m.dropped() + (m.outage() ? " (database unreachable)" : "");
            });
            server.addMetric("g20_store_rows_written_total", "counter", "Track rows committed to the store.", () -> trackStore.metrics().written())
                    .addMetric("g20_store_rows_dropped_total", "counter", "Track rows the store dropped (queue full, rejected, unreachable at stop).",
                            () -> trackStore.metrics().dropped())
                    .addMetric("g20_store_queue_depth", "gauge", "Track rows waiting to be written.", () -> trackStore.metrics().queueDepth())
                    .addMetric("g20_store_outage", "gauge", "1 while the database is unreachable.", () -> trackStore.metrics().outage() ? 1 : 0);
        }
        StoredTracks finalStore = store;
        Thread hook = new Thread(() -> shutdown(pipeline, server, finalStore), "g20-shutdown");
        try {
            try {
                server.start();
            } catch (JavalinBindException e) {
                throw new UserError("cannot listen on " + bind + ":" + port + " (" + rootMessage(e) + "); choose another --port");
            }
            out.println("g20: viewer at " + server.url());
            if (serverOptions.exposed()) {
                out.println("g20: bound to " + bind + ": config changes need the header 'Authorization: Bearer "
                        + serverOptions.token() + "'");
            }
            out.flush();
            Runtime.getRuntime().addShutdownHook(hook);
            pipeline.start();
            pipeline.awaitCompletion(seconds != null ? Math.round(seconds * 1000) : Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            shutdown(pipeline, server, store);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // already shutting down, or never added
            }
        }
        Throwable f = pipeline.failure();
        if (f instanceof SourceException || f instanceof ConfigException || f instanceof UserError) throw (RuntimeException) f;
        if (f != null) throw new IllegalStateException("pipeline failed: " + f, f);
    }

    /** Stops the source, drains the stages, flushes the track store, then closes the server. Idempotent. */
    private static void shutdown(Pipeline pipeline, LiveServer server, StoredTracks store) {
        pipeline.close();
        server.close();
        closeQuietly(store);
    }

    private static void closeQuietly(Object o) {
        if (o instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // closing a read connection at exit: nothing to lose
            }
        }
    }

    /** Fails early, with one line, when the port is taken (before anything is opened). */
    private void checkPortFree() {
        if (port == 0) return;
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(bind, port));
        } catch (IOException e) {
            throw new UserError("cannot listen on " + bind + ":" + port + " (" + e.getMessage() + "); choose another --port");
        }
    }

    private static String rootMessage(Throwable t) {
        return Errors.rootCause(t);
    }
}
