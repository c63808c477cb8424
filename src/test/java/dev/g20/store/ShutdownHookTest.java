package dev.g20.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Ctrl-C (SIGINT) on a process with queued rows: the shutdown hook's stop() writes them all. */
class ShutdownHookTest {

    /** The child process: queues 1000 rows that nothing would flush (huge batch, 10 min interval), then waits. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            AsyncTrackLogger l = AsyncTrackLogger.start(new StoreTarget.Sqlite(Path.of(args[0])),
                    new AsyncTrackLogger.Options(100_000, 600_000, 100_000, 100, 1000, 10_000)).stopOnShutdown();
            for (int i = 0; i < 1000; i++) l.log(TrackLoggerContract.track(i), i, TrackLoggerContract.ts(i), "h");
            System.out.println("ready " + l.metrics().written());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test
    void ctrlCFlushesTheQueue(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("t.db");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Child.class.getName(), db.toString())).redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            StringBuilder seen = new StringBuilder();
            while ((line = r.readLine()) != null && !line.startsWith("ready")) seen.append(line).append('\n');
            assertThat(line).as("child output: " + seen).isEqualTo("ready 0");
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        try (TrackStore s = TrackStore.open(new StoreTarget.Sqlite(db))) {
            assertThat(s.count()).isEqualTo(1000);
        }
    }
}
