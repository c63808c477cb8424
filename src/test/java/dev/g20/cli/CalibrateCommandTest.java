package dev.g20.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class CalibrateCommandTest {

    /** Runs the CLI with stdout captured. */
    private static String run(int expectedExit, String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int rc;
        try {
            rc = Main.execute(args);
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(rc).as("exit code; output: %s", out).isEqualTo(expectedExit);
        return out;
    }

    private static List<Path> npys(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".npy")).sorted().toList();
        }
    }

    /** Parses a float32 .npy: checks the header's shape and returns the data. */
    private static float[] readNpy(Path p, String shape) throws IOException {
        byte[] b = Files.readAllBytes(p);
        assertThat(b[0] & 0xff).isEqualTo(0x93);
        assertThat(new String(b, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
        int hlen = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        String header = new String(b, 10, hlen, StandardCharsets.US_ASCII);
        assertThat(header).contains("'descr': '<f4'").contains("'shape': (" + shape + ")");
        assertThat((10 + hlen) % 64).isZero();
        ByteBuffer data = ByteBuffer.wrap(b, 10 + hlen, b.length - 10 - hlen).order(ByteOrder.LITTLE_ENDIAN);
        float[] f = new float[data.remaining() / 4];
        data.asFloatBuffer().get(f);
        return f;
    }

    @Test
    void collectsInferenceInputsFromSyntheticScenes(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("calib");
        String stdout = run(0, "calibrate", "--count", "4", "--out", out.toString(), "--input-size", "64x32",
                "--scenario", "mixed,dense", "--seed", "3");
        assertThat(stdout).contains("Calibration: 4/4").contains("wrote 4 inference inputs [1, 32, 64] (float32)");
        List<Path> files = npys(out);
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("calib_0000.npy", "calib_0001.npy", "calib_0002.npy", "calib_0003.npy");
        for (Path f : files) {
            float[] v = readNpy(f, "1, 32, 64");
            assertThat(v).hasSize(32 * 64);
            float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
            for (float x : v) {
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            assertThat(min).isGreaterThanOrEqualTo(0f);
            assertThat(max).isLessThanOrEqualTo(1f).isGreaterThan(min); // a real picture, not a constant
        }
    }

    @Test
    void uint8InputsAreTheFloatOnesWithinHalfAStep(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("f32"), u = tmp.resolve("u8");
        run(0, "calibrate", "--count", "2", "--out", f.toString(), "--input-size", "64x32", "--scenario", "mixed", "--seed", "5");
        String stdout = run(0, "calibrate", "--count", "2", "--out", u.toString(), "--input-size", "64x32", "--scenario", "mixed",
                "--seed", "5", "--dtype", "uint8");
        assertThat(stdout).contains("(uint8)");
        for (int i = 0; i < 2; i++) {
            float[] a = dev.g20.synth.NpyArray.readTensor(npys(f).get(i)).data();
            float[] b = dev.g20.synth.NpyArray.readTensor(npys(u).get(i)).data();
            assertThat(b).hasSameSizeAs(a);
            for (int k = 0; k < a.length; k++) assertThat(Math.abs(a[k] - b[k])).isLessThanOrEqualTo(0.5f / 255 + 1e-6f);
        }
    }

    @Test
    void recordingShorterThanCountWritesWhatItHas(@TempDir Path tmp) throws IOException {
        Path rec = tmp.resolve("r.sigmf-meta");
        run(0, "synth", "--scenario", "mixed", "--seconds", "0.12", "--seed", "2", "--out", rec.toString());
        Path out = tmp.resolve("calib");
        String stdout = run(0, "calibrate", "--source", rec.toString(), "--count", "50", "--out", out.toString(),
                "--input-size", "64x32", "--channels", "3");
        // 0.12 s at 10 MS/s = 1.2 M samples: two frames of 256 rows x 2048 hop
        assertThat(npys(out)).hasSize(2);
        assertThat(stdout).contains("source ended before 50");
        assertThat(readNpy(npys(out).get(0), "3, 32, 64")).hasSize(3 * 32 * 64);
    }

    @Test
    void badInputIsAOneLineUserError(@TempDir Path tmp) {
        assertThat(Main.execute("calibrate", "--count", "0", "--out", tmp.toString())).isEqualTo(2);
        assertThat(Main.execute("calibrate", "--out", tmp.toString(), "--scenario", "nope")).isEqualTo(2);
        assertThat(Main.execute("calibrate", "--out", tmp.toString(), "--input-size", "12")).isEqualTo(2);
        assertThat(Main.execute("calibrate", "--out", tmp.toString(), "--dtype", "int4")).isEqualTo(2);
        assertThat(Main.execute("calibrate", "--out", tmp.toString(), "--source", tmp.resolve("missing.sigmf-meta").toString())).isEqualTo(2);
    }
}
