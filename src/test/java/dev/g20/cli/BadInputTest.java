package dev.g20.cli;

import dev.g20.source.SampleFormat;
import dev.g20.source.TestRecordings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every bad recording or option: exit code 2 and one line naming the file, never a stack trace. */
class BadInputTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedErr;

    @BeforeEach
    void captureStderr() {
        savedErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(savedErr);
    }

    /** Runs the CLI; asserts exit 2 and a single "g20: ..." line that contains every {@code expected}. */
    private void assertUserError(String[] args, String... expected) {
        int code = Main.execute(args);
        String out = err.toString(StandardCharsets.UTF_8).strip();
        assertThat(code).as("exit code; stderr: %s", out).isEqualTo(2);
        assertThat(out.lines()).as("stderr: %s", out).hasSize(1);
        assertThat(out).startsWith("g20: ").doesNotContain("Exception").doesNotContain("\tat ");
        for (String e : expected) assertThat(out).contains(e);
    }

    private Path meta(String json) throws Exception {
        Path m = dir.resolve("rec.sigmf-meta");
        Files.writeString(m, json);
        Files.write(dir.resolve("rec.sigmf-data"), new byte[8 * 100]);
        return m;
    }

    @Test
    void malformedJson() throws Exception {
        Path m = meta("{\"global\": {\"core:datatype\": \"cf32_le\",\n \"core:sample_rate\": 1e6,,}}");
        assertUserError(new String[]{"process", m.toString()}, m.toString(), "malformed JSON", "line 2");
    }

    @Test
    void missingMetaFile() {
        Path m = dir.resolve("nothing.sigmf-meta");
        assertUserError(new String[]{"process", m.toString()}, m.toString(), "not found");
    }

    @Test
    void missingDataFile() throws Exception {
        Path m = meta("{\"global\": {\"core:datatype\": \"cf32_le\", \"core:sample_rate\": 1e6}}");
        Files.delete(dir.resolve("rec.sigmf-data"));
        assertUserError(new String[]{"process", m.toString()}, dir.resolve("rec.sigmf-data").toString(), "not found");
    }

    @Test
    void unsupportedDatatype() throws Exception {
        Path m = meta("{\"global\": {\"core:datatype\": \"cf64_be\", \"core:sample_rate\": 1e6}}");
        assertUserError(new String[]{"process", m.toString()}, m.toString(), "unsupported datatype 'cf64_be'");
    }

    @Test
    void truncatedData() throws Exception {
        Path m = meta("{\"global\": {\"core:datatype\": \"ci16_le\", \"core:sample_rate\": 1e6}}");
        Files.write(dir.resolve("rec.sigmf-data"), new byte[4 * 100 + 3]);
        assertUserError(new String[]{"process", m.toString()}, dir.resolve("rec.sigmf-data").toString(), "truncated");
    }

    @Test
    void sampleRateZeroOrNegative() throws Exception {
        Path m = meta("{\"global\": {\"core:datatype\": \"cf32_le\", \"core:sample_rate\": 0}}");
        assertUserError(new String[]{"process", m.toString()}, m.toString(), "sample_rate", "> 0");
        err.reset();
        Files.writeString(m, "{\"global\": {\"core:datatype\": \"cf32_le\", \"core:sample_rate\": -2e6}}");
        assertUserError(new String[]{"process", m.toString()}, m.toString(), "sample_rate", "> 0");
    }

    @Test
    void missingSampleRate() throws Exception {
        Path m = meta("{\"global\": {\"core:datatype\": \"cf32_le\"}}");
        assertUserError(new String[]{"process", m.toString()}, m.toString(), "sample_rate");
    }

    @Test
    void rawFileWithoutSampleRate() throws Exception {
        Path raw = TestRecordings.raw(dir.resolve("rec.cf32"), SampleFormat.CF32_LE, new float[200]);
        assertUserError(new String[]{"process", raw.toString()}, raw.toString(), "--sample-rate");
    }

    @Test
    void rawFileWithBadSampleRate() throws Exception {
        Path raw = TestRecordings.raw(dir.resolve("rec.cs16"), SampleFormat.CI16_LE, new float[200]);
        assertUserError(new String[]{"process", raw.toString(), "--sample-rate", "0"}, raw.toString(), "--sample-rate", "> 0");
        err.reset();
        assertUserError(new String[]{"process", raw.toString(), "--sample-rate", "-1e6"}, raw.toString(), "> 0");
    }

    @Test
    void rawFileWithUnknownFormat() throws Exception {
        Path raw = dir.resolve("rec.wav");
        Files.write(raw, new byte[16]);
        assertUserError(new String[]{"process", raw.toString(), "--sample-rate", "1e6"}, raw.toString(), "'wav'");
        err.reset();
        assertUserError(new String[]{"process", raw.toString(), "--sample-rate", "1e6", "--format", "f64"}, raw.toString(), "'f64'");
    }

    @Test
    void missingRawFile() {
        Path raw = dir.resolve("gone.cu8");
        assertUserError(new String[]{"process", raw.toString(), "--sample-rate", "1e6"}, raw.toString(), "not found");
    }

    @Test
    void badConfigValueViaTheCli() throws Exception {
        Path cfg = Files.createDirectory(dir.resolve("cfg"));
        Files.writeString(cfg.resolve("spectrogram.yaml"), "fft_size: 1000\n");
        Path raw = TestRecordings.raw(dir.resolve("rec.cf32"), SampleFormat.CF32_LE, new float[200]);
        assertUserError(new String[]{"process", raw.toString(), "--sample-rate", "1e6", "--config", cfg.toString()},
                cfg.resolve("spectrogram.yaml").toString(), "'fft_size'", "power of two");
    }

    @Test
    void pngOfARecordingShorterThanAFrameIsDrawn() throws Exception {
        // 100 samples: shorter than one row; the one padded frame is drawn (recordings of a few hundred us)
        Path raw = TestRecordings.raw(dir.resolve("short.cf32"), SampleFormat.CF32_LE, new float[200]);
        Path png = dir.resolve("out.png");
        int code = Main.execute("process", raw.toString(), "--sample-rate", "1e6", "--png", png.toString());
        assertThat(code).isEqualTo(0);
        assertThat(png).exists();
    }

    @Test
    void pngIntoAMissingDirectory() throws Exception {
        Path meta = TestRecordings.sigmf(dir, "ok", SampleFormat.CI8, 1e6, 0, 0, TestRecordings.noise(600_000, 0.01, 1));
        Path png = dir.resolve("no/such/dir/out.png");
        int code = Main.execute("process", meta.toString(), "--png", png.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("g20: " + png).contains("does not exist");
    }
}
