package dev.g20.server;

import io.javalin.websocket.WsContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The connected WebSocket clients: each gets a hello on connect and its own {@link ClientSession};
 * the feed hands every frame and message to all of them without waiting for any.
 */
final class ClientHub {
    private static final Logger LOG = LoggerFactory.getLogger(ClientHub.class);
    private static final int MAX_CLIENT_TEXT = 256;

    private final Map<WsContext, ClientSession> clients = new ConcurrentHashMap<>();
    private final AtomicLong clientIds = new AtomicLong();
    private final int clientQueueFrames;
    private final ServerMetrics metrics;
    private final Supplier<ServerMessage.Hello> hello;

    ClientHub(int clientQueueFrames, ServerMetrics metrics, Supplier<ServerMessage.Hello> hello) {
        this.clientQueueFrames = clientQueueFrames;
        this.metrics = metrics;
        this.hello = hello;
    }

    void connect(WsContext ctx) {
        ctx.session.setIdleTimeout(Duration.ofHours(1));
        ClientSession c = new ClientSession(ctx.session, Long.toString(clientIds.incrementAndGet()),
                clientQueueFrames, MAX_CLIENT_TEXT, metrics);
        c.offerText(ProtocolJson.write(hello.get()));
        clients.put(ctx, c);
        metrics.clients.set(clients.size());
        metrics.connections.increment();
        c.start();
        LOG.info("client {} connected from {}", c.id(), ctx.session.getRemoteAddress());
    }

    void drop(WsContext ctx) {
        ClientSession c = clients.remove(ctx);
        if (c != null) {
            c.close();
            metrics.clients.set(clients.size());
            LOG.info("client {} disconnected ({} rows skipped)", c.id(), c.skippedRows());
        }
    }

    void offerRows(WaterfallEncoder.Encoded frame) {
        for (ClientSession c : clients.values()) c.offerRows(frame);
    }

    void offerText(String json) {
        for (ClientSession c : clients.values()) c.offerText(json);
    }

    /** Each client its own stats: they carry its skipped rows. */
    void offerStats(StatsSource stats) {
        for (ClientSession c : clients.values()) c.offerText(ProtocolJson.write(stats.statsFor(c.skippedRows())));
    }

    /** Builds the stats message for a client that was skipped past {@code rowsSkipped} rows. */
    @FunctionalInterface
    interface StatsSource {
        ServerMessage.Stats statsFor(long rowsSkipped);
    }

    List<Long> skippedRows() {
        List<Long> out = new ArrayList<>();
        for (ClientSession c : clients.values()) out.add(c.skippedRows());
        return out;
    }

    long maxQueuedFrames() {
        long m = 0;
        for (ClientSession c : clients.values()) m = Math.max(m, c.maxQueuedFrames());
        return m;
    }

    void closeAll() {
        for (ClientSession c : clients.values()) c.close();
        clients.clear();
    }
}
