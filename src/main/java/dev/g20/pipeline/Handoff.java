package dev.g20.pipeline;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A bounded queue between two pipeline stages. In live mode the producer never waits: when the
 * queue is full the oldest item is dropped (and counted) so the consumer always works on recent
 * data. In lossless mode (offline processing) the producer waits instead, so nothing is lost.
 */
public final class Handoff<T> {
    private final ArrayBlockingQueue<T> queue;
    private final boolean lossless;
    private final LongAdder dropped;
    private final Consumer<T> onDrop;

    /**
     * @param dropped counter incremented once per dropped item
     * @param onDrop  told about each dropped item (rate-limited logging, buffer recycling)
     */
    Handoff(int capacity, boolean lossless, LongAdder dropped, Consumer<T> onDrop) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.lossless = lossless;
        this.dropped = dropped;
        this.onDrop = onDrop;
    }

    /** A queue that drops its oldest item when full in live mode, counting and logging (rate-limited) each drop as {@code what}. */
    public static <T> Handoff<T> dropOldest(int capacity, boolean lossless, LongAdder dropped, org.slf4j.Logger log, String what) {
        RateLimitedLog drops = new RateLimitedLog(log, what, 5000);
        return new Handoff<>(capacity, lossless, dropped, item -> drops.hit(dropped.sum()));
    }

    /** A lossless queue: the producer waits for room, nothing is dropped. */
    Handoff(int capacity) {
        this(capacity, true, new LongAdder(), item -> {
        });
    }

    /** Hands an item on; waits only in lossless mode. */
    public void put(T item) throws InterruptedException {
        if (lossless) {
            queue.put(item);
            return;
        }
        while (!queue.offer(item)) {
            T old = queue.poll();
            if (old != null) {
                dropped.increment();
                onDrop.accept(old);
            }
        }
    }

    /** Hands on an item that must not be dropped (end of stream); waits for room. */
    void putAlways(T item) throws InterruptedException {
        queue.put(item);
    }

    public T poll(long timeoutMillis) throws InterruptedException {
        return queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    public int size() {
        return queue.size();
    }

    int capacity() {
        return queue.size() + queue.remainingCapacity();
    }
}
