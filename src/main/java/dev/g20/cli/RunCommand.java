package dev.g20.cli;

import dev.g20.alert.AlertsConfig;

import dev.g20.util.Errors;
import dev.g20.config.ConfigException;
import dev.g20.config.G20Config;
import dev.g20.classify.LiveClassifier;
import dev.g20.emitter.EmitterBuilder;
import dev.g20.emitter.EmitterStage;
import dev.g20.pipeline.Pipeline;
import dev.g20.pipeline.PipelineOptions;
import dev.g20.server.LiveServer;
import dev.g20.server.ServerOptions;
import dev.g20.source.IqSource;
import dev.g20.source.SourceException;
import dev.g20.store.TrackLogger;
import dev.g20.store.TrackLoggerMetrics;
import dev.g20.wiring.StoreRegistry;
import dev.g20.wiring.Wiring;
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

    @Option(names = "--modulation", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "name confirmed tracks' modulation from their IQ, on its own thread (default on; --no-modulation off)")
    boolean modulation = true;

    @Option(names = "--port", defaultValue = "8080", description = "server port (default ${DEFAULT-VALUE}; 0 = any free port)")
    int port;

    @Option(names = "--token", description = "bearer token for config changes when bound beyond loopback (default: generated and printed)")
    String token;

    @Option(names = "--realtime", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "play recordings and synthetic scenes at real time (default); --no-realtime: as fast as possible, dropping what the detector cannot keep up with")
    boolean realtime;

    @Option(names = "--seconds", paramLabel = "N", description = "stop after N seconds (default: until Ctrl-C or the source ends)")
    Double seconds;

    private final Wiring parts;
    private final PrintStream out;

    public RunCommand() {
        this(Wiring.standard(), System.out);
    }

    /** For tests: other parts, another stdout. */
    public RunCommand(Wiring parts, PrintStream out) {
        this.parts = parts;
        this.out = out;
    }

    @Override
    public void run() {
        if (seconds != null && !(seconds > 0)) throw new UserError("--seconds must be > 0, got " + seconds);
        if (port < 0 || port > 65535) throw new UserError("--port must be in [0, 65535], got " + port);
        G20Config cfg = configOption.load();
        cfg = parts.detectors().choose(cfg, detector, null, LOG);
        cfg = parts.stores().choose(cfg, db);
        AlertsConfig alertsConfig = AlertsConfig.load(configOption.directory());
        ServerOptions serverOptions = ServerOptions.of(bind, port, token);
        checkPortFree();

        IqSource src = parts.sources().open(source, raw.file());
        LiveClassifier modulations = modulation ? LiveClassifier.start(src, cfg.spectrogram()) : null;
        if (modulations != null) src = modulations.source();
        StoreRegistry.Store store = null;
        Pipeline pipeline;
        LiveServer server;
        try {
            store = parts.stores().open(cfg.database(), db != null ? "--db" : "database.yaml");
            pipeline = new Pipeline(parts.components(src, cfg, store.logger()), PipelineOptions.live(realtime).withWarmUpFrames(WARM_UP_FRAMES));
            server = new LiveServer(serverOptions, pipeline, pipeline.metrics(), pipeline.sourceInfo(), store.queries());
        } catch (RuntimeException e) {
            if (store != null) store.close();
            src.close();
            throw e;
        }
        TrackLogger logger = store.logger();
        pipeline.addListener(server);
        if (modulations != null) {
            pipeline.addListener(modulations);
            pipeline.addStatusPart(modulations::statusPart);
        }
        // The emitter stage hands its snapshots to emitters (store, WebSocket feed, alerts).
        EmitterOutputs emitters = EmitterOutputs.attach(logger, server, alertsConfig);
        // the emitter layer (docs/emitters.md) feeds them
        pipeline.addListener(new EmitterStage(new EmitterBuilder(cfg.emitters(), "local", emitters, false)));
        pipeline.addStatusPart(server::statusPart);
        // the store's own drop-oldest queue: its drops are as visible as the pipeline's
        pipeline.addStatusPart(() -> {
            TrackLoggerMetrics m = logger.metrics();
            return "store written " + m.written() + " dropped " + m.dropped() + (m.outage() ? " (database unreachable)" : "");
        });
        server.addMetric("g20_store_rows_written_total", "counter", "Track rows committed to the store.", () -> logger.metrics().written())
                .addMetric("g20_store_rows_dropped_total", "counter", "Track rows the store dropped (queue full, rejected, unreachable at stop).",
                        () -> logger.metrics().dropped())
                .addMetric("g20_store_queue_depth", "gauge", "Track rows waiting to be written.", () -> logger.metrics().queueDepth())
                .addMetric("g20_store_outage", "gauge", "1 while the database is unreachable.", () -> logger.metrics().outage() ? 1 : 0);
        StoreRegistry.Store finalStore = store;
        Thread hook = new Thread(() -> shutdown(pipeline, server, finalStore, emitters), "g20-shutdown");
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
            shutdown(pipeline, server, store, emitters);
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
    private static void shutdown(Pipeline pipeline, LiveServer server, StoreRegistry.Store store, EmitterOutputs emitters) {
        pipeline.close();
        emitters.close();
        server.close();
        store.close();
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
