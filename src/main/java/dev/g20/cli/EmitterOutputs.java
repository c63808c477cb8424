package dev.g20.cli;

import dev.g20.alert.AlertEngine;
import dev.g20.alert.AlertRule;
import dev.g20.alert.AlertWhen;
import dev.g20.alert.AlertsConfig;
import dev.g20.emitter.Emitter;
import dev.g20.emitter.EmitterSink;
import dev.g20.server.EmitterFeed;
import dev.g20.server.EmitterRoutes;
import dev.g20.server.LiveServer;
import dev.g20.store.AsyncTrackLogger;
import dev.g20.store.EmitterQuery;
import dev.g20.store.EmitterStore;
import dev.g20.store.StoreException;
import dev.g20.store.TrackLogger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What consumes emitter snapshots in a live run, behind one sink for the emitter stage: the store
 * (upserts through the track logger's queue), the WebSocket feed, and the alerts. Also puts
 * {@code GET /api/emitters} and the emitter and alert counters on the server. Every part returns
 * at once, so {@link #onEmitter} does too.
 */
public final class EmitterOutputs implements EmitterSink, AutoCloseable {
    private final EmitterSink[] sinks;
    private final EmitterFeed feed;
    private final AlertEngine alerts;
    private final EmitterStore store;

    private EmitterOutputs(List<EmitterSink> sinks, EmitterFeed feed, AlertEngine alerts, EmitterStore store) {
        this.sinks = sinks.toArray(EmitterSink[]::new);
        this.feed = feed;
        this.alerts = alerts;
        this.store = store;
    }

    /** Wires the parts to a server that has not started yet. */
    public static EmitterOutputs attach(TrackLogger logger, LiveServer server, AlertsConfig alertsConfig) {
        List<EmitterSink> sinks = new ArrayList<>();
        EmitterStore store = null;
        if (logger instanceof AsyncTrackLogger a) {
            sinks.add(a);
            try {
                store = EmitterStore.open(a.target());
            } catch (StoreException e) {
                store = null; // the logger connected a moment ago; without a reader /api/emitters answers 503
            }
            server.addMetric("g20_store_emitters_written_total", "counter", "Emitter snapshots upserted into the store.",
                            () -> a.metrics().emittersWritten())
                    .addMetric("g20_store_emitters_dropped_total", "counter", "Emitter snapshots the store dropped (a later one supersedes them).",
                            () -> a.metrics().emittersDropped());
        }
        EmitterStore reader = store;
        server.addRoutes(new EmitterRoutes(reader == null ? null : reader::query, Clock.systemUTC()));
        EmitterFeed feed = new EmitterFeed(server::broadcast, EmitterFeed.DEFAULT_MIN_INTERVAL_NS);
        sinks.add(feed);
        server.addMetric("g20_ws_emitter_messages_total", "counter", "WebSocket emitter messages (open, update, close).", () -> feed.sent.sum())
                .addMetric("g20_ws_emitter_updates_coalesced_total", "counter", "Emitter updates replaced by a newer one before sending.",
                        () -> feed.coalesced.sum());
        AlertEngine alerts = AlertEngine.start(alertsConfig);
        if (!alertsConfig.rules().isEmpty()) {
            sinks.add(alerts);
            if (reader != null) seedHistory(alerts, alertsConfig, reader);
        }
        server.addMetric("g20_alerts_fired_total", "counter", "Alerts raised by rules.", () -> alerts.metrics().fired())
                .addMetric("g20_alerts_sent_total", "counter", "Alert deliveries that succeeded.", () -> alerts.metrics().sent())
                .addMetric("g20_alerts_retried_total", "counter", "Alert deliveries tried again.", () -> alerts.metrics().retried())
                .addMetric("g20_alerts_dropped_total", "counter", "Alert deliveries given up, and snapshots dropped at a full alert queue.",
                        () -> alerts.metrics().dropped());
        return new EmitterOutputs(sinks, feed, alerts, store);
    }

    /** new_in_band_since compares with emitters stored before this run too. */
    private static void seedHistory(AlertEngine alerts, AlertsConfig c, EmitterStore store) {
        Duration longest = Duration.ZERO;
        for (AlertRule r : c.rules()) if (r.when() == AlertWhen.NEW_IN_BAND_SINCE && r.since().compareTo(longest) > 0) longest = r.since();
        if (longest.isZero()) return;
        Instant from = Instant.now().minus(longest);
        alerts.seedHistory(store.query(EmitterQuery.all().withSince(from.getEpochSecond() * 1_000_000_000L).withLimit(100_000)));
    }

    @Override
    public void onEmitter(Emitter emitter) {
        for (EmitterSink s : sinks) s.onEmitter(emitter);
    }

    @Override
    public void close() {
        feed.close();
        alerts.close();
        if (store != null) store.close();
    }
}
