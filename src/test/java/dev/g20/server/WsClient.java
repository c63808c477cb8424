package dev.g20.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A test WebSocket client (java.net.http) collecting whole messages: JSON as JsonNode, binary as
 * ByteBuffer (little-endian). With {@code paused} it stops asking for messages after the first,
 * so the server sees a client that does not read.
 */
final class WsClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    private final WebSocket ws;
    private volatile boolean paused;
    private final StringBuilder text = new StringBuilder();
    private ByteBuffer binary = ByteBuffer.allocate(1 << 16);

    WsClient(String url, boolean paused) throws Exception {
        this.paused = paused;
        this.ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(url), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            try {
                                messages.add(JSON.readTree(text.toString()));
                            } catch (Exception e) {
                                messages.add(e);
                            }
                            text.setLength(0);
                        }
                        more(w);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
                        if (binary.remaining() < data.remaining()) {
                            ByteBuffer b = ByteBuffer.allocate(2 * (binary.position() + data.remaining()));
                            binary.flip();
                            b.put(binary);
                            binary = b;
                        }
                        binary.put(data);
                        if (last) {
                            binary.flip();
                            ByteBuffer copy = ByteBuffer.allocate(binary.remaining()).put(binary).flip();
                            messages.add(copy.order(java.nio.ByteOrder.LITTLE_ENDIAN));
                            binary.clear();
                        }
                        more(w);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
    }

    private void more(WebSocket w) {
        if (!paused) w.request(1);
    }

    /** Starts reading again after a pause. */
    void resume() {
        paused = false;
        ws.request(1);
    }

    Object next(long timeoutMs) throws InterruptedException {
        Object o = messages.poll(timeoutMs, TimeUnit.MILLISECONDS);
        if (o == null) throw new AssertionError("no WebSocket message within " + timeoutMs + " ms");
        if (o instanceof Exception e) throw new AssertionError("bad message", e);
        return o;
    }

    /** The next JSON message of {@code type}, skipping others. */
    JsonNode nextJson(String type, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) throw new AssertionError("no '" + type + "' message within " + timeoutMs + " ms");
            Object o = next(left);
            if (o instanceof JsonNode j && type.equals(j.path("type").asText())) return j;
        }
    }

    /** The next binary row matching {@code p}, skipping other messages. */
    ByteBuffer nextRow(Predicate<ByteBuffer> p, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) throw new AssertionError("no matching row within " + timeoutMs + " ms");
            Object o = next(left);
            if (o instanceof ByteBuffer b && p.test(b)) return b;
        }
    }

    @Override
    public void close() {
        ws.abort();
    }
}
