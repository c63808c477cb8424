package dev.g20.server;

import dev.g20.config.StftWindow;

import dev.g20.config.FftBackend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.g20.config.DatabaseConfig;
import dev.g20.config.G20Config;
import dev.g20.config.InferenceConfig;
import dev.g20.config.SpectrogramConfig;
import dev.g20.config.TrackerConfig;
import dev.g20.pipeline.Pipeline;
import dev.g20.pipeline.PipelineComponents;
import dev.g20.pipeline.PipelineOptions;
import dev.g20.source.Sources;
import dev.g20.store.AsyncTrackLogger;
import dev.g20.store.TrackStore;
import dev.g20.testing.TestScenes;
import dev.g20.detect.EnergyDetector;
import dev.g20.track.RFSignalTracker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The REST API over a real pipeline (file source, real tracker and SQLite track store). */
@Timeout(60)
class LiveServerTest {
    @TempDir
    static Path dir;
    static Path scene;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void writeScene() throws Exception {
        scene = TestScenes.write(dir, "scene", 1.0);
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : toClose.reversed()) c.close();
    }

    Pipeline pipeline(G20Config cfg, PipelineOptions options) {
        Pipeline p = new Pipeline(PipelineComponents.of(Sources.openFile(scene, null, null, null), cfg,
                (i, sc) -> new EnergyDetector(), RFSignalTracker::new, null), options);
        toClose.add(p);
        return p;
    }

    LiveServer server(ServerOptions options, Pipeline p, StoredTracks store) {
        LiveServer s = new LiveServer(options, p, p.metrics(), p.sourceInfo(), store).start();
        toClose.add(s);
        return s;
    }

    static ServerOptions loopback() {
        return ServerOptions.of("127.0.0.1", 0, null);
    }

    static HttpResponse<String> get(LiveServer s, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(s.url() + path.substring(1))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> put(LiveServer s, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.url() + path.substring(1)))
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return JSON.readTree(r.body());
    }

    @Test
    void configReadsAsTheFilesAndRoundTrips() throws Exception {
        Pipeline p = pipeline(TestScenes.config(), PipelineOptions.offline());
        LiveServer s = server(loopback(), p, null);

        JsonNode all = json(get(s, "/api/config"));
        assertThat(all.get("config_hash").asText()).isEqualTo(TestScenes.spectrogram().hash());
        assertThat(all.get("spectrogram").get("fft_size").asInt()).isEqualTo(512);
        assertThat(all.get("tracker").get("association").get("iou_threshold").asDouble()).isEqualTo(0.2);
        assertThat(all.get("inference").get("input_size").toString()).isEqualTo("[640,640]");
        assertThat(all.get("database").get("connection_string").asText()).isEqualTo("sqlite:g20-tracks.db");

        // each file's JSON parses back, through the same validation as the YAML files, to the same config
        G20Config before = p.config();
        for (String file : ConfigJson.FILES) {
            HttpResponse<String> got = get(s, "/api/config/" + file);
            assertThat(got.statusCode()).isEqualTo(200);
            HttpResponse<String> r = put(s, "/api/config/" + file, got.body());
            assertThat(r.statusCode()).as(file + ": " + r.body()).isEqualTo(200);
            assertThat(json(r).get("config_hash").asText()).isEqualTo(before.spectrogram().hash());
        }
        G20Config after = p.config();
        assertThat(after.spectrogram()).isEqualTo(before.spectrogram());
        assertThat(after.tracker()).isEqualTo(before.tracker());
        assertThat(after.database()).isEqualTo(before.database());
        assertThat(ConfigJson.inference(after.inference())).isEqualTo(ConfigJson.inference(before.inference()));

        // and as YAML
        HttpResponse<String> yaml = get(s, "/api/config/tracker?format=yaml");
        assertThat(yaml.headers().firstValue("Content-Type").orElse("")).startsWith("application/yaml");
        TrackerConfig t = G20Config.parseYaml("tracker.yaml", yaml.body(), TrackerConfig::from);
        assertThat(t).isEqualTo(before.tracker());

        // the shipped config files survive the same round trip
        G20Config shipped = G20Config.load(Path.of("config"));
        ObjectMapper yamlMapper = new ObjectMapper(new YAMLFactory());
        String sy = yamlMapper.writeValueAsString(ConfigJson.spectrogram(shipped.spectrogram()));
        assertThat(G20Config.parseYaml("s", sy, SpectrogramConfig::from)).isEqualTo(shipped.spectrogram());
        String iy = yamlMapper.writeValueAsString(ConfigJson.inference(shipped.inference()));
        assertThat(ConfigJson.inference(G20Config.parseYaml("i", iy, InferenceConfig::from)))
                .isEqualTo(ConfigJson.inference(shipped.inference()));
    }

    @Test
    void putAppliesAValidSpectrogramConfigAndRejectsBadOnesWithOneLine() throws Exception {
        Pipeline p = pipeline(TestScenes.config(), PipelineOptions.offline());
        LiveServer s = server(loopback(), p, null);

        HttpResponse<String> ok = put(s, "/api/config/spectrogram", "fft_size: 1024\nrows_per_frame: 32\ncolormap: inferno\n",
                "Content-Type", "application/yaml");
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode body = json(ok);
        SpectrogramConfig expected = new SpectrogramConfig(1024, StftWindow.HANN, 0.5, -30, 60, "inferno", 32, FftBackend.AUTO);
        assertThat(body.get("old_hash").asText()).isEqualTo(TestScenes.spectrogram().hash());
        assertThat(body.get("config_hash").asText()).isEqualTo(expected.hash());
        assertThat(body.get("applied").asBoolean()).isTrue();
        assertThat(p.config().spectrogram()).isEqualTo(expected);
        assertThat(json(get(s, "/api/config")).get("config_hash").asText()).isEqualTo(expected.hash());

        record Bad(String file, String body, String error) {
        }
        for (Bad b : List.of(
                new Bad("spectrogram", "fft_size: 1000", "spectrogram.yaml: key 'fft_size' must be a power of two in [16, 1048576], got 1000"),
                new Bad("spectrogram", "fft_sise: 1024", "spectrogram.yaml: unknown key 'fft_sise'"),
                new Bad("tracker", "lifecycle:\n  confirm_hits: 0", "tracker.yaml: key 'lifecycle.confirm_hits' must be >= 1, got 0"),
                new Bad("inference", "detector: magic", "inference.yaml: key 'detector' has unknown value 'magic' (expected one of yolo, energy)"),
                new Bad("database", "connection_string: mysql://x", "database.yaml: key 'connection_string' must be postgresql://user:pass@host[:port]/db or sqlite:PATH, got 'mysql://x'"),
                new Bad("spectrogram", "fft_size: [1, 2", "spectrogram.yaml: not valid YAML"))) {
            HttpResponse<String> r = put(s, "/api/config/" + b.file(), b.body());
            assertThat(r.statusCode()).as(b.body()).isEqualTo(400);
            String error = json(r).get("error").asText();
            assertThat(error).startsWith(b.error()).doesNotContain("\n");
        }
        assertThat(p.config().spectrogram()).isEqualTo(expected);
        assertThat(put(s, "/api/config/colours", "a: 1").statusCode()).isEqualTo(404);
        assertThat(get(s, "/api/config/colours").statusCode()).isEqualTo(404);
        assertThat(s.metrics().configRejected.sum()).isEqualTo(7);
        assertThat(s.metrics().configPuts.sum()).isEqualTo(1);
    }

    @Test
    void aDetectorThatCannotBeBuiltIsRefusedAndTheOldOneKept() throws Exception {
        Pipeline p = new Pipeline(PipelineComponents.of(Sources.openFile(scene, null, null, null), TestScenes.config(),
                (c, sc) -> {
                    if (c.detector() == dev.g20.config.DetectorKind.YOLO && c.modelPath().equals("missing.onnx"))
                        throw new dev.g20.config.ConfigException("inference.yaml: model_path 'missing.onnx' not found");
                    return new EnergyDetector();
                }, RFSignalTracker::new, null), PipelineOptions.offline());
        toClose.add(p);
        LiveServer s = server(loopback(), p, null);
        HttpResponse<String> r = put(s, "/api/config/inference", "model_path: missing.onnx");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error").asText()).isEqualTo("inference.yaml: model_path 'missing.onnx' not found");
        assertThat(p.config().inference().modelPath()).isEqualTo(InferenceConfig.defaults().modelPath());
    }

    @Test
    void exposedServerNeedsTheTokenToChangeConfig() throws Exception {
        Pipeline p = pipeline(TestScenes.config(), PipelineOptions.offline());
        // bound to loopback, but marked exposed as a non-loopback bind would be
        LiveServer s = server(loopback().exposedWithToken("s3cret-token"), p, null);
        String body = "fft_size: 256";
        HttpResponse<String> none = put(s, "/api/config/spectrogram", body);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(json(none).get("error").asText()).contains("Authorization: Bearer");
        assertThat(put(s, "/api/config/spectrogram", body, "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(put(s, "/api/config/spectrogram", body, "Authorization", "s3cret-token").statusCode()).isEqualTo(401);
        assertThat(p.config().spectrogram().fftSize()).isEqualTo(512);
        assertThat(put(s, "/api/config/spectrogram", body, "Authorization", "Bearer s3cret-token").statusCode()).isEqualTo(200);
        assertThat(p.config().spectrogram().fftSize()).isEqualTo(256);
        // reading needs no token
        assertThat(get(s, "/api/config").statusCode()).isEqualTo(200);

        assertThat(ServerOptions.of("0.0.0.0", 8080, null).exposed()).isTrue();
        assertThat(ServerOptions.of("0.0.0.0", 8080, null).token()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(ServerOptions.of("127.0.0.1", 8080, null).exposed()).isFalse();
        assertThat(ServerOptions.of("localhost", 8080, null).exposed()).isFalse();
        assertThat(ServerOptions.of("::1", 8080, null).exposed()).isFalse();
        assertThat(ServerOptions.of("192.168.1.10", 8080, "t").exposed()).isTrue();
    }

    @Test
    void crossOriginWritesAndForeignHostsAreRefused() throws Exception {
        Pipeline p = pipeline(TestScenes.config(), PipelineOptions.offline());
        LiveServer s = server(loopback(), p, null);
        HttpResponse<String> r = put(s, "/api/config/spectrogram", "fft_size: 256", "Origin", "http://evil.example");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(p.config().spectrogram().fftSize()).isEqualTo(512);
        String own = "http://127.0.0.1:" + s.port();
        assertThat(put(s, "/api/config/spectrogram", "fft_size: 256", "Origin", own).statusCode()).isEqualTo(200);

        // DNS rebinding: a request naming another host is refused while bound to loopback
        try (Socket sock = new Socket("127.0.0.1", s.port())) {
            OutputStream out = sock.getOutputStream();
            out.write(("GET /api/health HTTP/1.1\r\nHost: evil.example:" + s.port() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(sock.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertThat(status).startsWith("HTTP/1.1 403");
        }
    }

    @Test
    void databasePasswordsAreNeverSentAndSurviveARoundTrip() throws Exception {
        G20Config cfg = TestScenes.config().withDatabase(new DatabaseConfig("postgresql://g20:hunter2@db.local:5433/tracks", 50, 500, 1000));
        Pipeline p = pipeline(cfg, PipelineOptions.offline());
        LiveServer s = server(loopback(), p, null);
        HttpResponse<String> got = get(s, "/api/config/database");
        assertThat(got.body()).doesNotContain("hunter2").contains("postgresql://g20:***@db.local:5433/tracks");
        assertThat(get(s, "/api/config").body()).doesNotContain("hunter2");
        HttpResponse<String> r = put(s, "/api/config/database", got.body().replace("\"batch_size\":50", "\"batch_size\":64"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("applied").asBoolean()).isFalse();
        assertThat(p.config().database()).isEqualTo(new DatabaseConfig("postgresql://g20:hunter2@db.local:5433/tracks", 64, 500, 1000));
        HttpResponse<String> other = put(s, "/api/config/database", "connection_string: postgresql://g20:***@elsewhere/tracks");
        assertThat(other.statusCode()).isEqualTo(400);
        assertThat(json(other).get("error").asText()).contains("redacted password");
    }

    // one metric sample: name{labels} value
    static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\"(,[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\")*)?})? (-?[0-9.]+(e[+-]?[0-9]+)?|NaN|[+-]Inf)$");

    @Test
    void metricsAreValidPrometheusTextAndHealthFollowsThePipeline() throws Exception {
        Pipeline p = pipeline(TestScenes.config(), PipelineOptions.offline());
        LiveServer s = server(loopback(), p, null);
        s.addMetric("g20_store_queue_depth", "gauge", "Track rows waiting to be written.", () -> 42);
        p.addListener(s);
        JsonNode health = json(get(s, "/api/health"));
        assertThat(health.get("status").asText()).isEqualTo("running");
        assertThat(health.get("source").get("sample_rate_hz").asDouble()).isEqualTo(TestScenes.FS);
        p.start();
        assertThat(p.awaitCompletion(30_000)).isTrue();
        Thread.sleep(200); // the end event reaches the server's encoder thread

        HttpResponse<String> r = get(s, "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        Set<String> typed = new HashSet<>();
        Set<String> sampled = new HashSet<>();
        for (String line : r.body().split("\n")) {
            if (line.startsWith("# HELP ")) continue;
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                assertThat(parts).hasSize(4);
                assertThat(parts[3]).isIn("counter", "gauge", "summary");
                assertThat(typed.add(parts[2])).as("one TYPE per family: " + parts[2]).isTrue();
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("sample line: " + line).isTrue();
            String family = m.group(1).replaceAll("_count$", "");
            assertThat(typed).as("TYPE before samples of " + family).contains(family);
            sampled.add(m.group(1));
        }
        assertThat(sampled).contains("g20_source_samples_total", "g20_frames_total", "g20_queue_drops_total",
                "g20_inference_seconds", "g20_latency_seconds", "g20_tracks_active", "g20_ws_clients", "g20_config_info");
        long frames = p.metrics().framesTracked.sum();
        assertThat(frames).isPositive();
        assertThat(r.body()).contains("g20_frames_total{stage=\"tracker\"} " + frames + "\n")
                .contains("g20_config_info{config_hash=\"" + TestScenes.spectrogram().hash() + "\"} 1\n")
                .contains("g20_source_samples_total " + Math.round(TestScenes.FS) + "\n")
                .contains("# TYPE g20_store_queue_depth gauge\ng20_store_queue_depth 42\n");

        health = json(get(s, "/api/health"));
        assertThat(health.get("status").asText()).isEqualTo("ended");
        assertThat(health.get("frames").asLong()).isEqualTo(frames);
    }

    @Test
    void storedTracksByFrameTimeAndTrackId() throws Exception {
        Path db = dir.resolve("tracks-" + System.nanoTime() + ".db");
        AsyncTrackLogger logger = AsyncTrackLogger.start(new DatabaseConfig("sqlite:" + db, 50, 100, 10_000), "test");
        Pipeline p = new Pipeline(PipelineComponents.of(Sources.openFile(scene, null, null, null), TestScenes.config(),
                (i, sc) -> new EnergyDetector(), RFSignalTracker::new, logger), PipelineOptions.offline());
        p.runToEnd(); // stops the logger: every row written
        TrackStore store = TrackStore.open(logger.target());
        toClose.add(store);
        long rows = store.count();
        assertThat(rows).isEqualTo(p.metrics().trackRowsLogged.sum()).isPositive();

        Pipeline idle = pipeline(TestScenes.config(), PipelineOptions.offline());
        LiveServer s = server(loopback(), idle, store::query);

        JsonNode r = json(get(s, "/api/tracks?from_frame=5&to_frame=9"));
        assertThat(r.get("count").asInt()).isPositive().isEqualTo(r.get("tracks").size());
        long lastFrame = -1;
        for (JsonNode t : r.get("tracks")) {
            long f = t.get("frame_id").asLong();
            assertThat(f).isBetween(5L, 9L).isGreaterThanOrEqualTo(lastFrame);
            lastFrame = f;
            assertThat(t.get("config_hash").asText()).isEqualTo(TestScenes.spectrogram().hash());
            assertThat(t.get("display_box")).hasSize(4);
            assertThat(t.has("freq_center_hz")).isTrue();
        }
        long id = r.get("tracks").get(0).get("track_id").asLong();
        JsonNode one = json(get(s, "/api/tracks?track_id=" + id));
        assertThat(one.get("tracks")).allSatisfy(t -> assertThat(t.get("track_id").asLong()).isEqualTo(id));
        long ts = r.get("tracks").get(0).get("timestamp_ns").asLong();
        JsonNode byTime = json(get(s, "/api/tracks?from_ns=" + ts + "&to_ns=" + ts));
        assertThat(byTime.get("tracks")).isNotEmpty()
                .allSatisfy(t -> assertThat(t.get("timestamp_ns").asLong()).isEqualTo(ts));
        assertThat(json(get(s, "/api/tracks?from_frame=0&limit=3")).get("tracks")).hasSize(3);

        HttpResponse<String> bad = get(s, "/api/tracks?from_frame=abc");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("error").asText()).isEqualTo("query parameter 'from_frame' must be an integer, got 'abc'");
        assertThat(get(s, "/api/tracks?from_frame=9&to_frame=5").statusCode()).isEqualTo(400);

        LiveServer none = server(loopback(), idle, null);
        assertThat(get(none, "/api/tracks?from_frame=0").statusCode()).isEqualTo(503);
    }

    @Test
    void servesTheViewer() throws Exception {
        Pipeline p = pipeline(TestScenes.config(), PipelineOptions.offline());
        LiveServer s = server(loopback(), p, null);
        HttpResponse<String> page = get(s, "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<canvas id=\"plot\"").contains("g20.js");
        assertThat(get(s, "/g20.js").body()).contains("window.g20State");
        assertThat(get(s, "/g20.css").statusCode()).isEqualTo(200);
    }
}
