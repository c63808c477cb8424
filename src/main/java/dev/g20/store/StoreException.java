package dev.g20.store;

/** The track store cannot be used (cannot connect, no such database file); the message is one line for the user. */
public final class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
