package dev.g20.server;

import dev.g20.emitter.Emitter;
import dev.g20.emitter.EmitterSink;
import dev.g20.emitter.EmitterState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Turns emitter snapshots into WebSocket {@code emitter} messages: {@code open} the first time an
 * emitter is seen, {@code update} at most once per minimum interval per emitter (the newest
 * snapshot wins; the ones in between are coalesced), {@code close} when it closes. onEmitter()
 * only parks the snapshot; a thread of its own writes the messages and hands them on (to
 * {@link LiveServer#broadcast}).
 */
public final class EmitterFeed implements EmitterSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmitterFeed.class);
    /** At most 2 updates per second per emitter. */
    public static final long DEFAULT_MIN_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(500);
    /** Emitters remembered as open; beyond this the oldest is forgotten (its next snapshot opens it again). */
    private static final int MAX_OPEN = 10_000;

    /** What a message says happened to the emitter. */
    public enum Event {
        OPEN, UPDATE, CLOSE;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private record Key(String sensorId, long emitterId) {
    }

    private final Consumer<ServerMessage> out;
    private final long minIntervalNs;
    private final Object lock = new Object();
    /** Newest snapshot not yet sent, per emitter (guarded by lock). */
    private final Map<Key, Emitter> pending = new LinkedHashMap<>();
    /** When the last message of each open emitter was sent (feed thread only). */
    private final Map<Key, Long> lastSent = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    /** Messages sent. */
    public final LongAdder sent = new LongAdder();
    /** Updates replaced by a newer snapshot before they were sent. */
    public final LongAdder coalesced = new LongAdder();

    public EmitterFeed(Consumer<ServerMessage> out, long minIntervalNs) {
        this.out = out;
        this.minIntervalNs = minIntervalNs;
        thread = Thread.ofPlatform().name("g20-emitter-feed").daemon(true).start(this::loop);
    }

    @Override
    public void onEmitter(Emitter emitter) {
        Key k = new Key(emitter.sensorId(), emitter.emitterId());
        synchronized (lock) {
            if (pending.put(k, emitter) != null) coalesced.increment();
            if (emitter.state() == EmitterState.CLOSED) lock.notifyAll();
        }
    }

    private void loop() {
        Map<Key, Emitter> due = new HashMap<>();
        long tickNs = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(minIntervalNs / 5, TimeUnit.MILLISECONDS.toNanos(100)));
        while (!closed) {
            long now = System.nanoTime();
            synchronized (lock) {
                for (Iterator<Map.Entry<Key, Emitter>> it = pending.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<Key, Emitter> e = it.next();
                    Long last = lastSent.get(e.getKey());
                    if (last == null || e.getValue().state() == EmitterState.CLOSED || now - last >= minIntervalNs) {
                        due.put(e.getKey(), e.getValue());
                        it.remove();
                    }
                }
            }
            for (Map.Entry<Key, Emitter> e : due.entrySet()) send(e.getKey(), e.getValue(), now);
            due.clear();
            synchronized (lock) {
                try {
                    if (!closed) lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(tickNs)));
                } catch (InterruptedException ex) {
                    return;
                }
            }
        }
    }

    private void send(Key k, Emitter e, long now) {
        Event ev;
        if (e.state() == EmitterState.CLOSED) {
            ev = Event.CLOSE;
            lastSent.remove(k);
        } else {
            ev = lastSent.put(k, now) == null ? Event.OPEN : Event.UPDATE;
            if (lastSent.size() > MAX_OPEN) {
                Iterator<Key> it = lastSent.keySet().iterator();
                it.next();
                it.remove();
            }
        }
        try {
            out.accept(new ServerMessage.EmitterEvent(ev, e));
            sent.increment();
        } catch (RuntimeException ex) {
            LOG.warn("emitter message for {} not sent: {}", e.emitterId(), ex.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
