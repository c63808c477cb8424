package dev.g20.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g20.pipeline.Pipeline;
import dev.g20.pipeline.PipelineComponents;
import dev.g20.pipeline.PipelineMetrics;
import dev.g20.pipeline.PipelineOptions;
import dev.g20.source.SourceInfo;
import dev.g20.source.Sources;
import dev.g20.spectrogram.Colormap;
import dev.g20.spectrogram.SpectrogramFrame;
import dev.g20.testing.TestScenes;
import dev.g20.detect.EnergyDetector;
import dev.g20.track.RFSignalTracker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The WebSocket stream: hello, binary rows, tracks, config events, stats, slow clients. */
@Timeout(60)
class LiveWebSocketTest {
    @TempDir
    static Path dir;
    static Path scene;
    final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void writeScene() throws Exception {
        scene = TestScenes.write(dir, "scene", 3.0);
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : toClose.reversed()) c.close();
    }

    /** A decoded row header (docs/protocol.md). */
    record Row(int magic, int version, int headerLen, long frameId, long timestampNs, double fc, double fs, String hash,
               int row, int rows, int bins, int sourceBins, byte[] levels) {
        static Row of(ByteBuffer b) {
            byte[] h = new byte[16];
            b.position(40);
            b.get(h);
            String hash = new String(h, StandardCharsets.US_ASCII).replace("\0", "");
            int bins = b.getInt(64);
            byte[] levels = new byte[bins];
            b.position(b.getShort(6));
            b.get(levels);
            return new Row(b.getInt(0), b.getShort(4), b.getShort(6), b.getLong(8), b.getLong(16), b.getDouble(24),
                    b.getDouble(32), hash, b.getInt(56), b.getInt(60), bins, b.getInt(68), levels);
        }
    }

    @Test
    void helloRowsTracksConfigAndStats() throws Exception {
        Pipeline p = new Pipeline(PipelineComponents.of(Sources.openFile(scene, null, null, null), TestScenes.config(),
                (i, sc) -> new EnergyDetector(), RFSignalTracker::new, null),
                PipelineOptions.live(true).withStatusInterval(0));
        toClose.add(p);
        // 128 display bins (max-hold over 4 source bins), 200 display rows per second of signal
        LiveServer s = new LiveServer(ServerOptions.of("127.0.0.1", 0, null).withDisplay(128, 200), p, p.metrics(),
                p.sourceInfo(), null).start();
        toClose.add(s);
        p.addListener(s);
        WsClient ws = new WsClient("ws://127.0.0.1:" + s.port() + "/ws", false);
        toClose.add(ws);

        JsonNode hello = (JsonNode) ws.next(5000);
        assertThat(hello.get("type").asText()).isEqualTo("hello");
        assertThat(hello.get("protocol_version").asInt()).isEqualTo(1);
        assertThat(hello.get("config_hash").asText()).isEqualTo(TestScenes.spectrogram().hash());
        assertThat(hello.get("colormap").asText()).isEqualTo("viridis");
        assertThat(hello.get("colormap_rgb")).hasSize(256);
        assertThat(hello.get("colormap_rgb").get(0).asInt()).isEqualTo(Colormap.VIRIDIS.rgb(0)).isEqualTo(0x440154);
        assertThat(hello.get("source").get("center_freq_hz").asDouble()).isEqualTo(TestScenes.FC);
        assertThat(hello.get("source").get("sample_rate_hz").asDouble()).isEqualTo(TestScenes.FS);
        assertThat(hello.get("config").get("spectrogram").get("fft_size").asInt()).isEqualTo(512);
        assertThat(hello.get("max_bins").asInt()).isEqualTo(128);

        p.start();
        SourceInfo info = p.sourceInfo();
        // rows per frame: 64 source rows at fs/hop = 1953 rows/s, capped at 200 display rows/s -> 7
        Row first = Row.of(ws.nextRow(b -> true, 10_000));
        assertThat(first.magic()).isEqualTo(WaterfallEncoder.MAGIC);
        assertThat(first.version()).isEqualTo(1);
        assertThat(first.headerLen()).isEqualTo(72);
        assertThat(first.frameId()).isZero();
        assertThat(first.row()).isZero();
        assertThat(first.rows()).isEqualTo(7);
        assertThat(first.bins()).isEqualTo(128);
        assertThat(first.sourceBins()).isEqualTo(512);
        assertThat(first.fc()).isEqualTo(TestScenes.FC);
        assertThat(first.fs()).isEqualTo(TestScenes.FS);
        assertThat(first.hash()).isEqualTo(TestScenes.spectrogram().hash());
        assertThat(first.timestampNs()).isEqualTo(info.timestampNs(0));
        // the signals are bright in their display bins (max-hold keeps them), the gaps are not
        for (int k = 0; k < 2; k++) {
            int bin = (int) (TestScenes.x(k) * 128);
            assertThat(first.levels()[bin] & 0xff).as("signal %d", k).isGreaterThan(200);
        }
        assertThat(first.levels()[(int) (0.45 * 128)] & 0xff).isLessThan(150);

        Row second = Row.of(ws.nextRow(b -> true, 5000));
        assertThat(second.frameId()).isZero();
        assertThat(second.row()).isEqualTo(1);
        // display row 1 starts at source row floor(64/7) = 9: 9 hops after the frame start
        assertThat(second.timestampNs()).isEqualTo(info.timestampNs(9 * 256));

        JsonNode tracks = ws.nextJson("tracks", 10_000);
        assertThat(tracks.get("frame_id").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(tracks.get("config_hash").asText()).isEqualTo(TestScenes.spectrogram().hash());
        JsonNode confirmed = null;
        for (int i = 0; i < 20 && confirmed == null; i++) {
            for (JsonNode t : tracks.get("tracks")) if (t.get("state").asText().equals("confirmed")) confirmed = t;
            if (confirmed == null) tracks = ws.nextJson("tracks", 5000);
        }
        assertThat(confirmed).as("a confirmed track within 20 frames").isNotNull();
        for (String field : List.of("track_id", "class_id", "class_name", "truth_box", "display_box", "confidence", "state",
                "age_frames", "hits", "motion_mode", "drift_rate_hz_per_sec", "drift_confidence", "freq_center_hz",
                "freq_bandwidth_hz", "first_seen_frame_id", "last_seen_frame_id")) {
            assertThat(confirmed.has(field)).as(field).isTrue();
        }
        assertThat(confirmed.get("display_box")).hasSize(4);

        JsonNode stats = ws.nextJson("stats", 3000);
        assertThat(stats.get("frames").asLong()).isPositive();
        assertThat(stats.has("inference_ms_p99")).isTrue();

        // a config change is announced, and the rows after it carry the new hash
        String next = "fft_size: 256\nrows_per_frame: 64\ncolormap: inferno\n";
        HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(s.url() + "api/config/spectrogram"))
                .PUT(HttpRequest.BodyPublishers.ofString(next)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(200);
        String newHash = p.config().spectrogram().hash();
        JsonNode cfg = ws.nextJson("config", 5000);
        assertThat(cfg.get("file").asText()).isEqualTo("spectrogram");
        assertThat(cfg.get("old_hash").asText()).isEqualTo(TestScenes.spectrogram().hash());
        assertThat(cfg.get("config_hash").asText()).isEqualTo(newHash);
        assertThat(cfg.get("colormap").asText()).isEqualTo("inferno");
        assertThat(cfg.get("colormap_rgb").get(255).asInt()).isEqualTo(Colormap.INFERNO.rgb(255));
        Row after = Row.of(ws.nextRow(b -> Row.of(b).hash().equals(newHash), 10_000));
        assertThat(after.sourceBins()).isEqualTo(256);
        assertThat(after.bins()).isEqualTo(128);

        p.close();
        JsonNode end = ws.nextJson("end", 5000);
        assertThat(end.get("reason").asText()).isEqualTo("source ended");
        assertThat(s.metrics().rowsSent.sum()).isPositive();
    }

    static SpectrogramFrame fakeFrame(long id, int rows, int bins) {
        byte[] levels = new byte[rows * bins];
        for (int i = 0; i < levels.length; i++) levels[i] = (byte) (id + i);
        return new SpectrogramFrame(id, 1_000_000L * id, "0123456789abcdef", 1e8, 1e6, id * rows * 512L, 512, rows, bins,
                new float[0], levels, new byte[0]);
    }

    @Test
    void aClientThatDoesNotReadIsSkippedAheadAndNeverSlowsThePipeline() throws Exception {
        Pipeline idle = new Pipeline(PipelineComponents.of(Sources.openFile(scene, null, null, null), TestScenes.config(),
                (i, sc) -> new EnergyDetector(), RFSignalTracker::new, null), PipelineOptions.offline());
        toClose.add(idle);
        PipelineMetrics pm = idle.metrics();
        // every source row shown (a huge row-rate cap), 2 frames of client backlog allowed
        LiveServer s = new LiveServer(ServerOptions.of("127.0.0.1", 0, null).withDisplay(1024, 1e9).withClientQueueFrames(2),
                idle, pm, idle.sourceInfo(), null).start();
        toClose.add(s);
        WsClient slow = new WsClient("ws://127.0.0.1:" + s.port() + "/ws", true);
        toClose.add(slow);
        assertThat(((JsonNode) slow.next(5000)).get("type").asText()).isEqualTo("hello");

        // 64 rows x 1096 bytes per frame; 800 frames = 56 MB, far more than socket buffers hold
        int frames = 800;
        long worstOfferNanos = 0;
        for (int i = 0; i < frames; i++) {
            long t = System.nanoTime();
            s.onFrame(fakeFrame(i, 64, 1024));
            worstOfferNanos = Math.max(worstOfferNanos, System.nanoTime() - t);
            if (i % 4 == 3) Thread.sleep(1); // let the encoder keep up, so rows reach the client queue
        }
        Thread.sleep(300);
        ServerMetrics m = s.metrics();
        assertThat(m.rowsSkipped.sum()).isPositive();
        assertThat(s.clientSkippedRows()).containsExactly(m.rowsSkipped.sum());
        assertThat(s.maxClientQueuedFrames()).isLessThanOrEqualTo(2);
        // a blocked onFrame would wait for ever on a client that never reads; the bound only has to
        // absorb scheduler and GC pauses on a loaded 2-core CI machine
        assertThat(worstOfferNanos / 1e6).as("onFrame never waits for a client (ms)").isLessThan(1000);
        // every frame the encoder got was either sent, skipped, or is still queued/in flight for the client
        long encoded = m.framesEncoded.sum();
        assertThat(encoded + m.framesDropped.sum()).isEqualTo(frames);

        // once it reads again it is told how much it missed; rows received + rows skipped = rows encoded
        slow.resume();
        long received = 0, noticed = 0, lastFrame = -1;
        while (lastFrame < frames - 1) {
            Object o = slow.next(10_000);
            if (o instanceof ByteBuffer b) {
                Row r = Row.of(b);
                assertThat(r.frameId()).isGreaterThanOrEqualTo(lastFrame);
                lastFrame = r.frameId();
                received++;
            } else if (o instanceof JsonNode j && j.get("type").asText().equals("skipped")) {
                noticed += j.get("rows").asLong();
                assertThat(j.get("total_rows").asLong()).isEqualTo(noticed);
            }
        }
        while (received % 64 != 0) { // the rest of the last frame
            if (slow.next(5000) instanceof ByteBuffer) received++;
        }
        assertThat(noticed).isEqualTo(m.rowsSkipped.sum()).isPositive();
        assertThat(received + noticed).isEqualTo(encoded * 64);
        assertThat(received).isLessThan(encoded * 64 / 2);
    }
}
