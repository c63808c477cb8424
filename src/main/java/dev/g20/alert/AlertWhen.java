package dev.g20.alert;

import java.util.Arrays;
import java.util.Locale;

/** When a rule fires for a matching emitter. */
public enum AlertWhen {
    /** Once, the first time the emitter matches. */
    NEW,
    /** While it matches and is active, at most once per the rule's repeat interval. */
    ACTIVE,
    /** Once, when a matching emitter closes. */
    CLOSED,
    /** Once, like NEW, but only if no emitter of its class on an overlapping band was seen within the rule's since. */
    NEW_IN_BAND_SINCE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every wire name, for messages. */
    public static String names() {
        return String.join(" | ", Arrays.stream(values()).map(AlertWhen::wireName).toList());
    }

    /** The value named {@code s}, or null. */
    public static AlertWhen parse(String s) {
        for (AlertWhen w : values()) if (w.wireName().equals(s)) return w;
        return null;
    }
}
