package dev.g20.track;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Whether a track's centre frequency holds still or drifts steadily. */
public enum MotionMode {
    STATIONARY, DRIFTING;

    /** The lower-case name used in JSON, the store and the protocol. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code s} (as {@link #wireName()} writes it), or null for null (rows written without one). */
    @JsonCreator
    public static MotionMode parse(String s) {
        if (s == null) return null;
        for (MotionMode v : values()) if (v.wireName().equals(s)) return v;
        throw new IllegalArgumentException("unknown motion mode '" + s + "' (stationary or drifting)");
    }
}
