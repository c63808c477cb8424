package dev.g20.config;

/** A configuration problem that names the file and key at fault; shown to the user as one line. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
