package dev.g20.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.g20.config.SensorDefaults;
import dev.g20.emitter.Emitter;
import dev.g20.emitter.EmitterSink;
import dev.g20.emitter.EmitterState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Evaluates alerts.yaml's rules on emitter snapshots and delivers the alerts, never holding up the
 * caller: onEmitter() only offers the snapshot to a bounded queue (full: dropped and counted); one
 * thread of its own evaluates the rules and runs the actions in order, with each action's timeout
 * and retries (backoff doubling from backoff_ms). A slow webhook therefore delays later alerts,
 * never the pipeline; every alert fired, sent, retried and dropped is counted ({@link #metrics()}).
 */
public final class AlertEngine implements EmitterSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long STOP_DRAIN_MS = 5_000;
    /** Emitters remembered for new_in_band_since; the least recently seen is forgotten beyond this. */
    private static final int MAX_HISTORY = 100_000;

    private record Key(String sensorId, long emitterId) {
        static Key of(Emitter e) {
            return new Key(e.sensorId() == null ? SensorDefaults.id() : e.sensorId(), e.emitterId());
        }
    }

    /** Per open emitter: which rules already fired, and when the ACTIVE rules last did (emitter time). */
    private static final class Memory {
        final boolean[] fired;
        final long[] lastActiveNs;
        final boolean[] novel;

        Memory(int rules) {
            fired = new boolean[rules];
            lastActiveNs = new long[rules];
            novel = new boolean[rules];
            java.util.Arrays.fill(lastActiveNs, Long.MIN_VALUE);
        }
    }

    private record Seen(String className, double minHz, double maxHz, long lastSeenNs) {
    }

    private final AlertsConfig config;
    private final ArrayBlockingQueue<Emitter> queue;
    private final Map<Key, Memory> open = new HashMap<>();
    private final LinkedHashMap<Key, Seen> history = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<AlertAction, AlertSender> senders = new HashMap<>();
    private final String clientId = "g20-" + SensorDefaults.id() + "-" + UUID.randomUUID().toString().substring(0, 8);
    private final Object pause = new Object();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile boolean abandon;

    private final AtomicLong fired = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong queueDropped = new AtomicLong();

    private AlertEngine(AlertsConfig config) {
        this.config = config;
        this.queue = new ArrayBlockingQueue<>(config.queueSize());
        this.thread = Thread.ofPlatform().name("g20-alerts").daemon(true).unstarted(this::loop);
    }

    /** Starts the alert thread for these rules. */
    public static AlertEngine start(AlertsConfig config) {
        AlertEngine a = new AlertEngine(config);
        a.thread.start();
        if (!config.rules().isEmpty()) LOG.info("alerts: {} rules", config.rules().size());
        return a;
    }

    @Override
    public void onEmitter(Emitter emitter) {
        if (stopping || !queue.offer(emitter)) {
            dropped.incrementAndGet();
            queueDropped.incrementAndGet();
        }
    }

    /**
     * Emitters seen before this run (e.g. from the store), so that new_in_band_since knows them
     * after a restart. Call before the first snapshot.
     */
    public synchronized void seedHistory(List<Emitter> emitters) {
        for (Emitter e : emitters) remember(Key.of(e), e);
    }

    public AlertMetrics metrics() {
        return new AlertMetrics(fired.get(), sent.get(), retried.get(), dropped.get(), queueDropped.get());
    }

    private void loop() {
        try {
            while (!abandon) {
                Emitter e = queue.poll(100, TimeUnit.MILLISECONDS);
                if (e == null) {
                    if (stopping) return;
                    continue;
                }
                try {
                    evaluate(e);
                } catch (RuntimeException ex) {
                    LOG.warn("alerts: snapshot of emitter {} not evaluated: {}", e.emitterId(), ex.toString());
                }
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        } finally {
            senders.values().forEach(AlertSender::close);
        }
    }

    private synchronized void evaluate(Emitter e) {
        List<AlertRule> rules = config.rules();
        Key k = Key.of(e);
        Memory m = open.get(k);
        if (m == null) {
            m = new Memory(rules.size());
            for (int i = 0; i < rules.size(); i++) {
                AlertRule r = rules.get(i);
                if (r.when() == AlertWhen.NEW_IN_BAND_SINCE) m.novel[i] = novel(k, e, r.since());
            }
            open.put(k, m);
        }
        remember(k, e);
        for (int i = 0; i < rules.size(); i++) {
            AlertRule r = rules.get(i);
            if (!r.matches(e)) continue;
            boolean fire = switch (r.when()) {
                case NEW -> !m.fired[i];
                case NEW_IN_BAND_SINCE -> m.novel[i] && !m.fired[i];
                case CLOSED -> e.state() == EmitterState.CLOSED && !m.fired[i];
                case ACTIVE -> e.state() == EmitterState.ACTIVE
                        && (m.lastActiveNs[i] == Long.MIN_VALUE || e.lastSeenNs() - m.lastActiveNs[i] >= r.repeat().toNanos());
            };
            if (!fire) continue;
            m.fired[i] = true;
            if (r.when() == AlertWhen.ACTIVE) m.lastActiveNs[i] = e.lastSeenNs();
            fire(new Alert(r.name(), r.when(), e), r.actions());
        }
        if (e.state() == EmitterState.CLOSED) open.remove(k);
    }

    /** No other emitter of this class on an overlapping band was seen within {@code since} before this one's start. */
    private boolean novel(Key self, Emitter e, Duration since) {
        long from = e.firstSeenNs() - since.toNanos();
        for (Map.Entry<Key, Seen> h : history.entrySet()) {
            if (h.getKey().equals(self)) continue;
            Seen s = h.getValue();
            if (s.lastSeenNs() < from || s.lastSeenNs() > e.lastSeenNs()) continue;
            if (s.maxHz() < e.freqMinHz() || s.minHz() > e.freqMaxHz()) continue;
            if (s.className() != null && s.className().equalsIgnoreCase(e.className())) return false;
        }
        return true;
    }

    private void remember(Key k, Emitter e) {
        history.put(k, new Seen(e.className() == null ? null : e.className().toLowerCase(Locale.ROOT), e.freqMinHz(), e.freqMaxHz(), e.lastSeenNs()));
        if (history.size() > MAX_HISTORY) {
            Iterator<Key> it = history.keySet().iterator();
            it.next();
            it.remove();
        }
    }

    private void fire(Alert alert, List<AlertAction> actions) {
        fired.incrementAndGet();
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(alert.emitter());
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
        for (AlertAction a : actions) deliver(alert, a, json);
    }

    private void deliver(Alert alert, AlertAction action, byte[] json) {
        Emitter e = alert.emitter();
        if (action instanceof AlertAction.Log) {
            LOG.warn("ALERT {} ({}): emitter {} {} at {} MHz, {} kHz wide, SNR {} dB, {} s", alert.rule(), alert.when().wireName(),
                    e.emitterId(), e.className(), String.format(Locale.ROOT, "%.6f", e.freqCenterHz() / 1e6),
                    String.format(Locale.ROOT, "%.1f", e.bandwidthHz() / 1e3), String.format(Locale.ROOT, "%.1f", e.snrDbMean()),
                    String.format(Locale.ROOT, "%.1f", (e.lastSeenNs() - e.firstSeenNs()) / 1e9));
            sent.incrementAndGet();
            return;
        }
        int retries = switch (action) {
            case AlertAction.Webhook w -> w.retries();
            case AlertAction.Mqtt q -> q.retries();
            case AlertAction.Log l -> 0;
        };
        long backoffMs = switch (action) {
            case AlertAction.Webhook w -> w.backoff().toMillis();
            case AlertAction.Mqtt q -> q.backoff().toMillis();
            case AlertAction.Log l -> 0;
        };
        AlertSender s = senders.computeIfAbsent(action, a -> switch (a) {
            case AlertAction.Webhook w -> new WebhookSender(w);
            case AlertAction.Mqtt q -> new MqttSender(q, clientId + "-" + senders.size());
            case AlertAction.Log l -> throw new IllegalStateException();
        });
        for (int attempt = 0; ; attempt++) {
            try {
                s.send(alert, json);
                sent.incrementAndGet();
                return;
            } catch (AlertSender.Retryable ex) {
                if (attempt >= retries || abandon) {
                    dropped.incrementAndGet();
                    LOG.warn("alert {} for emitter {} not delivered to {} after {} tries: {}", alert.rule(), e.emitterId(),
                            target(action), attempt + 1, ex.getMessage());
                    return;
                }
                retried.incrementAndGet();
                sleep(Math.min(backoffMs << Math.min(attempt, 10), 30_000));
            } catch (Exception ex) {
                dropped.incrementAndGet();
                LOG.warn("alert {} for emitter {} refused by {}: {}", alert.rule(), e.emitterId(), target(action), ex.getMessage());
                return;
            }
        }
    }

    private static String target(AlertAction a) {
        return switch (a) {
            case AlertAction.Webhook w -> w.url().toString();
            case AlertAction.Mqtt q -> q.broker() + " topic " + q.topic();
            case AlertAction.Log l -> "log";
        };
    }

    private void sleep(long ms) {
        if (ms <= 0) return;
        synchronized (pause) {
            try {
                if (!abandon) pause.wait(ms);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Delivers what is queued (up to 5 s), then stops; snapshots still queued are counted dropped. */
    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(STOP_DRAIN_MS);
            if (thread.isAlive()) {
                abandon = true;
                synchronized (pause) {
                    pause.notifyAll();
                }
                thread.join(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = queue.size();
        queue.clear();
        dropped.addAndGet(left);
        queueDropped.addAndGet(left);
    }
}
