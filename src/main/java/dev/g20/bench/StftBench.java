package dev.g20.bench;

import dev.g20.util.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.g20.config.FftBackend;
import dev.g20.config.SpectrogramConfig;
import dev.g20.config.StftWindow;
import dev.g20.spectrogram.CanonicalSpectrogramGenerator;
import dev.g20.spectrogram.Colormap;
import dev.g20.spectrogram.CpuStftBackend;
import dev.g20.spectrogram.CudaStftBackend;
import dev.g20.spectrogram.StftBackend;
import dev.g20.spectrogram.StftBackends;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.function.Consumer;

/**
 * The STFT benchmarks. For {@code g20 bench}: sustained throughput of whole frames through
 * {@link StftBackend#computeRows} plus the colormap lookup, exactly the per-frame work of the
 * generator (a GPU backend is measured the same way, transfers included); each thread owns one
 * backend and one frame of noise. Stand-alone ({@link #main}, no Maven, no CLI, for GPU machines):
 * CPU on one and on all cores against CUDA when a GPU is there, with latency, agreement with the
 * CPU and a per-stage breakdown, printed as JSON. Throughput there counts new input samples per
 * frame (rows x hop), the rate a stream can be sustained at; CUDA figures include the host-device
 * transfers and the Java-heap copies.
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp 'g20.jar:lib/*' dev.g20.bench.StftBench \
 *      [--seconds 2] [--cases 4096x256,4096x4096] [--cpu-threads N] [--no-cpu] [--out file.json] [--probe]
 * </pre>
 */
public final class StftBench {

    /**
     * One measurement over {@code threads} threads.
     *
     * @param rowsPerSecond    rows per wall-clock second, all threads together
     * @param rowsPerCpuSecond rows per CPU-second the threads actually got: what the rate would be
     *                         on cores not shared with other processes
     * @param cpuShare         CPU time / wall time of the threads, averaged (1.0 = never preempted)
     */
    public record Result(int threads, double rowsPerSecond, double msps, double rowsPerCpuSecond, double cpuShare,
                         String backend) {
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final ObjectMapper JSON = Json.JSON;

    private final SpectrogramConfig config;
    private final double seconds;
    private final double warmupSeconds;

    public StftBench(SpectrogramConfig config, double seconds) {
        this.config = config;
        this.seconds = seconds;
        this.warmupSeconds = Math.min(2.0, Math.max(0.3, seconds / 2));
    }

    /** Runs one measurement: every thread warms up, then all run for the same wall-clock window. */
    public Result measure(int threads) {
        CyclicBarrier start = new CyclicBarrier(threads);
        long[] rows = new long[threads];
        String[] names = new String[threads];
        Throwable[] failure = new Throwable[1];
        Thread[] workers = new Thread[threads];
        long[] window = new long[2];
        long[] cpuNs = new long[threads];
        long[] wallNs = new long[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers[t] = Thread.ofPlatform().name("g20-bench-" + t).start(() -> {
                try (StftBackend backend = StftBackends.create(config)) {
                    names[id] = backend.name();
                    Frame f = new Frame(config, id);
                    long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
                    while (System.nanoTime() < warmEnd) f.compute(backend);
                    start.await();
                    long c0 = THREADS.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    long end = t0 + (long) (seconds * 1e9);
                    long frames = 0;
                    long now;
                    do {
                        f.compute(backend);
                        frames++;
                        now = System.nanoTime();
                    } while (now < end);
                    cpuNs[id] = THREADS.getCurrentThreadCpuTime() - c0;
                    wallNs[id] = now - t0;
                    rows[id] = frames * config.rowsPerFrame();
                    synchronized (window) {
                        if (window[0] == 0 || t0 < window[0]) window[0] = t0;
                        window[1] = Math.max(window[1], now);
                    }
                } catch (Throwable e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                    start.reset();
                }
            });
        }
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        if (failure[0] != null) throw new IllegalStateException("bench thread failed: " + failure[0], failure[0]);
        long total = 0;
        double perCpu = 0, share = 0;
        for (int t = 0; t < threads; t++) {
            total += rows[t];
            perCpu += cpuNs[t] > 0 ? rows[t] / (cpuNs[t] / 1e9) : 0;
            share += wallNs[t] > 0 ? (double) cpuNs[t] / wallNs[t] / threads : 0;
        }
        double elapsed = (window[1] - window[0]) / 1e9;
        double rps = total / elapsed;
        return new Result(threads, rps, rps * config.hop() / 1e6, perCpu, share, names[0]);
    }

    /** Fills {@code out} with the configuration and a single-thread and an all-cores measurement. */
    public void run(ObjectNode out, int allThreads, Consumer<String> progress) {
        out.put("fft_size", config.fftSize());
        out.put("overlap", config.overlap());
        out.put("hop", config.hop());
        out.put("window", config.window().wireName());
        out.put("rows_per_frame", config.rowsPerFrame());
        out.put("fft_backend_requested", config.fftBackend().wireName());
        out.put("seconds_per_measurement", seconds);
        out.put("measures", "StftBackend.computeRows over whole frames (window, FFT, PSD dB, 0-255 levels) + colormap to RGBA");
        progress.accept(String.format("bench: stft fft_size=%d hop=%d, 1 thread, %.1f s ...", config.fftSize(), config.hop(), seconds));
        Result one = measure(1);
        out.put("backend", one.backend());
        put(out.putObject("single_thread"), one);
        progress.accept(String.format("bench: stft 1 thread: %.0f rows/s = %.1f MS/s (%.1f MS/s per CPU-second, CPU share %.2f)",
                one.rowsPerSecond(), one.msps(), one.rowsPerCpuSecond() * config.hop() / 1e6, one.cpuShare()));
        if (allThreads > 1) {
            progress.accept(String.format("bench: stft %d threads, %.1f s ...", allThreads, seconds));
            Result all = measure(allThreads);
            put(out.putObject("all_cores"), all);
            progress.accept(String.format("bench: stft %d threads: %.0f rows/s = %.1f MS/s (CPU share %.2f)",
                    allThreads, all.rowsPerSecond(), all.msps(), all.cpuShare()));
        } else {
            put(out.putObject("all_cores"), one);
        }
    }

    private void put(ObjectNode o, Result r) {
        int hop = config.hop();
        o.put("threads", r.threads());
        o.put("stft_rows_per_s", Math.round(r.rowsPerSecond() * 10) / 10.0);
        o.put("stft_msps", Math.round(r.msps() * 100) / 100.0);
        o.put("stft_rows_per_cpu_s", Math.round(r.rowsPerCpuSecond() * 10) / 10.0);
        o.put("stft_msps_per_cpu_s", Math.round(r.rowsPerCpuSecond() * hop / 1e6 * 100) / 100.0);
        o.put("cpu_share", Math.round(r.cpuShare() * 1000) / 1000.0);
    }

    /** The frame shapes (fft size x rows per frame) the comparison runs when no {@code --cases} is given. */
    public static final String DEFAULT_CASES = "4096x256,4096x4096,1024x256,1024x4096";
    private static final String TABLE_ROW = "%-14s %-22s %12.0f %10.1f %10.3f %10.3f";
    private static final String TABLE_ROW_NO_LATENCY = "%-14s %-22s %12.0f %10.1f %10s %10s";

    /**
     * The CPU-vs-CUDA comparison. {@code --probe} only says whether the CUDA backend can start here
     * (exit 0) or why not (exit 3); bad arguments exit 2 with a one-line message.
     */
    public static void main(String[] args) throws Exception {
        double seconds = 2;
        List<SpectrogramConfig> cases = parseCases(DEFAULT_CASES);
        int cpuThreads = Runtime.getRuntime().availableProcessors();
        boolean cpu = true;
        Path out = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--seconds" -> seconds = Double.parseDouble(value(args, ++i));
                    case "--cases" -> cases = parseCases(value(args, ++i));
                    case "--cpu-threads" -> cpuThreads = Integer.parseInt(value(args, ++i));
                    case "--no-cpu" -> cpu = false;
                    case "--out" -> out = Path.of(value(args, ++i));
                    case "--probe" -> System.exit(probe());
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (RuntimeException e) {
            System.err.println("StftBench: " + e);
            System.exit(2);
        }
        List<String> table = new ArrayList<>();
        ObjectNode report = compareBackends(cases, seconds, cpu ? cpuThreads : 0, table);
        String json = Json.PRETTY.writeValueAsString(report) + "\n";
        if (out != null) Files.writeString(out, json);
        System.out.print(json);
        System.out.println();
        System.out.println(String.format(Locale.ROOT, "%-14s %-22s %12s %10s %10s %10s", "case", "backend", "rows/s", "MS/s", "p50 ms", "p99 ms"));
        table.forEach(System.out::println);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) throw new IllegalArgumentException(args[i - 1] + " needs a value");
        return args[i];
    }

    private static int probe() {
        return switch (CudaStftBackend.probe()) {
            case CudaStftBackend.Ready r -> {
                System.out.println("cuda: " + r.cuda().describe() + " via " + r.cuda().libraries());
                yield 0;
            }
            case CudaStftBackend.Unavailable u -> {
                System.out.println("cuda unavailable: " + u.reason());
                yield 3;
            }
        };
    }

    /** "4096x256,1024x4096" (fft size x rows per frame) as hann, 50 % overlap configurations. */
    static List<SpectrogramConfig> parseCases(String cases) {
        List<SpectrogramConfig> out = new ArrayList<>();
        for (String c : cases.split(",")) {
            String[] nr = c.trim().split("x");
            if (nr.length != 2) throw new IllegalArgumentException("--cases: '" + c.trim() + "' is not FFTxROWS, e.g. 4096x256");
            out.add(new SpectrogramConfig(Integer.parseInt(nr[0]), StftWindow.HANN, 0.5, -30, 60, "viridis", Integer.parseInt(nr[1]),
                    FftBackend.AUTO));
        }
        return out;
    }

    /**
     * Runs the comparison for each case, CPU figures only when {@code cpuThreads > 0}; adds one
     * text line per measurement to {@code table}.
     */
    public static ObjectNode compareBackends(List<SpectrogramConfig> cases, double seconds, int cpuThreads, List<String> table)
            throws InterruptedException {
        CudaStftBackend.Availability avail = CudaStftBackend.probe();
        ObjectNode root = JSON.createObjectNode();
        root.put("java", System.getProperty("java.version"));
        root.put("cores", Runtime.getRuntime().availableProcessors());
        root.put("cuda", switch (avail) {
            case CudaStftBackend.Ready r -> r.cuda().describe() + " via " + r.cuda().libraries();
            case CudaStftBackend.Unavailable u -> "unavailable: " + u.reason();
        });
        ArrayNode list = root.putArray("cases");
        for (SpectrogramConfig cfg : cases) compareCase(cfg, seconds, cpuThreads, avail, list.addObject(), table);
        return root;
    }

    private static void compareCase(SpectrogramConfig cfg, double seconds, int cpuThreads, CudaStftBackend.Availability avail,
                                    ObjectNode j, List<String> table) throws InterruptedException {
        int rows = cfg.rowsPerFrame(), n = cfg.fftSize();
        int samples = CanonicalSpectrogramGenerator.samplesPerFrame(cfg);
        long newSamples = (long) rows * cfg.hop();
        float[][] inputs = new float[(long) samples * 8 > 64L << 20 ? 2 : 4][];
        for (int i = 0; i < inputs.length; i++) inputs[i] = toneSignal(samples, 17 + i);
        String name = n + "x" + rows;
        j.put("fft_size", n);
        j.put("rows_per_frame", rows);
        j.put("hop", cfg.hop());
        j.put("new_samples_per_frame", newSamples);
        j.put("input_bytes_per_frame", 8L * samples);
        j.put("output_bytes_per_frame", 5L * rows * n);
        float[] cpuPsd = new float[rows * n];
        byte[] cpuLevels = new byte[rows * n];
        try (CpuStftBackend one = new CpuStftBackend(cfg)) {
            one.computeRows(inputs[0], rows, cpuPsd, cpuLevels);
        }
        if (cpuThreads > 0) {
            StftTimings.Stats single = StftTimings.latency(new CpuStftBackend(cfg), inputs, rows, n, Math.min(seconds, 1.5), 3);
            double allRows = StftTimings.cpuThroughput(cfg, inputs, cpuThreads, seconds);
            double singleRows = rows / (single.p50() / 1e3);
            ObjectNode one = j.putObject("cpu_1_thread");
            one.put("frame_ms_p50", round(single.p50(), 3));
            one.put("rows_per_s", Math.round(singleRows));
            one.put("input_msps", round(newSamples / (single.p50() / 1e3) / 1e6, 2));
            ObjectNode all = j.putObject("cpu_all_cores");
            all.put("threads", cpuThreads);
            all.put("rows_per_s", Math.round(allRows));
            all.put("input_msps", round(allRows / rows * newSamples / 1e6, 2));
            table.add(String.format(Locale.ROOT, TABLE_ROW, name, "cpu 1 thread", singleRows,
                    newSamples / (single.p50() / 1e3) / 1e6, single.p50(), single.p99()));
            table.add(String.format(Locale.ROOT, TABLE_ROW_NO_LATENCY, name, "cpu " + cpuThreads + " threads", allRows,
                    allRows / rows * newSamples / 1e6, "-", "-"));
        }
        if (avail instanceof CudaStftBackend.Ready ready) {
            try {
                cudaCase(cfg, ready, inputs, cpuPsd, cpuLevels, seconds, name, j, table);
            } catch (RuntimeException e) {
                e.printStackTrace();
                j.put("cuda_error", String.valueOf(e));
            }
        }
        System.err.println("done " + name);
    }

    private static void cudaCase(SpectrogramConfig cfg, CudaStftBackend.Ready ready, float[][] inputs, float[] cpuPsd,
                                 byte[] cpuLevels, double seconds, String name, ObjectNode j, List<String> table) {
        int rows = cfg.rowsPerFrame(), n = cfg.fftSize();
        int samples = CanonicalSpectrogramGenerator.samplesPerFrame(cfg);
        long newSamples = (long) rows * cfg.hop();
        int defaultThreads = CudaStftBackend.Options.fromSystemProperties().copyThreads();
        int[] threadVariants = defaultThreads > 0 ? new int[]{defaultThreads, 0} : new int[]{0};
        for (int v = 0; v < threadVariants.length; v++) {
            CudaStftBackend.Options opt = new CudaStftBackend.Options(Integer.getInteger("g20.cuda.chunkBins", 0), threadVariants[v]);
            try (CudaStftBackend gpu = new CudaStftBackend(cfg, ready, opt)) {
                float[] psd = new float[rows * n];
                byte[] levels = new byte[rows * n];
                gpu.computeRows(inputs[0], rows, psd, levels);
                double maxDiff = 0;
                int maxLevelDiff = 0;
                float floor = (float) (cfg.psdRefDbm() - cfg.dynamicRangeDb());
                for (int i = 0; i < psd.length; i++) {
                    if (cpuPsd[i] > floor) maxDiff = Math.max(maxDiff, Math.abs(psd[i] - cpuPsd[i]));
                    maxLevelDiff = Math.max(maxLevelDiff, Math.abs((levels[i] & 0xff) - (cpuLevels[i] & 0xff)));
                }
                StftTimings.Stats lat = StftTimings.latency(gpu, inputs, rows, n, Math.min(seconds, 1.5), 20);
                StftTimings.Stats idle = StftTimings.idleLatency(gpu, inputs, rows, n, 40);
                double thr = StftTimings.sustained(gpu, inputs, rows, n, seconds);
                ObjectNode c = j.putObject(v == 0 ? "cuda" : "cuda_copy_threads_0");
                c.put("chunk_rows", gpu.chunkRows());
                c.put("copy_threads", gpu.copyThreads());
                c.put("max_abs_diff_db_vs_cpu", round(maxDiff, 5));
                c.put("max_level_diff", maxLevelDiff);
                c.put("frame_ms_p50", round(lat.p50(), 3));
                c.put("frame_ms_p99", round(lat.p99(), 3));
                c.put("frame_ms_max", round(lat.max(), 3));
                c.put("rows_per_s", Math.round(thr * rows));
                c.put("input_msps", round(thr * newSamples / 1e6, 1));
                c.put("frames_per_s", round(thr, 1));
                c.put("frame_ms_p50_after_5ms_idle", round(idle.p50(), 3));
                c.put("frame_ms_max_after_5ms_idle", round(idle.max(), 3));
                table.add(String.format(Locale.ROOT, TABLE_ROW, name, "cuda copy_threads=" + gpu.copyThreads(), thr * rows,
                        thr * newSamples / 1e6, lat.p50(), lat.p99()));
                if (v == 0) {
                    double pinned = StftTimings.sustainedPinned(gpu, rows, seconds / 2);
                    ObjectNode p = c.putObject("pinned_only");
                    p.put("rows_per_s", Math.round(pinned * rows));
                    p.put("input_msps", round(pinned * newSamples / 1e6, 1));
                    p.put("pcie_gb_per_s", round(pinned * (8.0 * samples + 5.0 * rows * n) / 1e9, 2));
                    table.add(String.format(Locale.ROOT, TABLE_ROW_NO_LATENCY, name, "cuda pinned-only", pinned * rows,
                            pinned * newSamples / 1e6, "-", "-"));
                    StftTimings.breakdown(gpu, inputs[0], rows, n, c.putObject("breakdown_ms"));
                }
            }
        }
        // batch-size and copy-thread sweep: sustained throughput only
        ArrayNode sweep = j.putArray("cuda_sweep");
        int[][] variants = {{0, 0}, {0, 2}, {0, 4}, {0, 8}, {1 << 17, 4}, {1 << 18, 4}, {1 << 20, 4}, {1 << 22, 4}};
        for (int[] variant : variants) {
            CudaStftBackend.Options opt = new CudaStftBackend.Options(variant[0], variant[1]);
            try (CudaStftBackend gpu = new CudaStftBackend(cfg, ready, opt)) {
                double thr = StftTimings.sustained(gpu, inputs, rows, n, Math.min(seconds, 0.8));
                ObjectNode o = sweep.addObject();
                o.put("chunk_rows", gpu.chunkRows());
                o.put("copy_threads", gpu.copyThreads());
                o.put("rows_per_s", Math.round(thr * rows));
                o.put("input_msps", round(thr * newSamples / 1e6, 1));
                o.put("frame_ms_mean", round(1e3 / thr, 3));
            }
        }
    }

    /** A strong tone, a weak one 34 dB under it at another frequency, and a little noise (the comparison's signal). */
    private static float[] toneSignal(int samples, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] iq = new float[2 * samples];
        double f1 = 0.1234, f2 = -0.3011;
        for (int i = 0; i < samples; i++) {
            double a1 = 2 * Math.PI * f1 * i, a2 = 2 * Math.PI * f2 * i;
            iq[2 * i] = (float) (0.5 * Math.cos(a1) + 0.01 * Math.cos(a2) + 0.01 * rnd.nextGaussian());
            iq[2 * i + 1] = (float) (0.5 * Math.sin(a1) + 0.01 * Math.sin(a2) + 0.01 * rnd.nextGaussian());
        }
        return iq;
    }

    static double round(double v, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(v * scale) / scale;
    }

    /** One frame of input and output buffers (what the generator holds per frame). */
    private static final class Frame {
        final float[] iq;
        final float[] psd;
        final byte[] levels;
        final byte[] rgba;
        final int rows;
        final Colormap colormap;

        Frame(SpectrogramConfig c, long seed) {
            rows = c.rowsPerFrame();
            iq = new float[2 * CanonicalSpectrogramGenerator.samplesPerFrame(c)];
            SplittableRandom rnd = new SplittableRandom(seed);
            for (int i = 0; i < iq.length; i++) iq[i] = (float) ((rnd.nextDouble() - 0.5) * 0.2);
            psd = new float[rows * c.fftSize()];
            levels = new byte[psd.length];
            rgba = new byte[4 * psd.length];
            colormap = Colormap.of(c.colormap());
        }

        void compute(StftBackend backend) {
            backend.computeRows(iq, rows, psd, levels);
            colormap.toRgba(levels, 0, levels.length, rgba, 0);
        }
    }
}
