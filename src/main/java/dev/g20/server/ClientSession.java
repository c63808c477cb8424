package dev.g20.server;

import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One WebSocket client: a bounded outgoing queue and a sender thread doing blocking sends, so a
 * slow client only ever slows itself. When waterfall frames pile up beyond the limit the client
 * is skipped ahead: every queued frame is discarded (counted as skipped rows) and the client gets
 * a "skipped" notice before the next rows. JSON messages (tracks, config, stats) are small and
 * kept, up to their own limit (oldest dropped beyond it).
 */
final class ClientSession {
    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);

    private final Session session;
    private final String id;
    private final int maxFrames;
    private final ServerMetrics metrics;
    private final DropOldestQueue<Object> queue;
    private long skippedRows;
    private long skippedNotSent;
    private long maxQueuedFrames;
    private volatile boolean open = true;
    private final Thread sender;
    private ByteBuffer rowBuffer = ByteBuffer.allocate(4096);

    ClientSession(Session session, String id, int maxFrames, int maxText, ServerMetrics metrics) {
        this.session = session;
        this.id = id;
        this.maxFrames = maxFrames;
        this.metrics = metrics;
        this.queue = new DropOldestQueue<>(o -> o instanceof WaterfallEncoder.Encoded, maxFrames, maxText);
        this.sender = Thread.ofVirtual().name("g20-ws-" + id).unstarted(this::sendLoop);
    }

    void start() {
        sender.start();
    }

    String id() {
        return id;
    }

    boolean isOpen() {
        return open;
    }

    /** Rows skipped for this client so far. */
    synchronized long skippedRows() {
        return skippedRows;
    }

    /** The most frames ever waiting in this client's queue (bounded by the limit). */
    synchronized long maxQueuedFrames() {
        return maxQueuedFrames;
    }

    /** Queues a frame's rows; skips the client ahead if it is too far behind. Never waits. */
    synchronized void offerRows(WaterfallEncoder.Encoded frame) {
        if (!open) return;
        if (queue.frames() >= maxFrames) {
            long rows = queue.dropFrames(ClientSession::rowsOf);
            skippedRows += rows;
            skippedNotSent += rows;
            metrics.rowsSkipped.add(rows);
        }
        queue.offer(frame);
        maxQueuedFrames = Math.max(maxQueuedFrames, queue.frames());
        notifyAll();
    }

    /** Queues a JSON message; drops the oldest JSON message beyond the limit. Never waits. */
    synchronized void offerText(String json) {
        if (!open) return;
        if (queue.offer(json) != null) metrics.textDropped.increment();
        notifyAll();
    }

    private synchronized Object next() throws InterruptedException {
        while (open && queue.isEmpty()) wait();
        if (!open) return null;
        if (skippedNotSent > 0 && queue.peek() instanceof WaterfallEncoder.Encoded) {
            String notice = ProtocolJson.write(new ServerMessage.Skipped(skippedNotSent, skippedRows));
            skippedNotSent = 0;
            return notice;
        }
        return queue.poll();
    }

    private static long rowsOf(Object frame) {
        return ((WaterfallEncoder.Encoded) frame).rows();
    }

    private void sendLoop() {
        try {
            for (Object o; (o = next()) != null; ) {
                if (o instanceof String s) {
                    session.getRemote().sendString(s);
                    metrics.textSent.increment();
                } else {
                    sendRows((WaterfallEncoder.Encoded) o);
                }
            }
        } catch (InterruptedException e) {
            // closing
        } catch (IOException | RuntimeException e) {
            if (open) LOG.info("client {} dropped: {}", id, e.toString());
        } finally {
            close();
        }
    }

    private void sendRows(WaterfallEncoder.Encoded f) throws IOException {
        if (rowBuffer.capacity() < f.rowBytes()) rowBuffer = ByteBuffer.allocate(f.rowBytes());
        byte[] data = f.data();
        for (int r = 0; r < f.rows(); r++) {
            // one reusable buffer: a blocking send has finished with it when it returns
            rowBuffer.clear();
            rowBuffer.put(data, r * f.rowBytes(), f.rowBytes()).flip();
            session.getRemote().sendBytes(rowBuffer);
            metrics.rowsSent.increment();
        }
    }

    void close() {
        synchronized (this) {
            if (!open) return;
            open = false;
            queue.clear();
            notifyAll();
        }
        try {
            if (session.isOpen()) session.close();
        } catch (RuntimeException ignored) {
            // already closing
        }
    }
}
