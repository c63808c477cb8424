package dev.g20.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which detector inference.yaml (or --detector) asks for: the YOLO model or the model-free energy detector. */
public enum DetectorKind implements WireName {
    YOLO("yolo"),
    ENERGY("energy");

    private final String wireName;

    DetectorKind(String wireName) {
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
