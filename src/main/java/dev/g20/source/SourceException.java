package dev.g20.source;

/** A recording or stream that cannot be read; the message names the file and what is wrong. */
public final class SourceException extends RuntimeException {
    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
