package dev.g20.alert;

import java.net.URI;
import java.time.Duration;

/** What a rule does when it fires. */
public sealed interface AlertAction {

    /** A line in the G20 log. */
    record Log() implements AlertAction {
    }

    /**
     * HTTP POST of the emitter JSON to {@code url}.
     *
     * @param retries further tries after a failed one (connection error, timeout, 5xx or 429)
     */
    record Webhook(URI url, Duration timeout, int retries, Duration backoff) implements AlertAction {
    }

    /**
     * Publishes the emitter JSON to {@code topic} on an MQTT broker ({@code tcp://host:port}).
     *
     * @param retries further tries after a failed connect or publish
     */
    record Mqtt(String broker, String topic, int qos, Duration timeout, int retries, Duration backoff) implements AlertAction {
    }
}
