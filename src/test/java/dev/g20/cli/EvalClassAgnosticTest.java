package dev.g20.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** `eval --class-agnostic` scores the shipped YOLO model like the energy detector: one 'signal' class. */
class EvalClassAgnosticTest {

    private static JsonNode eval(String... args) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.execute(args)).isZero();
        } finally {
            System.setOut(old);
        }
        return new ObjectMapper().readTree(buf.toString(StandardCharsets.UTF_8));
    }

    @Test
    void classAgnosticScoringOfTheShippedModel(@TempDir Path tmp) throws Exception {
        Path ds = tmp.resolve("ds");
        assertThat(Main.execute("dataset", "--count", "3", "--val-fraction", "0.67", "--seed", "31", "--out", ds.toString(),
                "--dtype", "uint8", "--threads", "2")).isZero();
        JsonNode aware = eval("eval", "--data", ds.toString(), "--detector", "yolo", "--model", "models/g20-detector.onnx");
        JsonNode agnostic = eval("eval", "--data", ds.toString(), "--detector", "yolo", "--model", "models/g20-detector.onnx", "--class-agnostic");
        assertThat(aware.get("class_agnostic").asBoolean()).isFalse();
        assertThat(agnostic.get("class_agnostic").asBoolean()).isTrue();
        assertThat(agnostic.get("classes").fieldNames()).toIterable().containsExactly("signal");
        assertThat(agnostic.get("ground_truth").asInt()).isEqualTo(aware.get("ground_truth").asInt()).isPositive();
        // ignoring the class can only help matching
        assertThat(agnostic.get("true_positives").asInt()).isGreaterThanOrEqualTo(aware.get("true_positives").asInt());
    }
}
