package dev.g20.emitter;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** An emitter is active while it is heard (or within its silence allowance), closed after. */
public enum EmitterState {
    ACTIVE, CLOSED;

    /** The lower-case name used in JSON, the store and the protocol. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state named {@code s} (as {@link #wireName()} writes it). */
    @JsonCreator
    public static EmitterState parse(String s) {
        for (EmitterState v : values()) if (v.wireName().equals(s)) return v;
        throw new IllegalArgumentException("unknown emitter state '" + s + "' (active or closed)");
    }
}
