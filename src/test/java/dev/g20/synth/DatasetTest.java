package dev.g20.synth;

import dev.g20.testing.CliRun;
import dev.g20.config.SpectrogramConfig;
import dev.g20.detect.GroundTruth;
import dev.g20.detect.InferenceInput;
import dev.g20.detect.SignalClasses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

class DatasetTest {
    static final SpectrogramConfig CFG = Frames.config(1024, 128);

    static Dataset.Options options(Path dir, int count, int threads) {
        return new Dataset.Options(dir, count, 77, Dataset.parseMix(Dataset.DEFAULT_MIX), 0.25, 96, 64, 2, CFG, 10e6, 915e6, threads);
    }

    @Test
    void writesTensorsAndLabelsThatMapBackToTheTruth(@TempDir Path dir) throws Exception {
        Dataset.Options o = options(dir, 12, 2);
        Dataset.Result r = Dataset.write(o, i -> { });
        assertThat(r.train() + r.val()).isEqualTo(12);
        assertThat(r.val()).isEqualTo(3);
        long labelLines = 0;
        InferenceInput input = new InferenceInput(2, 64, 96, CFG);
        for (int i = 0; i < 12; i++) {
            String split = Dataset.isVal(i, 0.25) ? "val" : "train";
            String name = String.format("%06d", i);
            Path npy = dir.resolve(split).resolve("images").resolve(name + ".npy");
            Path txt = dir.resolve(split).resolve("labels").resolve(name + ".txt");
            assertThat(npy).exists();
            assertThat(txt).exists();

            // regenerate the sample: same frame, same truth
            Dataset.Sample s = Dataset.generate(o, i, input);
            byte[] bytes = Files.readAllBytes(npy);
            int hl = Npy.header(2, 64, 96).length;
            assertThat(bytes.length).isEqualTo(hl + 4 * 2 * 64 * 96);
            ByteBuffer b = ByteBuffer.wrap(bytes, hl, bytes.length - hl).order(ByteOrder.LITTLE_ENDIAN);
            float[] expected = input.newTensor();
            input.fill(s.frame(), expected);
            for (float e : expected) assertThat(b.getFloat()).isEqualTo(e);

            // each label line is GroundTruth.inFrame's box of that frame, in YOLO form
            List<GroundTruth.LabeledBox> truth = GroundTruth.inFrame(s.frame(), s.annotations(), SignalClasses.NAMES)
                    .stream().filter(x -> x.classId() >= 0).toList();
            List<String> lines = Files.readAllLines(txt);
            assertThat(lines).hasSize(truth.size());
            for (int k = 0; k < lines.size(); k++) {
                String[] p = lines.get(k).split(" ");
                var box = truth.get(k).box();
                assertThat(Integer.parseInt(p[0])).isEqualTo(truth.get(k).classId());
                assertThat(Double.parseDouble(p[1])).isCloseTo(box.centerX(), offset(1e-6));
                assertThat(Double.parseDouble(p[2])).isCloseTo(box.centerY(), offset(1e-6));
                assertThat(Double.parseDouble(p[3])).isCloseTo(box.width(), offset(1e-6));
                assertThat(Double.parseDouble(p[4])).isCloseTo(box.height(), offset(1e-6));
                for (int j = 1; j <= 4; j++) assertThat(Double.parseDouble(p[j])).isBetween(0.0, 1.0);
            }
            labelLines += lines.size();
        }
        assertThat(labelLines).isEqualTo(r.labels()).isGreaterThan(12);
        String yaml = Files.readString(dir.resolve("data.yaml"));
        assertThat(yaml).contains("nc: 12").contains("cw").contains("hopper").contains("pulse").contains("channels: 2")
                .contains("input_width: 96").contains("input_height: 64").contains(CFG.hash()).contains("seed: 77");
    }

    @Test
    void resultDoesNotDependOnThreads(@TempDir Path dir) throws Exception {
        Dataset.write(options(dir.resolve("one"), 4, 1), i -> { });
        Dataset.write(options(dir.resolve("two"), 4, 2), i -> { });
        for (String f : List.of("train/images/000000.npy", "train/labels/000002.txt", "val/images/000003.npy"))
            assertThat(Files.readAllBytes(dir.resolve("two").resolve(f))).isEqualTo(Files.readAllBytes(dir.resolve("one").resolve(f)));
    }

    @Test
    void uint8StorageHoldsTheSameTensorWithinHalfAStep(@TempDir Path dir) throws Exception {
        Dataset.Options f = options(dir.resolve("f32"), 2, 1);
        Dataset.Options u = new Dataset.Options(dir.resolve("u8"), 2, f.seed(), f.mix(), f.valFraction(), f.width(), f.height(),
                f.channels(), f.spectrogram(), f.sampleRateHz(), f.centerFreqHz(), 1, Npy.Dtype.UINT8);
        Dataset.write(f, i -> { });
        Dataset.write(u, i -> { });
        float[] a = dev.g20.synth.NpyArray.readTensor(dir.resolve("f32/train/images/000000.npy")).data();
        float[] b = dev.g20.synth.NpyArray.readTensor(dir.resolve("u8/train/images/000000.npy")).data();
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.length; i++) assertThat(Math.abs(a[i] - b[i])).isLessThanOrEqualTo(0.5f / 255 + 1e-6f);
        assertThat(Files.size(dir.resolve("u8/train/images/000000.npy"))).isLessThan(Files.size(dir.resolve("f32/train/images/000000.npy")) / 3);
        assertThat(Files.readString(dir.resolve("u8/data.yaml"))).contains("dtype: uint8");
        assertThat(Files.readString(dir.resolve("u8/train/labels/000000.txt"))).isEqualTo(Files.readString(dir.resolve("f32/train/labels/000000.txt")));
    }

    /** --labels emitter names every box after its emitter; the default names a paused AM or FM cw. Same frames either way. */
    @Test
    void emitterLabelsNameTheEmitterWhereShownLabelsNameTheCarrier(@TempDir Path dir) throws Exception {
        var mix = Dataset.parseMix("mixed");
        int count = 6;
        Dataset.Options shown = new Dataset.Options(dir.resolve("shown"), count, 5, mix, 0, 96, 64, 1, CFG, 10e6, 915e6, 2, Npy.Dtype.UINT8);
        Dataset.Options emitter = new Dataset.Options(dir.resolve("emitter"), count, 5, mix, 0, 96, 64, 1, CFG, 10e6, 915e6, 2, Npy.Dtype.UINT8,
                Dataset.Labels.EMITTER);
        Dataset.write(shown, i -> { });
        Dataset.write(emitter, i -> { });
        int carriers = 0;
        for (int i = 0; i < count; i++) {
            String name = String.format("%06d", i);
            assertThat(Files.readAllBytes(dir.resolve("emitter/train/images/" + name + ".npy")))
                    .isEqualTo(Files.readAllBytes(dir.resolve("shown/train/images/" + name + ".npy")));
            List<String> s = Files.readAllLines(dir.resolve("shown/train/labels/" + name + ".txt"));
            List<String> e = Files.readAllLines(dir.resolve("emitter/train/labels/" + name + ".txt"));
            assertThat(s).hasSameSizeAs(e);
            for (int k = 0; k < s.size(); k++) {
                if (s.get(k).equals(e.get(k))) continue;
                // a paused AM (1) or FM (2) becomes cw (0), centred on its carrier
                String[] a = s.get(k).split(" "), b = e.get(k).split(" ");
                assertThat(a[0]).isEqualTo("0");
                assertThat(b[0]).isIn("1", "2");
                assertThat(Double.parseDouble(a[1])).isCloseTo(Double.parseDouble(b[1]), offset(1e-5));
                assertThat(a[2]).isEqualTo(b[2]);
                carriers++;
            }
        }
        assertThat(carriers).as("mixed scenes hold AM and FM voices; some first frames catch a pause").isPositive();
        assertThat(Files.readString(dir.resolve("emitter/data.yaml"))).contains("label_rule: \"emitter:");
    }

    @Test
    void badArgumentsExit2(@TempDir Path dir) {
        String out = dir.resolve("ds").toString();
        for (String[] args : List.of(
                new String[]{"dataset", "--count", "0", "--out", out},
                new String[]{"dataset", "--count", "2", "--out", out, "--scenario-mix", "mixed,nope"},
                new String[]{"dataset", "--count", "2", "--out", out, "--val-fraction", "1.5"},
                new String[]{"dataset", "--count", "2", "--out", out, "--input-size", "640"},
                new String[]{"dataset", "--count", "2", "--out", out, "--dtype", "float16"},
                new String[]{"dataset", "--count", "2", "--out", out, "--labels", "truth"})) {
            var r = CliRun.of(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip().lines()).hasSize(1);
        }
    }
}
