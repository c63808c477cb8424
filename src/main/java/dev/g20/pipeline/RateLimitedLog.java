package dev.g20.pipeline;

import org.slf4j.Logger;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A warning that may fire thousands of times a second (a drop per frame) logged at most once per
 * interval, with how many occurrences it stands for, so an overload is visible without flooding.
 */
public final class RateLimitedLog {
    private final Logger log;
    private final String what;
    private final long intervalNanos;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong lastNanos = new AtomicLong(Long.MIN_VALUE / 2);

    /** @param what the event, e.g. "detector queue full: dropped oldest frame" */
    public RateLimitedLog(Logger log, String what, long intervalMillis) {
        this.log = log;
        this.what = what;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    /** Counts one occurrence; logs if the interval since the last line has passed. */
    public void hit(long total) {
        pending.incrementAndGet();
        long now = System.nanoTime();
        long last = lastNanos.get();
        if (now - last >= intervalNanos && lastNanos.compareAndSet(last, now)) {
            long n = pending.getAndSet(0);
            log.warn("{} ({} since last report, {} in total)", what, n, total);
        }
    }
}
