package dev.g20.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A headless Chromium driven over the DevTools protocol with java.net.http's WebSocket client:
 * navigate, evaluate JavaScript, take screenshots. Test helper; kills its own browser on close.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final WebSocket page;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final StringBuilder log = new StringBuilder();

    /** The browser binary: /usr/bin/chromium or one on the PATH, if any. */
    static Optional<Path> find() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    HeadlessChromium(Path binary, Path profileDir, int width, int height) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage", "--mute-audio",
                "--user-data-dir=" + profileDir, "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
                "--window-size=" + width + "," + height, "--force-device-scale-factor=1", "--hide-scrollbars",
                "about:blank");
        pb.redirectErrorStream(true);
        process = pb.start();
        CompletableFuture<String> browserUrl = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("chromium-output").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (log) {
                        if (log.length() < 20_000) log.append(line).append('\n');
                    }
                    Matcher m = DEVTOOLS.matcher(line);
                    if (m.find()) browserUrl.complete(m.group(1));
                }
            } catch (IOException e) {
                // the browser is gone
            }
            browserUrl.completeExceptionally(new IOException("chromium exited before DevTools came up"));
        });
        String ws;
        try {
            ws = browserUrl.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new IOException("chromium did not start: " + e.getMessage() + "\n" + log(), e);
        }
        // the page target of about:blank, from the DevTools HTTP endpoint
        URI u = URI.create(ws);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String pageUrl = null;
        for (int attempt = 0; attempt < 50 && pageUrl == null; attempt++) {
            String list = http.send(HttpRequest.newBuilder(URI.create("http://" + u.getHost() + ":" + u.getPort() + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (JsonNode t : JSON.readTree(list)) {
                if ("page".equals(t.path("type").asText())) pageUrl = t.get("webSocketDebuggerUrl").asText();
            }
            if (pageUrl == null) Thread.sleep(100);
        }
        if (pageUrl == null) throw new IOException("no page target in chromium");
        StringBuilder buf = new StringBuilder();
        page = http.newWebSocketBuilder().buildAsync(URI.create(pageUrl), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                buf.append(data);
                if (last) {
                    try {
                        JsonNode msg = JSON.readTree(buf.toString());
                        if (msg.has("id")) {
                            CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
                            if (f != null) f.complete(msg);
                        }
                    } catch (IOException e) {
                        // not JSON: ignore
                    }
                    buf.setLength(0);
                }
                w.request(1);
                return null;
            }
        }).get(20, TimeUnit.SECONDS);
        call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    String log() {
        synchronized (log) {
            return log.toString();
        }
    }

    /** Sends one DevTools command and waits for its result. */
    JsonNode call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", JSON.valueToTree(params));
        page.sendText(JSON.writeValueAsString(msg), true).get(10, TimeUnit.SECONDS);
        JsonNode r = f.get(30, TimeUnit.SECONDS);
        if (r.has("error")) throw new IllegalStateException(method + ": " + r.get("error"));
        return r.get("result");
    }

    void navigate(String url) throws Exception {
        call("Page.navigate", Map.of("url", url));
    }

    /** Evaluates a JavaScript expression and returns its JSON value (undefined reads as null). */
    JsonNode eval(String expression) throws Exception {
        JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (r.has("exceptionDetails")) throw new IllegalStateException("JS error in " + expression + ": " + r.get("exceptionDetails"));
        return r.path("result").path("value");
    }

    /** Waits until the expression is truthy. */
    void await(String expression, long timeoutMs) throws Exception {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (eval("!!(" + expression + ")").asBoolean()) return;
            Thread.sleep(100);
        }
        throw new AssertionError("page never satisfied: " + expression);
    }

    /** A PNG of the viewport. */
    byte[] screenshot() throws Exception {
        JsonNode r = call("Page.captureScreenshot", Map.of("format", "png"));
        return Base64.getDecoder().decode(r.get("data").asText());
    }

    @Override
    public void close() {
        if (page != null) page.abort();
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
