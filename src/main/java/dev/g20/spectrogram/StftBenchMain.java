package dev.g20.spectrogram;

import dev.g20.config.SpectrogramConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Stand-alone STFT benchmark (no Maven, no CLI): CPU on one and on all cores, and CUDA when a GPU
 * is there, through {@link StftBackend#computeRows} over whole frames, printed as JSON.
 * Throughput counts new input samples per frame (rows x hop), the rate a stream can be sustained
 * at; CUDA figures include the host-device transfers and the Java-heap copies.
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp g20.jar:lib/* dev.g20.spectrogram.StftBenchMain \
 *      [--seconds 2] [--cases 4096x256,4096x4096] [--cpu-threads N] [--no-cpu] [--out file.json] [--probe]
 * </pre>
 */
public final class StftBenchMain {
    private StftBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = 2;
        String cases = "4096x256,4096x4096,1024x256,1024x4096";
        int cpuThreads = Runtime.getRuntime().availableProcessors();
        boolean cpu = true;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--cases" -> cases = args[++i];
                case "--cpu-threads" -> cpuThreads = Integer.parseInt(args[++i]);
                case "--no-cpu" -> cpu = false;
                case "--out" -> out = Path.of(args[++i]);
                case "--probe" -> {
                    // exit 0 when the CUDA backend can start here, 3 (with the reason) when not
                    switch (CudaStftBackend.probe()) {
                        case CudaStftBackend.Ready r -> {
                            System.out.println("cuda: " + r.cuda().describe() + " via " + r.cuda().libraries());
                            System.exit(0);
                        }
                        case CudaStftBackend.Unavailable u -> {
                            System.out.println("cuda unavailable: " + u.reason());
                            System.exit(3);
                        }
                    }
                }
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        CudaStftBackend.Availability avail = CudaStftBackend.probe();
        StringBuilder json = new StringBuilder("{\n");
        json.append("  \"java\": \"").append(System.getProperty("java.version")).append("\",\n");
        json.append("  \"cores\": ").append(Runtime.getRuntime().availableProcessors()).append(",\n");
        json.append("  \"cuda\": \"").append(esc(switch (avail) {
            case CudaStftBackend.Ready r -> r.cuda().describe() + " via " + r.cuda().libraries();
            case CudaStftBackend.Unavailable u -> "unavailable: " + u.reason();
        })).append("\",\n  \"cases\": [\n");
        List<String> table = new ArrayList<>();
        String[] list = cases.split(",");
        for (int ci = 0; ci < list.length; ci++) {
            String[] nr = list[ci].trim().split("x");
            SpectrogramConfig cfg = new SpectrogramConfig(Integer.parseInt(nr[0]), dev.g20.config.StftWindow.HANN, 0.5, -30, 60, "viridis",
                    Integer.parseInt(nr[1]), dev.g20.config.FftBackend.AUTO);
            json.append(runCase(cfg, seconds, cpu ? cpuThreads : 0, avail, table));
            json.append(ci + 1 < list.length ? ",\n" : "\n");
        }
        json.append("  ]\n}\n");
        if (out != null) Files.writeString(out, json);
        System.out.print(json);
        System.out.println();
        System.out.println(String.format(Locale.ROOT, "%-14s %-22s %12s %10s %10s %10s", "case", "backend", "rows/s", "MS/s", "p50 ms", "p99 ms"));
        table.forEach(System.out::println);
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static float[] signal(int samples, long seed) {
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

    private static String runCase(SpectrogramConfig cfg, double seconds, int cpuThreads,
                                  CudaStftBackend.Availability avail, List<String> table) throws Exception {
        int rows = cfg.rowsPerFrame(), n = cfg.fftSize();
        int samples = CanonicalSpectrogramGenerator.samplesPerFrame(cfg);
        long newSamples = (long) rows * cfg.hop();
        float[][] inputs = new float[(long) samples * 8 > 64L << 20 ? 2 : 4][];
        for (int i = 0; i < inputs.length; i++) inputs[i] = signal(samples, 17 + i);
        String name = n + "x" + rows;
        StringBuilder j = new StringBuilder();
        j.append(String.format(Locale.ROOT, "    {\"fft_size\": %d, \"rows_per_frame\": %d, \"hop\": %d, \"new_samples_per_frame\": %d, \"input_bytes_per_frame\": %d, \"output_bytes_per_frame\": %d",
                n, rows, cfg.hop(), newSamples, 8L * samples, 5L * rows * n));
        float[] cpuPsd = new float[rows * n];
        byte[] cpuLevels = new byte[rows * n];
        try (CpuStftBackend one = new CpuStftBackend(cfg)) {
            one.computeRows(inputs[0], rows, cpuPsd, cpuLevels);
        }
        if (cpuThreads > 0) {
            Stats single = latency(new CpuStftBackend(cfg), inputs, rows, n, Math.min(seconds, 1.5), 3);
            double allRows = cpuThroughput(cfg, inputs, cpuThreads, seconds);
            j.append(String.format(Locale.ROOT, ",\n     \"cpu_1_thread\": {\"frame_ms_p50\": %.3f, \"rows_per_s\": %.0f, \"input_msps\": %.2f}",
                    single.p50, rows / (single.p50 / 1e3), newSamples / (single.p50 / 1e3) / 1e6));
            j.append(String.format(Locale.ROOT, ",\n     \"cpu_all_cores\": {\"threads\": %d, \"rows_per_s\": %.0f, \"input_msps\": %.2f}",
                    cpuThreads, allRows, allRows / rows * newSamples / 1e6));
            table.add(String.format(Locale.ROOT, "%-14s %-22s %12.0f %10.1f %10.3f %10.3f", name, "cpu 1 thread", rows / (single.p50 / 1e3), newSamples / (single.p50 / 1e3) / 1e6, single.p50, single.p99));
            table.add(String.format(Locale.ROOT, "%-14s %-22s %12.0f %10.1f %10s %10s", name, "cpu " + cpuThreads + " threads", allRows, allRows / rows * newSamples / 1e6, "-", "-"));
        }
        if (avail instanceof CudaStftBackend.Ready ready) {
            try {
                cudaCase(cfg, ready, inputs, cpuPsd, cpuLevels, seconds, name, j, table);
            } catch (RuntimeException e) {
                e.printStackTrace();
                j.append(",\n     \"cuda_error\": \"").append(esc(String.valueOf(e))).append("\"");
            }
        }
        j.append("}");
        System.err.println("done " + name);
        return j.toString();
    }

    private static void cudaCase(SpectrogramConfig cfg, CudaStftBackend.Ready ready, float[][] inputs, float[] cpuPsd,
                                 byte[] cpuLevels, double seconds, String name, StringBuilder j, List<String> table) {
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
                Stats lat = latency(gpu, inputs, rows, n, Math.min(seconds, 1.5), 20);
                Stats idle = idleLatency(gpu, inputs, rows, n, 40);
                double thr = sustained(gpu, inputs, rows, n, seconds);
                String key = v == 0 ? "cuda" : "cuda_copy_threads_0";
                j.append(String.format(Locale.ROOT, ",\n     \"%s\": {\"chunk_rows\": %d, \"copy_threads\": %d, \"max_abs_diff_db_vs_cpu\": %.5f, \"max_level_diff\": %d, "
                                + "\"frame_ms_p50\": %.3f, \"frame_ms_p99\": %.3f, \"frame_ms_max\": %.3f, \"rows_per_s\": %.0f, \"input_msps\": %.1f, \"frames_per_s\": %.1f",
                        key, gpu.chunkRows(), gpu.copyThreads(), maxDiff, maxLevelDiff, lat.p50, lat.p99, lat.max, thr * rows, thr * newSamples / 1e6, thr));
                j.append(String.format(Locale.ROOT, ", \"frame_ms_p50_after_5ms_idle\": %.3f, \"frame_ms_max_after_5ms_idle\": %.3f", idle.p50, idle.max));
                table.add(String.format(Locale.ROOT, "%-14s %-22s %12.0f %10.1f %10.3f %10.3f", name, "cuda copy_threads=" + gpu.copyThreads(), thr * rows, thr * newSamples / 1e6, lat.p50, lat.p99));
                if (v == 0) {
                    double pinned = sustainedPinned(gpu, rows, seconds / 2);
                    j.append(String.format(Locale.ROOT, ",\n       \"pinned_only\": {\"rows_per_s\": %.0f, \"input_msps\": %.1f, \"pcie_gb_per_s\": %.2f}",
                            pinned * rows, pinned * newSamples / 1e6, pinned * (8.0 * samples + 5.0 * rows * n) / 1e9));
                    table.add(String.format(Locale.ROOT, "%-14s %-22s %12.0f %10.1f %10s %10s", name, "cuda pinned-only", pinned * rows, pinned * newSamples / 1e6, "-", "-"));
                    j.append(",\n       \"breakdown_ms\": ").append(breakdown(gpu, inputs[0], rows, n));
                }
                j.append("}");
            }
        }
        // batch-size and copy-thread sweep: sustained throughput only
        j.append(",\n     \"cuda_sweep\": [");
        int[][] variants = {{0, 0}, {0, 2}, {0, 4}, {0, 8}, {1 << 17, 4}, {1 << 18, 4}, {1 << 20, 4}, {1 << 22, 4}};
        for (int v = 0; v < variants.length; v++) {
            CudaStftBackend.Options opt = new CudaStftBackend.Options(variants[v][0], variants[v][1]);
            try (CudaStftBackend gpu = new CudaStftBackend(cfg, ready, opt)) {
                double thr = sustained(gpu, inputs, rows, n, Math.min(seconds, 0.8));
                j.append(String.format(Locale.ROOT, "%s\n       {\"chunk_rows\": %d, \"copy_threads\": %d, \"rows_per_s\": %.0f, \"input_msps\": %.1f, \"frame_ms_mean\": %.3f}",
                        v == 0 ? "" : ",", gpu.chunkRows(), gpu.copyThreads(), thr * rows, thr * newSamples / 1e6, 1e3 / thr));
            }
        }
        j.append("]");
    }

    /** Median of each stage over several serialised profile runs. */
    private static String breakdown(CudaStftBackend gpu, float[] iq, int rows, int n) {
        int runs = 15;
        double[][] v = new double[7][runs];
        float[] psd = new float[rows * n];
        byte[] levels = new byte[rows * n];
        gpu.profile(iq, rows, psd, levels);
        for (int r = 0; r < runs; r++) {
            CudaStftBackend.Breakdown b = gpu.profile(iq, rows, psd, levels);
            double[] s = {b.hostCopyInMs(), b.h2dMs(), b.windowMs(), b.fftMs(), b.powerMs(), b.d2hMs(), b.hostCopyOutMs()};
            for (int k = 0; k < 7; k++) v[k][r] = s[k];
        }
        String[] names = {"host_copy_in", "h2d", "window_kernel", "cufft", "power_db_kernel", "d2h", "host_copy_out"};
        StringBuilder sb = new StringBuilder("{");
        double sum = 0;
        for (int k = 0; k < 7; k++) {
            Arrays.sort(v[k]);
            double m = v[k][runs / 2];
            sum += m;
            sb.append(String.format(Locale.ROOT, "\"%s\": %.4f, ", names[k], m));
        }
        return sb.append(String.format(Locale.ROOT, "\"serial_sum\": %.4f}", sum)).toString();
    }

    record Stats(double p50, double p99, double max) {
    }

    private static Stats latency(StftBackend b, float[][] inputs, int rows, int n, double seconds, int minRuns) {
        float[] psd = new float[rows * n];
        byte[] levels = new byte[rows * n];
        long warmEnd = System.nanoTime() + (long) (Math.min(0.5, seconds / 3) * 1e9);
        int i = 0;
        while (System.nanoTime() < warmEnd || i < 2) b.computeRows(inputs[i++ % inputs.length], rows, psd, levels);
        long end = System.nanoTime() + (long) (seconds * 1e9);
        double[] t = new double[100_000];
        int k = 0;
        while ((System.nanoTime() < end || k < minRuns) && k < t.length) {
            long t0 = System.nanoTime();
            b.computeRows(inputs[k % inputs.length], rows, psd, levels);
            t[k++] = (System.nanoTime() - t0) / 1e6;
        }
        double[] s = Arrays.copyOf(t, k);
        Arrays.sort(s);
        if (b instanceof CpuStftBackend) b.close();
        return new Stats(s[k / 2], s[Math.min(k - 1, (int) Math.ceil(k * 0.99) - 1)], s[k - 1]);
    }

    /** Latency of calls that each follow 5 ms of idleness (copy workers parked, as between live frames). */
    private static Stats idleLatency(StftBackend b, float[][] inputs, int rows, int n, int runs) {
        float[] psd = new float[rows * n];
        byte[] levels = new byte[rows * n];
        double[] t = new double[runs];
        for (int k = 0; k < runs; k++) {
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
            long t0 = System.nanoTime();
            b.computeRows(inputs[k % inputs.length], rows, psd, levels);
            t[k] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return new Stats(t[runs / 2], t[Math.min(runs - 1, (int) Math.ceil(runs * 0.99) - 1)], t[runs - 1]);
    }

    /** Frames per second, back to back from one caller thread (as the generator drives it). */
    private static double sustained(StftBackend b, float[][] inputs, int rows, int n, double seconds) {
        float[] psd = new float[rows * n];
        byte[] levels = new byte[rows * n];
        long t0 = System.nanoTime(), end = t0 + (long) (seconds * 1e9);
        int frames = 0;
        while (System.nanoTime() < end || frames < 3) b.computeRows(inputs[frames++ % inputs.length], rows, psd, levels);
        return frames / ((System.nanoTime() - t0) / 1e9);
    }

    private static double sustainedPinned(CudaStftBackend b, int rows, double seconds) {
        b.computeRowsPinnedOnly(rows);
        long t0 = System.nanoTime(), end = t0 + (long) (seconds * 1e9);
        int frames = 0;
        while (System.nanoTime() < end || frames < 3) {
            b.computeRowsPinnedOnly(rows);
            frames++;
        }
        return frames / ((System.nanoTime() - t0) / 1e9);
    }

    /** Rows per second over all threads, each with its own backend and output arrays. */
    private static double cpuThroughput(SpectrogramConfig cfg, float[][] inputs, int threads, double seconds) throws InterruptedException {
        int rows = cfg.rowsPerFrame(), n = cfg.fftSize();
        LongAdder rowsDone = new LongAdder();
        AtomicBoolean measuring = new AtomicBoolean(false), stop = new AtomicBoolean(false);
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts[t] = new Thread(() -> {
                try (CpuStftBackend b = new CpuStftBackend(cfg)) {
                    float[] psd = new float[rows * n];
                    byte[] levels = new byte[rows * n];
                    int k = id;
                    while (!stop.get()) {
                        b.computeRows(inputs[k++ % inputs.length], rows, psd, levels);
                        if (measuring.get()) rowsDone.add(rows);
                    }
                }
            });
            ts[t].start();
        }
        Thread.sleep((long) (Math.min(1.0, seconds / 2) * 1000));
        measuring.set(true);
        long t0 = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        double rate = rowsDone.sum() / ((System.nanoTime() - t0) / 1e9);
        stop.set(true);
        for (Thread t : ts) t.join();
        return rate;
    }
}
