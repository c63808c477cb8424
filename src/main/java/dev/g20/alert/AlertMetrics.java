package dev.g20.alert;

/**
 * Counters of an {@link AlertEngine}.
 *
 * @param fired   alerts raised by rules (each goes to every action of its rule)
 * @param sent    deliveries that succeeded (log lines, webhook 2xx, MQTT publishes)
 * @param retried deliveries tried again after a failure
 * @param dropped deliveries given up (retries spent, or refused: webhook 4xx) plus snapshots dropped
 *                because the alert queue was full
 * @param queueDropped of dropped: snapshots dropped at a full queue (their alerts never evaluated)
 */
public record AlertMetrics(long fired, long sent, long retried, long dropped, long queueDropped) {
}
