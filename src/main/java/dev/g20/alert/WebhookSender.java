package dev.g20.alert;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;

/** POSTs the emitter JSON to a webhook; the rule and event travel in headers. */
final class WebhookSender implements AlertSender {
    private final AlertAction.Webhook action;
    private final HttpClient http;

    WebhookSender(AlertAction.Webhook action) {
        this.action = action;
        this.http = HttpClient.newBuilder().connectTimeout(action.timeout()).build();
    }

    @Override
    public void send(Alert alert, byte[] json) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(action.url()).timeout(action.timeout())
                .header("Content-Type", "application/json")
                .header("X-G20-Rule", alert.rule())
                .header("X-G20-When", alert.when().wireName())
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build();
        HttpResponse<Void> r;
        try {
            r = http.send(req, HttpResponse.BodyHandlers.discarding());
        } catch (HttpTimeoutException e) {
            throw new Retryable("timed out after " + action.timeout().toMillis() + " ms", e);
        } catch (IOException e) {
            throw new Retryable(e.toString(), e);
        }
        int s = r.statusCode();
        if (s >= 200 && s < 300) return;
        if (s >= 500 || s == 429 || s == 408) throw new Retryable("HTTP " + s, null);
        throw new IOException("HTTP " + s + " (not retried)");
    }

    @Override
    public void close() {
        http.close();
    }
}
