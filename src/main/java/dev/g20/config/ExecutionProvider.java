package dev.g20.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** The ONNX Runtime execution provider inference.yaml asks for; one that cannot start falls back to cpu. */
public enum ExecutionProvider implements WireName {
    CPU("cpu"),
    CUDA("cuda"),
    TENSORRT("tensorrt");

    private final String wireName;

    ExecutionProvider(String wireName) {
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
