package dev.g20.config;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Which detections may continue a track. {@code vote}: a detection of another class may continue a
 * track that covers the same band, and the track's class is the confidence-weighted vote of its
 * detections; {@code strict}: only detections of the track's class.
 */
public enum ClassAssociation implements WireName {
    VOTE("vote"),
    STRICT("strict");

    private final String wireName;

    ClassAssociation(String wireName) {
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
