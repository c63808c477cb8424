package dev.g20.spectrogram;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A few worker threads for the Java-heap copies around the GPU, the largest host cost: each job
 * has, per chunk, one input task (heap -> pinned, always runnable) and one output task (pinned ->
 * heap, runnable once the caller marks the chunk {@link #ready}). Inputs are claimed first, so they
 * run in parallel ahead of the caller issuing the chunk's transfers; outputs run in parallel with
 * the device still working on later chunks. Allocation-free per job: one atomic packs (task count
 * << 32 | next task), so publishing a job and claiming a task are single atomic steps and a worker
 * can never claim a task of a finished job.
 */
final class ChunkCopiers implements AutoCloseable {
    private static final int SPIN_BEFORE_PARK = 20_000;

    private final IntConsumer copyIn;
    private final IntConsumer copyOut;
    private final Thread[] threads;
    private final AtomicLong claim = new AtomicLong();
    private final AtomicInteger outputsDone = new AtomicInteger();
    private AtomicIntegerArray inputStamp = new AtomicIntegerArray(0);
    // job fields: written by start() before claim.set publishes them
    private int chunks;
    private int job;
    private volatile int ready;
    private volatile boolean closed;
    private volatile Throwable failure;

    ChunkCopiers(int workers, String name, IntConsumer copyIn, IntConsumer copyOut) {
        this.copyIn = copyIn;
        this.copyOut = copyOut;
        this.threads = new Thread[workers];
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(this::workerLoop, name + "-" + i);
            t.setDaemon(true);
            threads[i] = t;
            t.start();
        }
    }

    int workers() {
        return threads.length;
    }

    /** Starts a job of {@code chunkCount} chunks; no output ready yet. */
    void start(int chunkCount) {
        if (inputStamp.length() < chunkCount) inputStamp = new AtomicIntegerArray(chunkCount); // grows with capacity only
        job++;
        chunks = chunkCount;
        ready = 0;
        outputsDone.set(0);
        failure = null;
        claim.set((long) (2 * chunkCount) << 32);
        for (Thread t : threads) LockSupport.unpark(t);
    }

    /** Returns once chunk {@code c}'s input is in pinned memory; the caller copies unclaimed inputs itself meanwhile. */
    void awaitInput(int c) {
        while (inputStamp.get(c) != job) {
            long v = claim.get();
            int next = (int) v;
            if (next < chunks) {
                if (claim.compareAndSet(v, v + 1)) run(next);
            } else {
                Thread.onSpinWait();
            }
        }
        checkFailure();
    }

    /** Outputs of chunks [0, count) are in pinned memory and may be copied. */
    void ready(int count) {
        ready = count;
    }

    /** The caller helps with what is left, then waits until every output is copied. */
    void finish() {
        drain();
        while (outputsDone.get() < chunks) Thread.onSpinWait();
        checkFailure();
    }

    private void checkFailure() {
        Throwable f = failure;
        if (f != null) throw new IllegalStateException("copying STFT data failed", f);
    }

    private void drain() {
        for (;;) {
            long v = claim.get();
            int total = (int) (v >>> 32);
            int t = (int) v;
            if (t >= total) return;
            if (claim.compareAndSet(v, v + 1)) run(t);
        }
    }

    private void run(int task) {
        int c = chunks;
        if (task < c) {
            try {
                copyIn.accept(task);
            } catch (Throwable e) {
                failure = e;
            }
            inputStamp.set(task, job);
        } else {
            int o = task - c;
            while (ready <= o) {
                if (closed) return;
                Thread.onSpinWait();
            }
            try {
                copyOut.accept(o);
            } catch (Throwable e) {
                failure = e;
            }
            outputsDone.incrementAndGet();
        }
    }

    private void workerLoop() {
        int idle = 0;
        while (!closed) {
            long v = claim.get();
            if ((int) v < (int) (v >>> 32)) {
                drain();
                idle = 0;
            } else if (++idle < SPIN_BEFORE_PARK) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
                idle = 0;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread t : threads) {
            LockSupport.unpark(t);
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
