package dev.g20.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every rejected value names the file and the key. */
class ConfigValidationTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "spectrogram.yaml | fft_sise: 4096                | fft_sise         | unknown key",
            "spectrogram.yaml | fft_size: big                 | fft_size         | integer",
            "spectrogram.yaml | fft_size: 1000                | fft_size         | power of two",
            "spectrogram.yaml | fft_size: 8                   | fft_size         | power of two",
            "spectrogram.yaml | overlap: 1.0                  | overlap          | [0, 1)",
            "spectrogram.yaml | overlap: -0.1                 | overlap          | [0, 1)",
            "spectrogram.yaml | overlap: half                 | overlap          | number",
            "spectrogram.yaml | dynamic_range_db: 0           | dynamic_range_db | > 0",
            "spectrogram.yaml | dynamic_range_db: -10         | dynamic_range_db | > 0",
            "spectrogram.yaml | window: kaiser                | window           | kaiser",
            "spectrogram.yaml | colormap: jet                 | colormap         | jet",
            "spectrogram.yaml | fft_backend: opencl           | fft_backend      | opencl",
            "spectrogram.yaml | rows_per_frame: 0             | rows_per_frame   | rows_per_frame",
            "tracker.yaml     | 'association: {iou_threshold: 2}' | association.iou_threshold | [0, 1]",
            "tracker.yaml     | 'lifecycle: {max_agee: 3}'    | lifecycle.max_agee | unknown key",
            "tracker.yaml     | 'association: {classes: loose}' | association.classes | loose",
            "tracker.yaml     | 'association: {cross_class_freq_iou: 0}' | association.cross_class_freq_iou | (0, 1]",
            "tracker.yaml     | 'association: {confusable_classes: [cw/am, psk]}' | association.confusable_classes | 'psk'",
            "tracker.yaml     | 'association: {confusable_classes: cw/am}' | association.confusable_classes | list of strings",
            "tracker.yaml     | 'association: {class_vote_weights: {cw: 2}}' | association.class_vote_weights.cw | (0, 1]",
            "tracker.yaml     | 'association: {class_vote_weights: {cw: low}}' | association.class_vote_weights.cw | number",
            "tracker.yaml     | 'association: {class_vote_weights: [cw]}' | association.class_vote_weights | name: number",
            "inference.yaml   | detector: magic               | detector         | magic",
            "database.yaml    | batch_sise: 5                 | batch_sise       | unknown key",
    })
    void badValueNamesFileAndKey(String file, String yaml, String key, String hint, @TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(file), yaml + "\n");
        assertThatThrownBy(() -> G20Config.load(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(dir.resolve(file).toString())
                .hasMessageContaining("'" + key + "'")
                .hasMessageContaining(hint)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"'fft_size: [1'", "'- a\n- b'"})
    void unreadableYamlNamesTheFile(String yaml, @TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("spectrogram.yaml"), yaml);
        assertThatThrownBy(() -> G20Config.load(dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(dir.resolve("spectrogram.yaml").toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"fft_size: 1024 | 1024", "'fft_size: 8192\noverlap: 0.75' | 8192"})
    void goodValuesLoad(String yaml, int fft, @TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("spectrogram.yaml"), yaml);
        assertThat(G20Config.load(dir).spectrogram().fftSize()).isEqualTo(fft);
    }

    @Test
    void classVoteWeightsReplaceTheDefaultsWhole(@TempDir Path dir) throws Exception {
        assertThat(G20Config.load(dir).tracker().classVoteWeight("cw")).isEqualTo(0.4);
        Files.writeString(dir.resolve("tracker.yaml"), "association: {class_vote_weights: {am: 0.8}}\n");
        var t = G20Config.load(dir).tracker();
        assertThat(t.classVoteWeight("am")).isEqualTo(0.8);
        assertThat(t.classVoteWeight("cw")).isEqualTo(1.0);
    }
}
