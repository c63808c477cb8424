package dev.g20.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where spectrogram.yaml's STFT runs: auto (CUDA when present), cpu, or cuda (falls back to the CPU when unavailable). */
public enum FftBackend implements WireName {
    AUTO("auto"),
    CPU("cpu"),
    CUDA("cuda");

    private final String wireName;

    FftBackend(String wireName) {
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
