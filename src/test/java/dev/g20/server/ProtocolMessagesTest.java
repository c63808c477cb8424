package dev.g20.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.g20.config.G20Config;
import dev.g20.detect.Box;
import dev.g20.pipeline.PipelineListener.ConfigChange;
import dev.g20.store.StoredTrack;
import dev.g20.testing.TestScenes;
import dev.g20.track.MotionMode;
import dev.g20.track.Track;
import dev.g20.track.TrackState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each protocol record, serialised as the server sends it, has exactly the field names, in the
 * same order, of its example in docs/protocol.md; and every record has an example there.
 */
class ProtocolMessagesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The first ```json block under each "### " heading of docs/protocol.md. */
    static final Map<String, JsonNode> EXAMPLES = new HashMap<>();
    static String doc;

    static final G20Config CFG = TestScenes.config();
    static final SourceSummary SOURCE = new SourceSummary("file.sigmf-meta", 1e8, 2.048e6, 1_716_800_000_000_000_000L, true);
    static final Box BOX = new Box(0.412, 0.0, 0.447, 1.0);
    static final Track TRACK = new Track(7, 2, "fm", BOX, BOX, 0.83, TrackState.CONFIRMED, 0, 31, MotionMode.STATIONARY,
            0, 0, 99_859_375, 67_500, 11, 42);
    static final StoredTrack STORED = new StoredTrack(5121, 7, 42, 1_716_800_000_123_456_789L, "80c62598fd8f1d6c", 2, "fm",
            0.83, TrackState.CONFIRMED, BOX, BOX, 99_859_375, 67_500, MotionMode.STATIONARY, 0, 0, 31, 0, 11, 42,
            "2024-05-27T08:53:20.123Z");

    static final dev.g20.emitter.Emitter EMITTER = new dev.g20.emitter.Emitter(42, "host-01", "fsk",
            Map.of("fsk", 0.91, "psk", 0.09), dev.g20.emitter.EmitterState.ACTIVE, 1_716_800_000_000_000_000L,
            1_716_800_012_500_000_000L, 11, 250, 433.92e6, 25e3, 433.9075e6, 433.9325e6, 21.5, 14.2, 6, 0.31, 0.25, 1.0,
            null, null, null, null, List.of(7L, 19L, 23L), "80c62598fd8f1d6c");

    @BeforeAll
    static void readDoc() throws Exception {
        doc = Files.readString(Path.of("docs", "protocol.md"));
        String heading = null;
        StringBuilder block = null;
        for (String line : doc.split("\n")) {
            if (block != null) {
                if (line.equals("```")) {
                    EXAMPLES.putIfAbsent(heading, JSON.readTree(block.toString()));
                    block = null;
                } else {
                    block.append(line).append('\n');
                }
            } else if (line.startsWith("### ")) {
                heading = line.substring(4);
            } else if (line.equals("```json")) {
                block = new StringBuilder();
            }
        }
    }

    /** The field names of an object, in order. */
    static List<String> names(JsonNode object) {
        assertThat(object.isObject()).as("an object: %s", object).isTrue();
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    static JsonNode sent(Object message) throws Exception {
        return JSON.readTree(ProtocolJson.write(message));
    }

    static JsonNode example(String heading) {
        assertThat(EXAMPLES).as("docs/protocol.md has a json example under '### %s'", heading).containsKey(heading);
        return EXAMPLES.get(heading);
    }

    /** The field names of the first inline {...} after {@code marker} in the doc's text. */
    static List<String> inlineNames(String marker) {
        int at = doc.indexOf(marker);
        assertThat(at).as("docs/protocol.md mentions %s", marker).isNotNegative();
        int from = doc.indexOf('{', at);
        String line = doc.substring(from, doc.indexOf('\n', from));
        List<String> out = new ArrayList<>();
        for (Matcher m = Pattern.compile("\"(\\w+)\":").matcher(line); m.find(); ) out.add(m.group(1));
        return out;
    }

    /** One sample of every WebSocket message, under its section heading. */
    static Map<String, ServerMessage> webSocketSamples() {
        ConfigChange change = new ConfigChange(dev.g20.config.ConfigFile.SPECTROGRAM, CFG, "80c62598fd8f1d6c", CFG.spectrogram().hash(), true);
        Map<String, ServerMessage> m = new LinkedHashMap<>();
        m.put("`hello`", ServerMessage.Hello.of(CFG, ServerOptions.of("127.0.0.1", 0, null), SOURCE, 1234));
        m.put("`tracks`", new ServerMessage.Tracks(42, 1_716_800_000_123_456_789L, "80c62598fd8f1d6c", List.of(TRACK)));
        m.put("`stats` (every second)", new ServerMessage.Stats(19.5, 1e7, 1234, 1233, 5, 3, 0, 3.2, 8.1, 12, 30.1, 1, 0));
        m.put("`config`", ServerMessage.Config.of(change));
        m.put("`skipped`", new ServerMessage.Skipped(448, 1792));
        m.put("`end`", ServerMessage.End.of(null));
        m.put("`emitter`", new ServerMessage.EmitterEvent(EmitterFeed.Event.UPDATE, EMITTER));
        return m;
    }

    @Test
    void everyWebSocketMessageHasTheDocumentedTypeAndFieldNames() throws Exception {
        Map<String, ServerMessage> samples = webSocketSamples();
        assertThat(samples.values()).extracting(Object::getClass).as("a sample of every ServerMessage record")
                .containsExactlyInAnyOrder(ServerMessage.class.getPermittedSubclasses());
        for (Map.Entry<String, ServerMessage> e : samples.entrySet()) {
            JsonNode doc = example(e.getKey()), got = sent(e.getValue());
            assertThat(names(got)).as(e.getKey()).containsExactlyElementsOf(names(doc));
            assertThat(got.get("type").asText()).as(e.getKey()).isEqualTo(doc.get("type").asText());
            assertThat(e.getKey()).startsWith("`" + got.get("type").asText() + "`");
        }
        JsonNode hello = sent(samples.get("`hello`")), helloDoc = example("`hello`");
        assertThat(names(hello.get("source"))).containsExactlyElementsOf(names(helloDoc.get("source")));
        assertThat(names(hello.get("config"))).containsExactlyElementsOf(names(helloDoc.get("config")));
        assertThat(hello.get("colormap_rgb")).hasSize(256);
        JsonNode tracksDoc = example("`tracks`");
        assertThat(names(sent(samples.get("`tracks`")).get("tracks").get(0)))
                .containsExactlyElementsOf(names(tracksDoc.get("tracks").get(0)));
        assertThat(names(sent(samples.get("`config`")).get("config"))).containsExactlyElementsOf(names(example("`config`").get("config")));
        assertThat(names(sent(samples.get("`emitter`")).get("emitter"))).containsExactlyElementsOf(names(example("`emitter`").get("emitter")));
    }

    @Test
    void messagesAreWrittenAsBeforeTheyWereRecords() {
        // the skipped notice used to be formatted by hand; the record writes the same bytes
        assertThat(ProtocolJson.write(new ServerMessage.Skipped(448, 1792))).isEqualTo("{\"type\":\"skipped\",\"rows\":448,\"total_rows\":1792}");
        assertThat(ProtocolJson.write(ServerMessage.End.of(new IllegalStateException("detector died\n  at somewhere"))))
                .isEqualTo("{\"type\":\"end\",\"reason\":\"failed: detector died\"}");
        assertThat(ProtocolJson.write(new ApiResponse.ErrorBody("no track store in this run")))
                .isEqualTo("{\"error\":\"no track store in this run\"}");
    }

    @Test
    void everyRestBodyHasTheDocumentedFieldNames() throws Exception {
        ApiResponse.Health health = new ApiResponse.Health(ApiResponse.HealthStatus.RUNNING, null, 12.3, "80c62598fd8f1d6c",
                SOURCE, 1234, 1233, 5, 0, 1, ServerMessage.PROTOCOL_VERSION);
        Map<ApiResponse, List<String>> documented = new LinkedHashMap<>();
        documented.put(new ApiResponse.ErrorBody("x"), inlineNames("errors are"));
        documented.put(new ApiResponse.ConfigDocument(CFG.spectrogram().hash(), ConfigFiles.of(CFG)), names(example("`GET /api/config`")));
        documented.put(new ApiResponse.ConfigApplied("spectrogram", "a", "b", true, ConfigJson.spectrogram(CFG.spectrogram())),
                inlineNames("* 200: "));
        documented.put(new ApiResponse.TrackRows(1, 1000, List.of(STORED)), names(example("`GET /api/tracks`")));
        documented.put(health, names(example("`GET /api/health`")));
        assertThat(documented.keySet()).extracting(Object::getClass).as("a sample of every ApiResponse record")
                .containsExactlyInAnyOrder(ApiResponse.class.getPermittedSubclasses());
        for (Map.Entry<ApiResponse, List<String>> e : documented.entrySet()) {
            assertThat(e.getValue()).as("documented names of %s", e.getKey().getClass().getSimpleName()).isNotEmpty();
            assertThat(names(sent(e.getKey()))).as(e.getKey().getClass().getSimpleName()).containsExactlyElementsOf(e.getValue());
        }
        assertThat(inlineNames("errors are")).containsExactly("error");

        JsonNode rows = sent(documented.keySet().stream().filter(r -> r instanceof ApiResponse.TrackRows).findFirst().orElseThrow());
        assertThat(names(rows.get("tracks").get(0))).containsExactlyElementsOf(names(example("`GET /api/tracks`").get("tracks").get(0)));
        JsonNode healthDoc = example("`GET /api/health`");
        assertThat(names(sent(health).get("source"))).containsExactlyElementsOf(names(healthDoc.get("source")));

        // an ended or failed run adds the reason after the status; the statuses are the documented words
        List<String> withReason = new ArrayList<>(names(healthDoc));
        withReason.add(1, "reason");
        ApiResponse.Health ended = new ApiResponse.Health(ApiResponse.HealthStatus.of("source ended"), "source ended", 1, "h",
                SOURCE, 0, -1, 0, 0, 0, 1);
        assertThat(names(sent(ended))).containsExactlyElementsOf(withReason);
        assertThat(Arrays.stream(ApiResponse.HealthStatus.values()).map(ProtocolMessagesTest::sent0)).containsExactly("\"running\"", "\"ended\"", "\"failed\"");
        assertThat(ApiResponse.HealthStatus.of(null)).isEqualTo(ApiResponse.HealthStatus.RUNNING);
        assertThat(ApiResponse.HealthStatus.of("failed: x")).isEqualTo(ApiResponse.HealthStatus.FAILED);
        for (String status : List.of("`running`", "`ended`", "`failed`")) assertThat(doc).contains("`status`: `running`").contains(status);
    }

    static String sent0(Object o) {
        return ProtocolJson.write(o);
    }
}
