package dev.g20.track;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Where a track is in its life: tentative until confirmed by enough hits, lost once unmatched too long. */
public enum TrackState {
    TENTATIVE, CONFIRMED, LOST;

    /** The lower-case name used in JSON, the store and the protocol. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state named {@code s} (as {@link #wireName()} writes it). */
    @JsonCreator
    public static TrackState parse(String s) {
        for (TrackState v : values()) if (v.wireName().equals(s)) return v;
        throw new IllegalArgumentException("unknown track state '" + s + "' (tentative, confirmed or lost)");
    }
}
