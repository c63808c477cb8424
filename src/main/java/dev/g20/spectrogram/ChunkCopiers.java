package dev.g20.spectrogram;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A few worker threads that copy finished chunks out of pinned memory into the caller's arrays
 * while later chunks are still on the GPU, so the Java-heap copies (the largest host cost) run in
 * parallel with each other and with the device. Allocation-free per job: the claim counter packs
 * (chunk count << 32 | next chunk) into one atomic, so a job is published and a chunk claimed in
 * one step and a worker can never claim a chunk of a finished job.
 */
final class ChunkCopiers implements AutoCloseable {
    private static final int SPIN_BEFORE_PARK = 20_000;

    private final IntConsumer copy;
    private final Thread[] threads;
    private final AtomicLong claim = new AtomicLong();
    private final AtomicInteger done = new AtomicInteger();
    private volatile int ready;
    private volatile boolean closed;
    private volatile Throwable failure;

    ChunkCopiers(int workers, String name, IntConsumer copy) {
        this.copy = copy;
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

    /** Starts a job of {@code chunks} chunks, none ready yet. */
    void start(int chunks) {
        ready = 0;
        done.set(0);
        failure = null;
        claim.set((long) chunks << 32);
        for (Thread t : threads) LockSupport.unpark(t);
    }

    /** Chunks [0, count) are in pinned memory and may be copied. */
    void ready(int count) {
        ready = count;
    }

    /** The caller helps with what is left, then waits until every chunk is copied. */
    void finish(int chunks) {
        drain();
        while (done.get() < chunks) Thread.onSpinWait();
        Throwable f = failure;
        if (f != null) throw new IllegalStateException("copying STFT output failed", f);
    }

    private void drain() {
        for (;;) {
            long v = claim.get();
            int total = (int) (v >>> 32);
            int c = (int) v;
            if (c >= total) return;
            if (!claim.compareAndSet(v, v + 1)) continue;
            while (ready <= c) Thread.onSpinWait();
            try {
                copy.accept(c);
            } catch (Throwable t) {
                failure = t;
            }
            done.incrementAndGet();
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
