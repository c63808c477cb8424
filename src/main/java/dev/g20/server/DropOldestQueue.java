package dev.g20.server;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * A FIFO of waterfall frames and JSON messages whose producers never wait: each kind has its own
 * limit, and offering one more of a kind drops the oldest of that kind. Frames and messages keep
 * their relative order, so a config event still precedes the rows of the new config.
 *
 * <p>Not thread-safe: its owner guards it with its own lock (and waits / notifies on it). Offers
 * and polls allocate nothing beyond the deque's amortised growth.
 *
 * @param <T> frames and messages (the owner tells them apart with {@code isFrame})
 */
final class DropOldestQueue<T> {
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final Predicate<? super T> isFrame;
    private final int maxFrames;
    private final int maxMessages;
    private int frames;

    DropOldestQueue(Predicate<? super T> isFrame, int maxFrames, int maxMessages) {
        if (maxFrames < 1 || maxMessages < 1)
            throw new IllegalArgumentException("queue limits must be >= 1, got " + maxFrames + " frames, " + maxMessages + " messages");
        this.isFrame = isFrame;
        this.maxFrames = maxFrames;
        this.maxMessages = maxMessages;
    }

    /** Appends {@code item}; returns the oldest item of its kind dropped to make room, or null. */
    T offer(T item) {
        boolean frame = isFrame.test(item);
        T dropped = null;
        if (frame ? frames >= maxFrames : items.size() - frames >= maxMessages) dropped = removeOldest(frame);
        items.addLast(item);
        if (frame) frames++;
        return dropped;
    }

    /** The oldest item, removed; null when empty. */
    T poll() {
        T item = items.pollFirst();
        if (item != null && isFrame.test(item)) frames--;
        return item;
    }

    /** The oldest item, left in place; null when empty. */
    T peek() {
        return items.peekFirst();
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    /** Frames queued now. */
    int frames() {
        return frames;
    }

    /** Messages queued now. */
    int messages() {
        return items.size() - frames;
    }

    /**
     * Drops every queued frame (a client skipped ahead), keeping the messages in order.
     *
     * @return the sum of {@code weight} over the dropped frames (e.g. their rows)
     */
    long dropFrames(ToLongFunction<? super T> weight) {
        long sum = 0;
        for (Iterator<T> it = items.iterator(); it.hasNext() && frames > 0; ) {
            T item = it.next();
            if (isFrame.test(item)) {
                sum += weight.applyAsLong(item);
                it.remove();
                frames--;
            }
        }
        return sum;
    }

    void clear() {
        items.clear();
        frames = 0;
    }

    private T removeOldest(boolean frame) {
        for (Iterator<T> it = items.iterator(); it.hasNext(); ) {
            T item = it.next();
            if (isFrame.test(item) == frame) {
                it.remove();
                if (frame) frames--;
                return item;
            }
        }
        return null;
    }
}
