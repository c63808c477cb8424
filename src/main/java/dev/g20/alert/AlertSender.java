package dev.g20.alert;

/** Delivers one alert's JSON for one action; throws on failure. */
interface AlertSender extends AutoCloseable {

    /**
     * One try.
     *
     * @throws Retryable a failure another try may fix (connection refused, timeout, 5xx)
     * @throws Exception a failure retrying cannot fix
     */
    void send(Alert alert, byte[] json) throws Exception;

    @Override
    default void close() {
    }

    /** A failure worth another try. */
    final class Retryable extends Exception {
        Retryable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
