package dev.g20.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.g20.config.SpectrogramConfig;
import dev.g20.spectrogram.CpuStftBackend;
import dev.g20.spectrogram.CudaStftBackend;
import dev.g20.spectrogram.StftBackend;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/** The timing loops of the CPU-vs-CUDA comparison in {@link StftBench}: latency, sustained rate, stage breakdown. */
final class StftTimings {
    private StftTimings() {
    }

    /** Frame latency percentiles in ms. */
    record Stats(double p50, double p99, double max) {
    }

    /** Latency of back-to-back calls after a warm-up; closes a CPU backend afterwards. */
    static Stats latency(StftBackend b, float[][] inputs, int rows, int n, double seconds, int minRuns) {
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
    static Stats idleLatency(StftBackend b, float[][] inputs, int rows, int n, int runs) {
        float[] psd = new float[rows * n];
        byte[] levels = new byte[rows * n];
        double[] t = new double[runs];
        for (int k = 0; k < runs; k++) {
            LockSupport.parkNanos(5_000_000);
            long t0 = System.nanoTime();
            b.computeRows(inputs[k % inputs.length], rows, psd, levels);
            t[k] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return new Stats(t[runs / 2], t[Math.min(runs - 1, (int) Math.ceil(runs * 0.99) - 1)], t[runs - 1]);
    }

    /** Frames per second, back to back from one caller thread (as the generator drives it). */
    static double sustained(StftBackend b, float[][] inputs, int rows, int n, double seconds) {
        float[] psd = new float[rows * n];
        byte[] levels = new byte[rows * n];
        long t0 = System.nanoTime(), end = t0 + (long) (seconds * 1e9);
        int frames = 0;
        while (System.nanoTime() < end || frames < 3) b.computeRows(inputs[frames++ % inputs.length], rows, psd, levels);
        return frames / ((System.nanoTime() - t0) / 1e9);
    }

    /** Frames per second of the GPU work alone, from and to pinned memory (no Java-heap copies). */
    static double sustainedPinned(CudaStftBackend b, int rows, double seconds) {
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
    static double cpuThroughput(SpectrogramConfig cfg, float[][] inputs, int threads, double seconds) throws InterruptedException {
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

    /** Median of each stage (ms) over several serialised profile runs, into {@code out}. */
    static void breakdown(CudaStftBackend gpu, float[] iq, int rows, int n, ObjectNode out) {
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
        double sum = 0;
        for (int k = 0; k < 7; k++) {
            Arrays.sort(v[k]);
            double m = v[k][runs / 2];
            sum += m;
            out.put(names[k], StftBench.round(m, 4));
        }
        out.put("serial_sum", StftBench.round(sum, 4));
    }
}
