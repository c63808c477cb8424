package dev.g20.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** The four config files, by their stem: what {@code /api/config/{file}} and config events name. */
public enum ConfigFile implements WireName {
    SPECTROGRAM("spectrogram"),
    TRACKER("tracker"),
    INFERENCE("inference"),
    DATABASE("database");

    private final String wireName;

    ConfigFile(String wireName) {
        this.wireName = wireName;
    }

    @Override
    @JsonValue
    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }

    /** The file name in the config directory and in messages ("tracker.yaml"). */
    public String fileName() {
        return wireName + ".yaml";
    }
}
