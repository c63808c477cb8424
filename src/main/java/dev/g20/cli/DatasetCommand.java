package dev.g20.cli;

import dev.g20.config.G20Config;
import dev.g20.detect.SignalClasses;
import dev.g20.synth.Dataset;
import dev.g20.synth.Npy;
import dev.g20.synth.SyntheticSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** `g20 dataset`: write a detector training/validation set. */
@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = "Write a detector training/validation set: model-input tensors (.npy) made exactly as inference makes them, YOLO labels, data.yaml.")
public final class DatasetCommand implements Runnable {
    @Option(names = "--count", paramLabel = "N", required = true, description = "samples to write (one canonical frame each)")
    int count;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "output directory (train/, val/, data.yaml)")
    Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--scenario-mix", paramLabel = "NAME[:W],...", defaultValue = Dataset.DEFAULT_MIX,
            description = "scenarios to draw scenes from, with relative weights, or 'real' for the real-world mix (default: ${DEFAULT-VALUE})")
    String mix;

    @Option(names = "--val-fraction", paramLabel = "F", defaultValue = "0.1", description = "fraction of samples in val/ (default: ${DEFAULT-VALUE})")
    double valFraction;

    @Mixin
    ModelInputOptions input;

    @Option(names = "--sample-rate", paramLabel = "HZ", defaultValue = "10e6", description = "scene sample rate of the scaled scenarios; the real-world ones draw their own (default: ${DEFAULT-VALUE})")
    double sampleRate;

    @Option(names = "--labels", paramLabel = "RULE", defaultValue = "shown",
            description = "what a box names for AM or FM in a speech pause: shown (cw, what the frame shows) or emitter (its own class) (default: ${DEFAULT-VALUE})")
    String labels;

    @Option(names = "--threads", paramLabel = "T", description = "worker threads (default: all cores)")
    Integer threads;

    @Mixin
    ConfigOption configOption;

    @Override
    public void run() {
        if (count < 1) throw new UserError("--count must be >= 1, got " + count);
        if (!(valFraction >= 0 && valFraction < 1)) throw new UserError("--val-fraction must be in [0, 1), got " + valFraction);
        int channels = input.channels();
        if (!(sampleRate > 0) || Double.isInfinite(sampleRate)) throw new UserError("--sample-rate must be > 0, got " + sampleRate);
        Npy.Dtype storage = input.dtype();
        int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (nThreads < 1) throw new UserError("--threads must be >= 1, got " + nThreads);
        Dataset.Labels labelRule;
        try {
            labelRule = Dataset.Labels.parse(labels);
        } catch (IllegalArgumentException e) {
            throw new UserError("--labels " + e.getMessage());
        }
        List<Dataset.Weighted> weighted;
        try {
            weighted = Dataset.parseMix(mix);
        } catch (IllegalArgumentException e) {
            throw new UserError("--scenario-mix: " + e.getMessage());
        }
        G20Config config = configOption.load();
        int[] wh = input.size(config);
        int w = wh[0], h = wh[1];
        if (Files.exists(out) && !Files.isDirectory(out)) throw new UserError("--out: " + out + " exists and is not a directory");

        var opts = new Dataset.Options(out, count, seed, weighted, valFraction, w, h, channels, config.spectrogram(),
                sampleRate, SyntheticSource.DEFAULT_CENTER_FREQ_HZ, nThreads, storage, labelRule);
        long t0 = System.nanoTime();
        AtomicLong last = new AtomicLong(t0);
        System.err.printf(Locale.ROOT, "dataset: %d samples, %dx%dx%d %s tensors, spectrogram %s, %d threads, mix %s%n",
                count, channels, h, w, storage.label(), config.spectrogram().hash(), nThreads, mix);
        Dataset.Result r = Dataset.write(opts, done -> {
            long now = System.nanoTime();
            long prev = last.get();
            if ((now - prev >= 1_000_000_000L && last.compareAndSet(prev, now)) || done == count) {
                double el = (now - t0) / 1e9;
                System.err.printf(Locale.ROOT, "dataset: %d / %d (%.0f%%), %.1f samples/s%n", done, count, 100.0 * done / count, done / el);
            }
        });
        StringBuilder cc = new StringBuilder();
        for (int i = 0; i < r.classCounts().length; i++) cc.append(i > 0 ? ", " : "").append(SignalClasses.NAMES.get(i)).append(' ').append(r.classCounts()[i]);
        System.out.printf(Locale.ROOT, "wrote %s: %d train + %d val samples, %d labels (%s) in %.1f s (%.1f samples/s)%n",
                out.resolve("data.yaml"), r.train(), r.val(), r.labels(), cc, r.seconds(), count / r.seconds());
    }
}
