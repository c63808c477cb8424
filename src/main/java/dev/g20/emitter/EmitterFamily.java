package dev.g20.emitter;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * Classes the detector confuses with one another (its confusion matrix, models/MODEL_CARD.md)
 * and that one transmitter can show in turn: a keyed carrier is cw in its pauses and am or fm in
 * speech, a lone FSK dwell looks like a hop. Tracks of one family may build one emitter; tracks of
 * unrelated families on one band (a qam16 burst on a hopper's channel) stay apart.
 */
public enum EmitterFamily {
    /** cw, am, fm: a carrier, with or without voice modulation. */
    CARRIER("cw", "am", "fm"),
    /** fsk, hopper: frequency-shift keyed, on one band or hopping. */
    FSK("fsk", "hopper"),
    /** psk, qam16: single-carrier linear modulation (the same spectrum). */
    LINEAR("psk", "qam16"),
    /** ofdm. */
    MULTICARRIER("ofdm"),
    /** chirp: radar-like pulses. */
    PULSED("chirp"),
    /** A class this list does not name (a model with other classes): only the same class name groups. */
    OTHER();

    private final String[] classes;

    EmitterFamily(String... classes) {
        this.classes = classes;
    }

    /** The family of a class name (OTHER when none names it). */
    public static EmitterFamily of(String className) {
        if (className != null) {
            for (EmitterFamily f : values()) for (String c : f.classes) if (c.equals(className)) return f;
        }
        return OTHER;
    }

    /** Whether classes {@code a} and {@code b} may be one emitter's. */
    public static boolean compatible(String a, String b) {
        EmitterFamily f = of(a);
        return f == of(b) && (f != OTHER || (a != null && a.equals(b)));
    }

    /** The lower-case name used in JSON and the store. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
