package dev.g20.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** The STFT window of spectrogram.yaml; its wire name is part of the config hash. */
public enum StftWindow implements WireName {
    HANN("hann"),
    HAMMING("hamming"),
    BLACKMAN("blackman"),
    RECT("rect");

    private final String wireName;

    StftWindow(String wireName) {
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
}
