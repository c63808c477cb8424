package dev.g20.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.g20.config.G20Config;
import dev.g20.emitter.Emitter;
import dev.g20.emitter.EmitterState;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.g20.emitter.SampleEmitters.fsk;
import static dev.g20.emitter.SampleEmitters.hopper;
import static dev.g20.emitter.SampleEmitters.later;
import static org.assertj.core.api.Assertions.assertThat;

/** Rules on emitter snapshots, delivered to a real HTTP receiver and a real Mosquitto broker. */
@Timeout(60)
class AlertEngineTest {
    @TempDir
    Path dir;
    final List<AutoCloseable> toClose = new ArrayList<>();
    static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : toClose.reversed()) c.close();
    }

    /** A webhook receiver: answers each request with the next status of {@code statuses} (then 200), keeps the bodies. */
    record Receiver(HttpServer server, BlockingQueue<String> bodies, BlockingQueue<String> rules, AtomicInteger requests) {
        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }
    }

    Receiver receiver(int... statuses) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        Receiver r = new Receiver(s, new LinkedBlockingQueue<>(), new LinkedBlockingQueue<>(), new AtomicInteger());
        s.createContext("/hook", ex -> {
            int n = r.requests().getAndIncrement();
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = n < statuses.length ? statuses[n] : 200;
            if (status == 200) {
                r.bodies().add(body);
                r.rules().add(ex.getRequestHeaders().getFirst("X-G20-Rule") + "/" + ex.getRequestHeaders().getFirst("X-G20-When"));
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        s.start();
        toClose.add(() -> s.stop(0));
        return r;
    }

    AlertEngine engine(String yaml) {
        AlertEngine e = AlertEngine.start(G20Config.parseYaml("alerts.yaml", yaml, AlertsConfig::from));
        toClose.add(e);
        return e;
    }

    @Test
    void whenConditionsAndFiltersDecideWhatIsPosted() throws Exception {
        Receiver r = receiver();
        String hook = "{webhook: {url: '" + r.url() + "', retries: 0}}";
        AlertEngine a = engine("""
                rules:
                  - {name: fsk-new, band: [433.0e6, 434.8e6], classes: [fsk], min_snr_db: 10, when: new, actions: [%1$s]}
                  - {name: long, min_duration_s: 5, when: new, actions: [%1$s]}
                  - {name: closed, classes: [fsk], when: closed, actions: [%1$s]}
                  - {name: active, classes: [hopper], when: active, repeat: 10s, actions: [%1$s]}
                """.formatted(hook));
        Emitter e = fsk(1, 433.92e6, 0, 1, EmitterState.ACTIVE);          // SNR 12.5: fsk-new fires
        a.onEmitter(e);
        a.onEmitter(later(e, 3, EmitterState.ACTIVE));                      // nothing new
        a.onEmitter(later(e, 6, EmitterState.ACTIVE));                      // now 6 s long: "long" fires
        a.onEmitter(later(e, 7, EmitterState.CLOSED));                      // closed fires
        a.onEmitter(fsk(2, 868.3e6, 0, 1, EmitterState.ACTIVE));            // outside the band: nothing
        a.onEmitter(fsk(3, 434.0e6, 0, 1, EmitterState.ACTIVE) instanceof Emitter x
                ? new Emitter(3, "sensor-a", "fsk", x.classVotes(), x.state(), x.firstSeenNs(), x.lastSeenNs(), 0, 0, x.freqCenterHz(),
                x.bandwidthHz(), x.freqMinHz(), x.freqMaxHz(), 9, 8, 1, 1, 1, null, null, null, null, null, List.of(), null) : null); // SNR 8: no
        Emitter h = hopper(4, 0, 1, EmitterState.ACTIVE);
        // active every 10 s of emitter time (at 1, 11, 21 s); 5 s long at 5 s
        for (int s = 1; s <= 25; s++) a.onEmitter(later(h, s, EmitterState.ACTIVE));
        List<String> fired = new ArrayList<>();
        for (int i = 0; i < 7; i++) fired.add(r.rules().poll(10, TimeUnit.SECONDS));
        assertThat(fired).containsExactly("fsk-new/new", "long/new", "closed/closed", "active/active", "long/new", "active/active",
                "active/active");
        a.close();
        assertThat(r.rules()).isEmpty();
        JsonNode body = JSON.readTree(r.bodies().poll());
        assertThat(body.get("emitter_id").asLong()).isEqualTo(1);
        assertThat(body.get("class_name").asText()).isEqualTo("fsk");
        assertThat(body.get("state").asText()).isEqualTo("active");
        assertThat(a.metrics()).isEqualTo(new AlertMetrics(7, 7, 0, 0, 0));
    }

    @Test
    void newInBandSinceFiresOnlyForAnEmitterUnlikeRecentOnes() throws Exception {
        Receiver r = receiver();
        AlertEngine a = engine("rules: [{name: novel, when: new_in_band_since, since: 1h, actions: [{webhook: {url: '"
                + r.url() + "'}}]}]");
        a.seedHistory(List.of(fsk(100, 433.92e6, -600, -500, EmitterState.CLOSED)));   // seen 10 minutes before
        a.onEmitter(fsk(1, 433.925e6, 0, 1, EmitterState.ACTIVE));           // same class, overlapping: not new
        a.onEmitter(fsk(2, 868.3e6, 0, 1, EmitterState.ACTIVE));             // another band: new
        a.onEmitter(hopper(3, 0, 1, EmitterState.ACTIVE));                   // another class and band: new
        a.onEmitter(fsk(4, 433.92e6, 7200, 7201, EmitterState.ACTIVE));      // two hours later: emitter 1 is too old... but 2 is elsewhere
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) ids.add(JSON.readTree(r.bodies().poll(10, TimeUnit.SECONDS)).get("emitter_id").asLong());
        a.close();
        assertThat(ids).containsExactly(2L, 3L, 4L);
        assertThat(r.bodies()).isEmpty();
    }

    @Test
    void failedWebhooksAreRetriedThenDroppedAndCounted() throws Exception {
        Receiver r = receiver(500, 503);           // two failures, then 200
        Receiver refusing = receiver(400, 400, 400);
        AlertEngine a = engine("""
                rules:
                  - {name: retried, when: new, actions: [{webhook: {url: '%s', retries: 3, backoff_ms: 10}}]}
                  - {name: refused, when: new, actions: [{webhook: {url: '%s', retries: 3, backoff_ms: 10}}]}
                  - {name: nobody, when: new, actions: [{webhook: {url: 'http://127.0.0.1:1/none', retries: 2, backoff_ms: 10, timeout_ms: 500}}]}
                """.formatted(r.url(), refusing.url()));
        a.onEmitter(fsk(1, 433.92e6, 0, 1, EmitterState.ACTIVE));
        assertThat(r.bodies().poll(10, TimeUnit.SECONDS)).contains("\"emitter_id\":1");
        a.close();
        assertThat(r.requests().get()).isEqualTo(3);
        assertThat(refusing.requests().get()).as("a 4xx is not retried").isEqualTo(1);
        // fired 3; sent 1; retried 2 (first hook) + 2 (nobody listening); dropped: refused + nobody
        assertThat(a.metrics()).isEqualTo(new AlertMetrics(3, 1, 4, 2, 0));
    }

    @Test
    void aFullQueueDropsAndCountsAndNeverBlocks() throws Exception {
        // A receiver that accepts connections and never answers: each delivery waits out its timeout.
        java.net.ServerSocket silent = new java.net.ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        toClose.add(silent);
        AlertEngine a = engine("queue_size: 2\nrules: [{when: new, actions: [{webhook: {url: 'http://127.0.0.1:" + silent.getLocalPort()
                + "/slow', timeout_ms: 2000, retries: 0}}]}]");
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) a.onEmitter(fsk(i, 433.92e6, 0, 1, EmitterState.ACTIVE));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(ms).as("onEmitter never waits for the webhook").isLessThan(1000);
        AlertMetrics m = a.metrics();
        assertThat(m.queueDropped()).isBetween(97L, 98L);
        assertThat(m.dropped()).isGreaterThanOrEqualTo(m.queueDropped());
    }

    @Test
    void mqttPublishesTheEmitterToARealBroker() throws Exception {
        Mosquitto broker = Mosquitto.start(dir);
        toClose.add(broker);
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        MqttClient sub = new MqttClient(broker.url(), "g20-test-sub", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        sub.connect(o);
        sub.subscribe("g20/alerts", 1, (topic, msg) -> got.add(topic + " " + new String(msg.getPayload(), StandardCharsets.UTF_8)));
        toClose.add(() -> {
            sub.disconnect();
            sub.close();
        });

        AlertEngine a = engine("rules: [{name: any, when: new, actions: [log, {mqtt: {broker: '" + broker.url()
                + "', topic: g20/alerts, qos: 1, retries: 1, backoff_ms: 10, timeout_ms: 2000}}]}]");
        a.onEmitter(hopper(9, 0, 1, EmitterState.ACTIVE));
        String m = got.poll(10, TimeUnit.SECONDS);
        assertThat(m).startsWith("g20/alerts {");
        JsonNode body = JSON.readTree(m.substring("g20/alerts ".length()));
        assertThat(body.get("emitter_id").asLong()).isEqualTo(9);
        assertThat(body.get("hop_count").asInt()).isEqualTo(60);
        a.close();
        assertThat(a.metrics()).isEqualTo(new AlertMetrics(1, 2, 0, 0, 0)); // log + mqtt
    }

    @Test
    void anMqttBrokerThatIsDownIsRetriedThenCountedDropped() throws Exception {
        Mosquitto broker = Mosquitto.start(dir);
        String url = broker.url();
        broker.close(); // nothing listens there now
        AlertEngine a = engine("rules: [{when: new, actions: [{mqtt: {broker: '" + url
                + "', topic: g20/alerts, retries: 2, backoff_ms: 10, timeout_ms: 1000}}]}]");
        a.onEmitter(hopper(9, 0, 1, EmitterState.ACTIVE));
        a.close();
        assertThat(a.metrics()).isEqualTo(new AlertMetrics(1, 0, 2, 1, 0));
    }
}
