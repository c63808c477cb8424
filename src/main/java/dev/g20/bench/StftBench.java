package dev.g20.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.g20.config.SpectrogramConfig;
import dev.g20.spectrogram.CanonicalSpectrogramGenerator;
import dev.g20.spectrogram.Colormap;
import dev.g20.spectrogram.StftBackend;
import dev.g20.spectrogram.StftBackends;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.function.Consumer;

/**
 * Sustained STFT throughput: whole frames through {@link StftBackend#computeRows} plus the
 * colormap lookup, exactly the per-frame work of the generator (a GPU backend is measured the
 * same way, transfers included). Each thread owns one backend and one frame of noise.
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
