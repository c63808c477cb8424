package dev.g20.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** How tracker.yaml matches detections to tracks: the optimal assignment (hungarian) or best-first (greedy). */
public enum AssociationMethod implements WireName {
    HUNGARIAN("hungarian"),
    GREEDY("greedy");

    private final String wireName;

    AssociationMethod(String wireName) {
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
