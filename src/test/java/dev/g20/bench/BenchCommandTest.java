package dev.g20.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.g20.cli.Main;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class BenchCommandTest {
    @Test
    void printsJsonWithSingleThreadAndAllCoresRates() throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.execute("bench", "--only", "stft", "--seconds", "0.2", "--fft-size", "1024", "--threads", "2", "--fft-backend", "cpu");
        } finally {
            System.setOut(saved);
        }
        assertThat(code).isEqualTo(0);
        JsonNode j = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(j.at("/machine/cores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(j.at("/machine/jvm").asText()).isNotBlank();
        JsonNode s = j.get("stft");
        assertThat(s.get("fft_size").asInt()).isEqualTo(1024);
        assertThat(s.get("hop").asInt()).isEqualTo(512);
        assertThat(s.get("backend").asText()).isEqualTo("cpu");
        for (String m : new String[]{"single_thread", "all_cores"}) {
            JsonNode r = s.get(m);
            assertThat(r.get("stft_rows_per_s").asDouble()).as(m).isGreaterThan(0);
            assertThat(r.get("stft_msps").asDouble()).isCloseTo(r.get("stft_rows_per_s").asDouble() * 512 / 1e6, org.assertj.core.data.Offset.offset(0.01));
        }
        assertThat(s.at("/single_thread/threads").asInt()).isEqualTo(1);
        assertThat(s.at("/all_cores/threads").asInt()).isEqualTo(2);
    }

    private static JsonNode bench(String... args) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.execute(args);
        } finally {
            System.setOut(saved);
        }
        assertThat(code).isEqualTo(0);
        return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void onlyStftRunsJustThatSection() throws Exception {
        JsonNode j = bench("bench", "--only", "stft", "--seconds", "0.2", "--fft-size", "1024", "--threads", "1", "--fft-backend", "cpu");
        assertThat(j.at("/stft/single_thread/stft_rows_per_s").asDouble()).isPositive();
        assertThat(j.at("/stft/single_thread/stft_msps").asDouble()).isPositive();
        assertThat(j.has("pipeline")).isFalse();
        assertThat(j.has("store")).isFalse();
    }

    @Test
    void pipelineSectionHasThroughputAndLatency() throws Exception {
        JsonNode j = bench("bench", "--only", "pipeline", "--seconds", "0.3", "--detector", "energy", "--fft-size", "1024");
        assertThat(j.has("stft")).isFalse();
        JsonNode p = j.get("pipeline");
        assertThat(p.get("detector").asText()).isEqualTo("energy");
        assertThat(p.get("sustainable_samples_per_second").asLong()).isPositive();
        assertThat(p.get("sustainable_msps").asDouble()).isCloseTo(p.get("sustainable_samples_per_second").asLong() / 1e6,
                org.assertj.core.data.Offset.offset(0.01));
        assertThat(p.get("frames").asLong()).isPositive();
        for (String k : new String[]{"latency_ms_p50", "latency_ms_p99", "inference_ms_p50", "realtime_factor"}) assertThat(p.has(k)).as(k).isTrue();
    }

    @Test
    void badOptionsAreUserErrors() {
        assertThat(Main.execute("bench", "--only", "gpu")).isEqualTo(2);
        assertThat(Main.execute("bench", "--fft-backend", "opencl")).isEqualTo(2);
        assertThat(Main.execute("bench", "--fft-size", "1000")).isEqualTo(2);
        assertThat(Main.execute("bench", "--seconds", "0")).isEqualTo(2);
    }

    @Test
    void reportKeepsSectionsInOrder() {
        BenchReport r = new BenchReport();
        r.section("machine").put("cores", 2);
        r.section("stft").put("x", 1);
        r.section("pipeline").put("y", 2);
        r.section("stft").put("z", 3);
        assertThat(r.toJson().replaceAll("\\s", "")).isEqualTo("{\"machine\":{\"cores\":2},\"stft\":{\"x\":1,\"z\":3},\"pipeline\":{\"y\":2}}");
    }
}
