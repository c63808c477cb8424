package dev.g20.synth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.g20.config.SpectrogramConfig;
import dev.g20.detect.GroundTruth;
import dev.g20.detect.InferenceInput;
import dev.g20.detect.SignalClasses;
import dev.g20.source.SigMfAnnotation;
import dev.g20.spectrogram.CanonicalSpectrogramGenerator;
import dev.g20.spectrogram.CpuStftBackend;
import dev.g20.spectrogram.SpectrogramFrame;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntConsumer;

/**
 * Writes a detector training set: for each sample index a random scene (seeded by (seed, index),
 * so the result does not depend on the thread count), one canonical frame of it from the real
 * {@link CanonicalSpectrogramGenerator}, the model input from {@link InferenceInput#fill} (the
 * path inference uses) and YOLO labels from {@link GroundTruth#inFrame} (the truth eval uses).
 */
public final class Dataset {

    /** Which class a label names when AM or FM is in a speech pause (a bare carrier in that frame). */
    public enum Labels {
        /** What the frame shows: cw, at the carrier's width (the default; what the shipped model was trained on). */
        SHOWN,
        /** The emitter's own class, whatever the frame shows (held-out v2 of the model card). */
        EMITTER;

        /** The command-line name. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** "shown" or "emitter" (any case); IllegalArgumentException names the value otherwise. */
        public static Labels parse(String text) {
            for (Labels l : values()) if (l.label().equalsIgnoreCase(text)) return l;
            throw new IllegalArgumentException("must be shown or emitter, got '" + text + "'");
        }
    }

    /** A scenario and its relative weight in the mix. */
    public record Weighted(Scenario scenario, double weight) {
    }

    /**
     * What to write.
     *
     * @param centerFreqHz   irrelevant to the tensors; kept so the frames look like the live ones
     * @param threads        worker threads (samples are independent)
     * @param storage        tensor dtype on disk
     * @param labels         what a label names for AM or FM in a speech pause
     */
    public record Options(Path dir, int count, long seed, List<Weighted> mix, double valFraction, int width, int height,
                          int channels, SpectrogramConfig spectrogram, double sampleRateHz, double centerFreqHz, int threads,
                          Npy.Dtype storage, Labels labels) {
        /** Labels as the frame shows them. */
        public Options(Path dir, int count, long seed, List<Weighted> mix, double valFraction, int width, int height,
                       int channels, SpectrogramConfig spectrogram, double sampleRateHz, double centerFreqHz, int threads,
                       Npy.Dtype storage) {
            this(dir, count, seed, mix, valFraction, width, height, channels, spectrogram, sampleRateHz, centerFreqHz, threads, storage, Labels.SHOWN);
        }

        /** Float32 tensors. */
        public Options(Path dir, int count, long seed, List<Weighted> mix, double valFraction, int width, int height,
                       int channels, SpectrogramConfig spectrogram, double sampleRateHz, double centerFreqHz, int threads) {
            this(dir, count, seed, mix, valFraction, width, height, channels, spectrogram, sampleRateHz, centerFreqHz, threads, Npy.Dtype.FLOAT32);
        }
    }

    /** What was written. */
    public record Result(int train, int val, long labels, long[] classCounts, double seconds) {
    }

    /** The default scenario mix: mostly fully random scenes, plus the named ones for realism. */
    public static final String DEFAULT_MIX = "random:5,mixed,bursts,drift,dense,lowsnr";

    /**
     * The real-world mix (`--scenario-mix real`): the physical scenarios at their own rates, floors
     * and receiver effects, mostly the all-family realworld scenes, plus a share of the original
     * mix so the old scenes stay covered.
     */
    public static final String REAL_MIX = "realworld:8,ism:2,adsb,wifi,ofdm,lora,broadcast,radar,random:2,mixed:0.5,bursts:0.5,drift:0.5,dense:0.5,lowsnr:0.5";

    /** Names a whole mix stands for: {@code default} and {@code real}. */
    public static String expandMix(String text) {
        return switch (text.trim()) {
            case "default" -> DEFAULT_MIX;
            case "real" -> REAL_MIX;
            default -> text;
        };
    }

    private Dataset() {
    }

    /** Parses "name[:weight],..." against the known scenarios; null on the first unknown name (reported by the caller). */
    public static List<Weighted> parseMix(String text) {
        List<Weighted> out = new ArrayList<>();
        for (String part : expandMix(text).split(",")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            String name = p;
            double w = 1;
            int colon = p.indexOf(':');
            if (colon >= 0) {
                name = p.substring(0, colon);
                try {
                    w = Double.parseDouble(p.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad weight in '" + p + "'");
                }
                if (!(w > 0) || Double.isInfinite(w)) throw new IllegalArgumentException("weight must be > 0 in '" + p + "'");
            }
            String n = name;
            Scenario s = Scenario.named(n).orElseThrow(() -> new IllegalArgumentException("unknown scenario '" + n + "' (known: " + String.join(", ", Scenario.names()) + ")"));
            out.add(new Weighted(s, w));
        }
        if (out.isEmpty()) throw new IllegalArgumentException("empty scenario mix");
        return out;
    }

    /** True when sample {@code index} belongs to the validation split (evenly interleaved). */
    public static boolean isVal(int index, double valFraction) {
        return Math.floor((index + 1) * valFraction) > Math.floor(index * valFraction);
    }

    /** One generated sample: the tensor, its frame and the labels. */
    public record Sample(int index, String scenario, SpectrogramFrame frame, List<SigMfAnnotation> annotations,
                         List<GroundTruth.LabeledBox> boxes, float[] tensor) {
    }

    /** Generates sample {@code index} (pure function of the options and the index). */
    public static Sample generate(Options o, int index, InferenceInput input) {
        Rng rng = new Rng(Rng.derive(o.seed(), index));
        Scenario scenario = pick(o.mix(), rng.nextDouble());
        SpectrogramConfig cfg = o.spectrogram();
        long sceneSeed = rng.nextLong();
        // a physical scenario draws its own sample rate (one real receivers use); the others take the option's
        double fs = scenario.rates() == null ? o.sampleRateHz() : scenario.rates().pick(sceneSeed);
        Scene.Settings settings = Scene.Settings.of(fs, o.centerFreqHz())
                .withSegmentSamples((long) cfg.rowsPerFrame() * cfg.hop());
        Scene scene = scenario.newScene(sceneSeed, settings);
        int need = CanonicalSpectrogramGenerator.samplesPerFrame(cfg);
        SyntheticSource source = new SyntheticSource(scene, need, 0, "dataset sample " + index);
        SpectrogramFrame[] got = new SpectrogramFrame[1];
        // the CPU backend directly: every backend yields the same canonical PSD, and this avoids a log line per sample
        try (var gen = new CanonicalSpectrogramGenerator(cfg, source.info(), f -> got[0] = f, CpuStftBackend::new)) {
            float[] buf = new float[2 * Scene.BLOCK];
            int n;
            while (got[0] == null && (n = source.read(buf, Scene.BLOCK)) > 0) gen.accept(buf, n);
        }
        SpectrogramFrame frame = got[0];
        // by default the labels say what this frame shows: AM or FM in a speech pause is a bare carrier, labelled cw
        List<SigMfAnnotation> anns = o.labels() == Labels.SHOWN
                ? source.annotationsAsShown(frame.firstSample(), frame.firstSample() + frame.spanSamples())
                : source.annotations();
        // a burst shorter than two rows (a Mode S message is a tenth of a row at 2 MS/s) shows in every row whose window holds it
        if (scenario.rates() != null && o.labels() == Labels.SHOWN) anns = widenShort(anns, cfg.fftSize(), cfg.hop());
        List<GroundTruth.LabeledBox> boxes = GroundTruth.inFrame(frame, anns, SignalClasses.NAMES);
        float[] tensor = input.newTensor();
        input.fill(frame, tensor);
        return new Sample(index, scenario.name(), frame, anns, boxes, tensor);
    }

    /**
     * Emissions shorter than two rows, widened in time to the rows whose STFT windows
     * ({@code fft} samples every {@code hop}) overlap them: what the frame shows of a short burst
     * (the widened ones carry {@code g20:shown_as: short_burst}).
     */
    static List<SigMfAnnotation> widenShort(List<SigMfAnnotation> anns, int fft, int hop) {
        List<SigMfAnnotation> out = new ArrayList<>(anns.size());
        for (SigMfAnnotation a : anns) {
            if (a.sampleCount() >= 2L * hop) {
                out.add(a);
                continue;
            }
            long s = a.sampleStart(), e = s + a.sampleCount();
            long first = Math.max(0, Math.floorDiv(s - fft, hop) + 1), last = Math.floorDiv(e - 1, hop);
            long from = first * hop, to = (last + 1) * hop;
            Map<String, Object> extras = new LinkedHashMap<>(a.extras());
            extras.put("g20:shown_as", "short_burst");
            out.add(new SigMfAnnotation(from, to - from, a.freqLowerEdge(), a.freqUpperEdge(), a.label(), extras));
        }
        return out;
    }

    private static Scenario pick(List<Weighted> mix, double u) {
        double total = 0;
        for (Weighted w : mix) total += w.weight();
        double x = u * total;
        for (Weighted w : mix) {
            x -= w.weight();
            if (x < 0) return w.scenario();
        }
        return mix.getLast().scenario();
    }

    /** YOLO label lines "class cx cy w h" (normalised, canonical box space) for the labelled boxes. */
    public static String labelText(List<GroundTruth.LabeledBox> boxes) {
        StringBuilder sb = new StringBuilder();
        for (GroundTruth.LabeledBox b : boxes) {
            if (b.classId() < 0) continue;
            var x = b.box();
            sb.append(String.format(Locale.ROOT, "%d %.6f %.6f %.6f %.6f%n", b.classId(), x.centerX(), x.centerY(), x.width(), x.height()));
        }
        return sb.toString();
    }

    /** Writes the whole set; {@code progress} gets the number of samples done (from any thread). */
    public static Result write(Options o, IntConsumer progress) {
        long t0 = System.nanoTime();
        Path dir = o.dir();
        try {
            for (String split : List.of("train", "val")) {
                Files.createDirectories(dir.resolve(split).resolve("images"));
                Files.createDirectories(dir.resolve(split).resolve("labels"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicLongArray classCounts = new AtomicLongArray(SignalClasses.NAMES.size());
        AtomicInteger done = new AtomicInteger();
        AtomicInteger valCount = new AtomicInteger();
        AtomicLongArray labels = new AtomicLongArray(1);
        ThreadLocal<InferenceInput> inputs = ThreadLocal.withInitial(() -> InferenceInput.forModel(o.channels(), o.height(), o.width(), o.spectrogram()));
        ThreadLocal<ByteBuffer> buffers = ThreadLocal.withInitial(() -> ByteBuffer.allocate(o.storage().bytes() * o.channels() * o.height() * o.width()));
        int[] shape = {o.channels(), o.height(), o.width()};
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, o.threads()), r -> {
            Thread t = new Thread(r, "dataset-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>(o.count());
            for (int i = 0; i < o.count(); i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    Sample s = generate(o, index, inputs.get());
                    boolean val = isVal(index, o.valFraction());
                    Path split = dir.resolve(val ? "val" : "train");
                    String name = String.format(Locale.ROOT, "%06d", index);
                    try {
                        Npy.write(split.resolve("images").resolve(name + ".npy"), s.tensor(), buffers.get(), o.storage(), shape);
                        Files.writeString(split.resolve("labels").resolve(name + ".txt"), labelText(s.boxes()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    for (var b : s.boxes()) {
                        if (b.classId() < 0) continue;
                        classCounts.incrementAndGet(b.classId());
                        labels.incrementAndGet(0);
                    }
                    if (val) valCount.incrementAndGet();
                    progress.accept(done.incrementAndGet());
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException re) throw re;
                    throw new IllegalStateException(c);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } finally {
            pool.shutdownNow();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long[] cc = new long[classCounts.length()];
        for (int i = 0; i < cc.length; i++) cc[i] = classCounts.get(i);
        int val = valCount.get();
        Result r = new Result(o.count() - val, val, labels.get(0), cc, (System.nanoTime() - t0) / 1e9);
        writeDataYaml(o, r);
        return r;
    }

    private static void writeDataYaml(Options o, Result r) {
        Map<String, Object> y = new LinkedHashMap<>();
        y.put("path", o.dir().toAbsolutePath().normalize().toString());
        y.put("train", "train/images");
        y.put("val", "val/images");
        y.put("nc", SignalClasses.NAMES.size());
        y.put("names", SignalClasses.NAMES);
        y.put("channels", o.channels());
        y.put("input_width", o.width());
        y.put("input_height", o.height());
        y.put("dtype", o.storage().label());
        y.put("tensor", (o.storage() == Npy.Dtype.UINT8 ? "uint8 .npy [C, H, W], value / 255 = " : "float32 .npy [C, H, W] = ")
                + "InferenceInput.fill: PSD area-averaged to H x W (at the frame's own rows x bins: every bin), scaled to [0, 1] over the display range");
        y.put("labels", "YOLO: class cx cy w h, normalised; x = frequency (fft-shifted bins), y = time (frame rows)");
        y.put("label_rule", o.labels().label() + (o.labels() == Labels.SHOWN
                ? ": AM or FM whose speech is audible in under 2 of 256 rows is cw at the carrier's width"
                : ": every box names its emitter's class, AM and FM in a speech pause too"));
        SpectrogramConfig c = o.spectrogram();
        y.put("spectrogram_config_hash", c.hash());
        Map<String, Object> sc = new LinkedHashMap<>();
        sc.put("fft_size", c.fftSize());
        sc.put("window", c.window().wireName());
        sc.put("overlap", c.overlap());
        sc.put("psd_ref_dbm", c.psdRefDbm());
        sc.put("dynamic_range_db", c.dynamicRangeDb());
        sc.put("rows_per_frame", c.rowsPerFrame());
        y.put("spectrogram", sc);
        y.put("sample_rate_hz", o.sampleRateHz());
        Map<String, Object> own = new LinkedHashMap<>();
        for (Weighted w : o.mix())
            if (w.scenario().rates() != null) own.put(w.scenario().name(), w.scenario().rates().lowHz() + "-" + w.scenario().rates().highHz());
        // scenarios of real-world families draw their own rate per sample (common SDR rates in this range)
        if (!own.isEmpty()) y.put("scenario_sample_rates_hz", own);
        y.put("seed", o.seed());
        List<String> mix = new ArrayList<>();
        for (Weighted w : o.mix()) mix.add(w.scenario().name() + ":" + w.weight());
        y.put("scenario_mix", mix);
        y.put("val_fraction", o.valFraction());
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("train", r.train());
        counts.put("val", r.val());
        counts.put("labels", r.labels());
        y.put("counts", counts);
        Map<String, Object> per = new LinkedHashMap<>();
        for (int i = 0; i < r.classCounts().length; i++) per.put(SignalClasses.NAMES.get(i), r.classCounts()[i]);
        y.put("class_counts", per);
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).disable(YAMLGenerator.Feature.SPLIT_LINES));
        try {
            Files.writeString(o.dir().resolve("data.yaml"), "# G20 detector dataset, written by g20 dataset\n" + yaml.writeValueAsString(y));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
