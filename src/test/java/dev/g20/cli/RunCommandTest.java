package dev.g20.cli;

import dev.g20.testing.CliRun;
import dev.g20.store.StoreTarget;
import dev.g20.store.TrackQuery;
import dev.g20.store.TrackStore;
import dev.g20.testing.TestScenes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class RunCommandTest {
    @TempDir
    Path dir;

    Path configDir() throws Exception {
        Path c = Files.createDirectories(dir.resolve("config"));
        Files.writeString(c.resolve("spectrogram.yaml"), "fft_size: 512\nrows_per_frame: 64\n");
        return c;
    }


    /** The error line (log lines may come before it on stderr). */
    static String lastLine(String err) {
        String[] lines = err.strip().split("\\R");
        return lines[lines.length - 1];
    }


    @Test
    void runsARecordingThroughThePipelineServerAndStore() throws Exception {
        Path scene = TestScenes.write(dir, "scene", 2.0);
        Path db = dir.resolve("tracks.db");
        CliRun r = CliRun.of("run", "--source", scene.toString(), "--config", configDir().toString(), "--detector", "energy",
                "--db", "sqlite:" + db, "--port", "0", "--no-realtime", "--seconds", "30");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("g20: viewer at http://127.0.0.1:");
        // the store was flushed at the end: confirmed tracks of the scene's signals are in it
        try (TrackStore store = TrackStore.open(new StoreTarget.Sqlite(db))) {
            assertThat(store.count()).isPositive();
            assertThat(store.query(TrackQuery.all())).allSatisfy(t -> assertThat(t.className()).isEqualTo("signal"));
        }
    }

    @Test
    void theDefaultSourceIsTheSyntheticDemoScene() throws Exception {
        Path db = dir.resolve("demo.db");
        // no options but the store and port: the demo scene, and the energy detector while no model is shipped
        CliRun r = CliRun.of("run", "--db", "sqlite:" + db, "--port", "0", "--seconds", "1.5");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("synthetic scene 'mixed' seed 1 (10.00 MS/s at 915.00 MHz)");
        if (!Files.exists(Path.of("models/g20-detector.onnx"))) {
            assertThat(r.err()).contains("not found; using the energy detector").contains("detector energy");
        }
    }

    @Test
    void exposedBindPrintsTheTokenRule() throws Exception {
        Path scene = TestScenes.write(dir, "scene", 0.2);
        CliRun r = CliRun.of("run", "--source", scene.toString(), "--config", configDir().toString(), "--detector", "energy",
                "--db", "sqlite:" + dir.resolve("t.db"), "--bind", "0.0.0.0", "--port", "0", "--token", "tok-123", "--no-realtime");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("config changes need the header 'Authorization: Bearer tok-123'");
    }

    @Test
    void userMistakesAreOneLineErrors() throws Exception {
        Path cfg = configDir();
        // --port 0 where the source is the mistake: a g20 already serving on 8080 must not change the answer
        CliRun r = CliRun.of("run", "--seconds", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("g20: --seconds must be > 0, got 0.0" + System.lineSeparator());

        r = CliRun.of("run", "--config", cfg.toString(), "--port", "0", "--source", "ftp://example.org/x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(lastLine(r.err())).isEqualTo("g20: ftp://example.org/x: unknown source kind (expected a file, synthetic:SCENE or rtl_tcp://host:port)");

        r = CliRun.of("run", "--config", cfg.toString(), "--detector", "magic");
        assertThat(r.code()).isEqualTo(2);
        assertThat(lastLine(r.err())).isEqualTo("g20: --detector must be one of yolo, energy, got 'magic'");

        r = CliRun.of("run", "--config", cfg.toString(), "--db", "mysql://x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(lastLine(r.err())).startsWith("g20: --db must be postgresql://");

        r = CliRun.of("run", "--config", cfg.toString(), "--port", "0", "--source", dir.resolve("missing.sigmf-meta").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(lastLine(r.err())).startsWith("g20: ").contains("missing.sigmf-meta").doesNotContain("\n");

        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        r = CliRun.of("run", "--config", cfg.toString(), "--port", "0", "--source", "rtl_tcp://127.0.0.1:" + closed);
        assertThat(r.code()).isEqualTo(2);
        assertThat(lastLine(r.err())).startsWith("g20: rtl_tcp://127.0.0.1:" + closed + ": cannot connect").doesNotContain("\n");
    }

    @Test
    void portInUseIsAOneLineError() throws Exception {
        Path scene = TestScenes.write(dir, "scene", 0.2);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CliRun r = CliRun.of("run", "--source", scene.toString(), "--config", configDir().toString(), "--detector", "energy",
                    "--db", "sqlite:" + dir.resolve("t.db"), "--port", Integer.toString(taken.getLocalPort()));
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).endsWith("g20: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + " (Address already in use); choose another --port" + System.lineSeparator()).doesNotContain("\tat ");
        }
    }
}
