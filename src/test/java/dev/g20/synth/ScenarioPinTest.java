package dev.g20.synth;

import dev.g20.detect.InferenceInput;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scenarios that existed before the real-world families keep their output byte for byte:
 * samples, ground truth and dataset samples hash to the values recorded before those families
 * were added (new draws must come from new random streams, new classes must not shift old ones).
 */
class ScenarioPinTest {
    private static final List<String> OLD = List.of("mixed", "bursts", "drift", "dense", "lowsnr", "random", "noise");

    static String sceneHash(String scenario, long seed, double fs) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (var src = new SyntheticSource(scenario, seed, fs, 915e6, 0)) {
            float[] buf = new float[2 * 40_000];
            ByteBuffer bb = ByteBuffer.allocate(4 * buf.length);
            for (int k = 0; k < 4; k++) {
                int n = src.read(buf, 40_000);
                bb.clear();
                for (int i = 0; i < 2 * n; i++) bb.putFloat(buf[i]);
                md.update(bb.array(), 0, 8 * n);
            }
            // extras are an immutable map, whose iteration order changes from JVM to JVM: sort them
            for (var a : src.annotations())
                md.update((a.sampleStart() + " " + a.sampleCount() + " " + a.freqLowerEdge() + " " + a.freqUpperEdge() + " " + a.label()
                        + " " + new java.util.TreeMap<>(a.extras())).getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }

    static String datasetHash(int index) throws Exception {
        var cfg = Frames.config(1024, 32);
        var o = new Dataset.Options(java.nio.file.Path.of("unused"), 1, 5, Dataset.parseMix(Dataset.DEFAULT_MIX), 0.1, 128, 32, 1, cfg, 10e6, 915e6, 1);
        // the absolute dB scale (no floor shift or DC notch): the pin is of the scenes and labels, not of the model input's normalisation
        Dataset.Sample s = Dataset.generate(o, index, new InferenceInput(1, 32, 128, cfg, false));
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        ByteBuffer bb = ByteBuffer.allocate(4 * s.tensor().length);
        for (float v : s.tensor()) bb.putFloat(v);
        md.update(bb.array());
        md.update(Dataset.labelText(s.boxes()).getBytes(StandardCharsets.UTF_8));
        md.update(s.scenario().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }

    static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("mixed@10M", "bf330ec4a573708a");
        EXPECTED.put("bursts@10M", "c98a6aa21eac7001");
        EXPECTED.put("drift@10M", "70416fb8bd3a5671");
        EXPECTED.put("dense@10M", "88b6de18ea440232");
        EXPECTED.put("lowsnr@10M", "cc4ea898fec98dee");
        EXPECTED.put("random@10M", "53471a3f18b1f0e5");
        EXPECTED.put("noise@10M", "17b31b8539af004f");
        EXPECTED.put("random@2.4M", "21c4d2dbe3f12613");
        EXPECTED.put("dense@1M", "11676ee801fc83c1");
        EXPECTED.put("dataset0", "1d4d5bc2f2a5b849");
        EXPECTED.put("dataset1", "597f1ded054ca85c");
        EXPECTED.put("dataset2", "bd9bb4de2cd21a7d");
        EXPECTED.put("dataset3", "091e8d3b162cc1ae");
        EXPECTED.put("dataset4", "4eaec506f53e8ade");
        EXPECTED.put("dataset5", "70140925c9699f56");
    }

    @Test
    void oldScenariosAndDatasetSamplesAreUnchanged() throws Exception {
        Map<String, String> got = new LinkedHashMap<>();
        for (String s : OLD) got.put(s + "@10M", sceneHash(s, 3, 10e6));
        got.put("random@2.4M", sceneHash("random", 11, 2.4e6));
        got.put("dense@1M", sceneHash("dense", 12, 1e6));
        for (int i = 0; i < 6; i++) got.put("dataset" + i, datasetHash(i));
        assertThat(got).isEqualTo(EXPECTED);
    }
}
