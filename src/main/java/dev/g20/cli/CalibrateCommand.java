package dev.g20.cli;

import dev.g20.config.G20Config;
import dev.g20.config.SpectrogramConfig;
import dev.g20.detect.CalibrationCollector;
import dev.g20.detect.InferenceInput;
import dev.g20.source.IqSource;
import dev.g20.source.Sources;
import dev.g20.spectrogram.CanonicalSpectrogramGenerator;
import dev.g20.synth.Npy;
import dev.g20.synth.Scenario;
import dev.g20.synth.SyntheticSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * `g20 calibrate`: collect inference inputs as .npy for INT8 calibration (seed Task 5.3), through
 * the production path: source -> canonical spectrogram -> {@link InferenceInput#fill}. Without
 * --source it draws from the built-in synthetic scenarios, one thread per scenario, an equal share
 * each. Progress: "Calibration: 50/500" every 50 inputs.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Collect inference inputs as .npy (float32 [C,H,W]) for INT8 calibration.")
public final class CalibrateCommand implements Runnable {
    static final String DEFAULT_SCENARIOS = "mixed,bursts,drift,dense,lowsnr,random";
    private static final int BLOCK = 1 << 16;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "output directory for calib_NNNN.npy")
    Path out;

    @Option(names = "--count", paramLabel = "N", defaultValue = "500", description = "inputs to collect (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--source", paramLabel = "FILE", description = "a recording (.sigmf-meta, or raw with --format/--sample-rate); default: synthetic scenes")
    Path source;

    @Mixin
    RawFileOptions raw;

    @Option(names = "--scenario", paramLabel = "NAME,...", defaultValue = DEFAULT_SCENARIOS,
            description = "synthetic scenarios to draw from (default: ${DEFAULT-VALUE})")
    String scenarios;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "7", description = "synthetic scene seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--every", paramLabel = "K", defaultValue = "1", description = "keep every K-th frame (default: ${DEFAULT-VALUE})")
    int every;

    @Mixin
    ModelInputOptions input;

    @Mixin
    ConfigOption configOption;

    private int channels;
    private Npy.Dtype dtype;

    @Override
    public void run() {
        if (count < 1) throw new UserError("--count must be >= 1, got " + count);
        if (every < 1) throw new UserError("--every must be >= 1, got " + every);
        channels = input.channels();
        dtype = input.dtype();
        G20Config config = configOption.load();
        int[] wh = input.size(config);
        SpectrogramConfig sc = config.spectrogram();
        List<String> names = source == null ? scenarioList(scenarios) : List.of();
        if (source != null && !Files.exists(source)) throw new UserError("--source: " + source + " does not exist");
        if (Files.exists(out) && !Files.isDirectory(out)) throw new UserError("--out: " + out + " exists and is not a directory");
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UserError("--out: cannot create " + out + ": " + e.getMessage());
        }

        AtomicInteger written = new AtomicInteger();
        Runnable progress = () -> {
            int n = written.incrementAndGet();
            if (n % 50 == 0 || n == count) {
                synchronized (System.out) {
                    System.out.printf(Locale.ROOT, "Calibration: %d/%d%n", n, count);
                }
            }
        };
        long t0 = System.nanoTime();
        String from;
        if (source != null) {
            var quota = new CalibrationCollector.Quota(0, count, progress);
            try (IqSource src = Sources.openFile(source, raw.format, raw.sampleRate, raw.centerFreq)) {
                drain(src, sc, new CalibrationCollector(InferenceInput.forModel(channels, wh[1], wh[0], sc), out, every, quota, dtype), quota);
            }
            from = source.toString();
        } else {
            collectSynthetic(names, sc, wh, progress);
            from = "synthetic scenarios " + String.join(", ", names) + " (seed " + seed + ")";
        }
        int n = written.get();
        if (n == 0) throw new UserError("no frames collected from " + from + " (recording shorter than one frame?)");
        System.out.printf(Locale.ROOT, "wrote %d inference inputs [%d, %d, %d] (%s) to %s from %s in %.1f s%s%n", n, channels, wh[1], wh[0],
                dtype.label(), out, from, (System.nanoTime() - t0) / 1e9, n < count ? " (source ended before " + count + ")" : "");
    }

    private void collectSynthetic(List<String> names, SpectrogramConfig sc, int[] wh, Runnable progress) {
        int k = names.size();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(k, Math.max(1, Runtime.getRuntime().availableProcessors())));
        try {
            List<Future<?>> jobs = new ArrayList<>();
            int first = 0;
            for (int i = 0; i < k; i++) {
                int share = count / k + (i < count % k ? 1 : 0);
                if (share == 0) continue;
                var quota = new CalibrationCollector.Quota(first, share, progress);
                first += share;
                String name = names.get(i);
                long s = seed + i;
                jobs.add(pool.submit(() -> {
                    try (IqSource src = new SyntheticSource(name, s, SyntheticSource.DEFAULT_SAMPLE_RATE_HZ, SyntheticSource.DEFAULT_CENTER_FREQ_HZ, 0)) {
                        drain(src, sc, new CalibrationCollector(InferenceInput.forModel(channels, wh[1], wh[0], sc), out, every, quota, dtype), quota);
                    }
                }));
            }
            for (Future<?> f : jobs) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) throw new UserError(io.getMessage());
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Feeds the source through one canonical generator until the quota is used up or the source ends. */
    static void drain(IqSource src, SpectrogramConfig sc, CalibrationCollector sink, CalibrationCollector.Quota quota) {
        float[] iq = new float[2 * BLOCK];
        try (var gen = new CanonicalSpectrogramGenerator(sc, src.info(), sink)) {
            while (!quota.full()) {
                int n = src.read(iq, BLOCK);
                if (n < 0) break;
                gen.accept(iq, n);
            }
        }
    }

    static List<String> scenarioList(String text) {
        List<String> out = new ArrayList<>();
        for (String p : text.split(",")) {
            String name = p.trim();
            if (name.isEmpty()) continue;
            if (Scenario.named(name).isEmpty())
                throw new UserError("--scenario: unknown scenario '" + name + "' (known: " + String.join(", ", Scenario.names()) + ")");
            out.add(name);
        }
        if (out.isEmpty()) throw new UserError("--scenario: no scenario given");
        return out;
    }
}
