package dev.g20.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g20.emitter.Emitter;
import dev.g20.emitter.EmitterState;
import dev.g20.pipeline.Pipeline;
import dev.g20.pipeline.PipelineComponents;
import dev.g20.pipeline.PipelineOptions;
import dev.g20.source.Sources;
import dev.g20.store.AsyncTrackLogger;
import dev.g20.store.EmitterStore;
import dev.g20.store.StoreTarget;
import dev.g20.testing.TestScenes;
import dev.g20.detect.EnergyDetector;
import dev.g20.track.RFSignalTracker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static dev.g20.emitter.SampleEmitters.fsk;
import static dev.g20.emitter.SampleEmitters.hopper;
import static dev.g20.emitter.SampleEmitters.later;
import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/emitters and the WebSocket emitter messages, on a real live server and a real SQLite store. */
@Timeout(60)
class EmitterServerTest {
    @TempDir
    static Path dir;
    static Path scene;
    final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void writeScene() throws Exception {
        scene = TestScenes.write(dir, "scene", 1.0);
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : toClose.reversed()) c.close();
    }

    LiveServer server(EmitterRoutes routes) {
        Pipeline p = new Pipeline(PipelineComponents.of(Sources.openFile(scene, null, null, null), TestScenes.config(),
                (i, sc) -> new EnergyDetector(), RFSignalTracker::new, null), PipelineOptions.offline());
        toClose.add(p);
        LiveServer s = new LiveServer(LiveServerTest.loopback(), p, p.metrics(), p.sourceInfo(), null).addRoutes(routes).start();
        toClose.add(s);
        return s;
    }

    @Test
    void restFiltersLikeTheCommandLine() throws Exception {
        StoreTarget t = StoreTarget.parse("sqlite:" + dir.resolve("emitters.db"), "test");
        AsyncTrackLogger l = AsyncTrackLogger.start(t, new AsyncTrackLogger.Options(50, 20, 1000, 20, 200, 5000));
        l.onEmitter(fsk(1, 433.92e6, 0, 10, EmitterState.CLOSED));
        l.onEmitter(hopper(2, 5, 20, EmitterState.ACTIVE));
        l.stop();
        EmitterStore store = EmitterStore.open(t);
        toClose.add(store);
        LiveServer s = server(new EmitterRoutes(store::query, Clock.systemUTC()));

        JsonNode all = LiveServerTest.json(LiveServerTest.get(s, "/api/emitters"));
        assertThat(all.get("count").asInt()).isEqualTo(2);
        assertThat(all.get("emitters").get(0).get("emitter_id").asLong()).isEqualTo(1);
        assertThat(all.get("emitters").get(0).get("class_votes").get("fsk").asDouble()).isEqualTo(0.875);
        assertThat(ids(s, "?band=" + enc("433.0e6:434.8e6"))).containsExactly(1L);
        assertThat(ids(s, "?class=hopper")).containsExactly(2L);
        assertThat(ids(s, "?active=true")).containsExactly(2L);
        assertThat(ids(s, "?since=" + enc("2024-05-01T12:00:15Z"))).containsExactly(2L);
        assertThat(ids(s, "?until=" + enc("2024-05-01T12:00:02Z") + "&limit=5")).containsExactly(1L);

        assertError(s, "?band=433e6", "band: bad band '433e6' (want LO:HI in Hz, e.g. 433.0e6:434.8e6)");
        assertError(s, "?since=soon", "since: bad time 'soon'");
        assertError(s, "?active=maybe", "active: must be true or false, got 'maybe'");
        assertError(s, "?limit=x", "limit: must be an integer, got 'x'");
        assertError(s, "?limit=0", "limit: must be >= 1, got 0");
    }

    @Test
    void noStoreIs503() throws Exception {
        LiveServer s = server(new EmitterRoutes(null, Clock.systemUTC()));
        HttpResponse<String> r = LiveServerTest.get(s, "/api/emitters");
        assertThat(r.statusCode()).isEqualTo(503);
    }

    @Test
    void webSocketGetsOpenRateLimitedUpdatesAndClose() throws Exception {
        LiveServer s = server(new EmitterRoutes(null, Clock.systemUTC()));
        EmitterFeed feed = new EmitterFeed(s::broadcast, EmitterFeed.DEFAULT_MIN_INTERVAL_NS);
        toClose.add(feed);
        try (WsClient ws = new WsClient("ws://127.0.0.1:" + s.port() + "/ws", false)) {
            ws.nextJson("hello", 5000);
            Emitter e = fsk(7, 433.92e6, 0, 1, EmitterState.ACTIVE);
            feed.onEmitter(e);
            JsonNode open = ws.nextJson("emitter", 5000);
            assertThat(open.get("event").asText()).isEqualTo("open");
            assertThat(open.get("emitter").get("emitter_id").asLong()).isEqualTo(7);
            assertThat(open.get("emitter").get("state").asText()).isEqualTo("active");

            // 40 updates over ~1 s: at most 2 per second reach the client, the newest last.
            long start = System.nanoTime();
            Emitter u = e;
            for (int i = 1; i <= 40; i++) {
                u = later(e, 1 + i * 0.025, EmitterState.ACTIVE);
                feed.onEmitter(u);
                Thread.sleep(25);
            }
            Thread.sleep(700); // the last pending update goes out within one interval
            double seconds = (System.nanoTime() - start) / 1e9;
            feed.onEmitter(later(u, 3, EmitterState.CLOSED));
            List<JsonNode> updates = new ArrayList<>();
            JsonNode m;
            while (!(m = ws.nextJson("emitter", 5000)).get("event").asText().equals("close")) updates.add(m);
            assertThat(updates).allSatisfy(x -> assertThat(x.get("event").asText()).isEqualTo("update"));
            assertThat(updates.size()).isBetween(1, (int) Math.ceil(seconds * 2) + 1);
            assertThat(updates.getLast().get("emitter").get("last_seen_ns").asLong()).isEqualTo(u.lastSeenNs());
            assertThat(m.get("emitter").get("state").asText()).isEqualTo("closed");
            assertThat(feed.coalesced.sum()).isGreaterThanOrEqualTo(40 - updates.size() - 1);
        }
    }

    private static List<Long> ids(LiveServer s, String query) throws Exception {
        JsonNode r = LiveServerTest.json(LiveServerTest.get(s, "/api/emitters" + query));
        List<Long> out = new ArrayList<>();
        for (JsonNode e : r.get("emitters")) out.add(e.get("emitter_id").asLong());
        return out;
    }

    private static void assertError(LiveServer s, String query, String message) throws Exception {
        HttpResponse<String> r = LiveServerTest.get(s, "/api/emitters" + query);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(LiveServerTest.json(r).get("error").asText()).startsWith(message);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
