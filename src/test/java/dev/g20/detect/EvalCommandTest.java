package dev.g20.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** `g20 eval` end to end on the hand-computed fixture (see {@link EvalFixtures}). */
class EvalCommandTest {
    @TempDir
    Path dir;

    private JsonNode run(String... args) throws Exception {
        YoloDetectorTest.Cli r = YoloDetectorTest.cli(args);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("AP50");
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void recordingReproducesTheHandComputedMap() throws Exception {
        Path config = EvalFixtures.configDir(dir);
        EvalFixtures.model(dir);
        Path rec = EvalFixtures.oneFrameRecording(dir);
        JsonNode j = run("eval", "--data", rec.toString(), "--config", config.toString());
        assertThat(j.get("detector").asText()).isEqualTo("yolo");
        assertThat(j.get("class_agnostic").asBoolean()).isFalse();
        assertThat(j.get("frames").asInt()).isEqualTo(1);
        assertThat(j.get("map50").asDouble()).isCloseTo(EvalFixtures.MAP50, within(1e-6));
        assertThat(j.get("map50_95").asDouble()).isCloseTo(EvalFixtures.MAP5095, within(1e-6));
        assertThat(j.get("precision").asDouble()).isCloseTo(3.0 / 5, within(1e-6));
        assertThat(j.get("recall").asDouble()).isCloseTo(1.0, within(1e-6));
        assertThat(j.at("/classes/cw/ap50").asDouble()).isCloseTo(EvalFixtures.AP50_CW, within(1e-6));
        assertThat(j.at("/classes/cw/ap50_95").asDouble()).isCloseTo(EvalFixtures.AP5095_CW, within(1e-6));
        assertThat(j.at("/classes/fm/ap50").asDouble()).isCloseTo(0.5, within(1e-6));
        // a stricter IoU for the operating point: cw's second hit (IoU 0.615) no longer counts
        JsonNode strict = run("eval", "--data", rec.toString(), "--config", config.toString(), "--iou", "0.7");
        assertThat(strict.get("recall").asDouble()).isCloseTo(2.0 / 3, within(1e-6));
        assertThat(strict.get("map").asDouble()).isCloseTo((EvalFixtures.AP_HIGH_CW + 0.5) / 2, within(1e-6));
    }

    @Test
    void datasetFormatGivesTheSameNumbers() throws Exception {
        Path config = EvalFixtures.configDir(dir);
        EvalFixtures.model(dir);
        Path ds = EvalFixtures.dataset(dir);
        JsonNode j = run("eval", "--data", ds.toString(), "--config", config.toString());
        assertThat(j.get("frames").asInt()).isEqualTo(1);
        assertThat(j.get("map50").asDouble()).isCloseTo(EvalFixtures.MAP50, within(1e-6));
        assertThat(j.get("map50_95").asDouble()).isCloseTo(EvalFixtures.MAP5095, within(1e-6));
        assertThat(j.at("/inputs/0/kind").asText()).isEqualTo("dataset");
    }

    @Test
    void energyDetectorIsScoredClassAgnostically() throws Exception {
        Path config = EvalFixtures.configDir(dir);
        Path rec = EvalFixtures.oneFrameRecording(dir);
        JsonNode j = run("eval", "--data", rec.toString(), "--config", config.toString(), "--detector", "energy");
        assertThat(j.get("detector").asText()).isEqualTo("energy");
        assertThat(j.get("class_agnostic").asBoolean()).isTrue();
        assertThat(j.get("classes").has("signal")).isTrue();
        assertThat(j.get("classes").size()).isEqualTo(1);
        assertThat(j.get("ground_truth").asInt()).isEqualTo(3);
        assertThat(j.get("model").isNull()).isTrue();
    }

    @Test
    void badInputsAreOneLineErrors() {
        Path config = EvalFixtures.configDir(dir);
        YoloDetectorTest.Cli r = YoloDetectorTest.cli("eval", "--data", dir.resolve("nothing.txt").toString(), "--config", config.toString(),
                "--detector", "energy");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("g20: ").contains("nothing.txt").doesNotContain("\n");
        YoloDetectorTest.Cli iou = YoloDetectorTest.cli("eval", "--data", "x.sigmf-meta", "--iou", "1.5");
        assertThat(iou.code()).isEqualTo(2);
        assertThat(iou.err()).contains("--iou");
    }
}
