package dev.g20.config;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A closed set read from config or the command line under lower-case names ("yolo", "cuda"):
 * the enum constant is what the code compares, the wire name is what YAML, JSON, logs and
 * messages show, so a config written before the enum still reads the same.
 */
public interface WireName {

    /** The lower-case spelling in config files, JSON and messages. */
    @JsonValue
    String wireName();

    /** The constant spelled {@code name} (case-insensitive), or null when there is none. */
    static <E extends Enum<E> & WireName> E parse(Class<E> type, String name) {
        if (name == null) return null;
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.wireName().equals(n)) return e;
        }
        return null;
    }

    /** Every wire name of {@code type}, in declaration order (for "expected one of" messages). */
    static <E extends Enum<E> & WireName> List<String> names(Class<E> type) {
        List<String> out = new ArrayList<>();
        for (E e : type.getEnumConstants()) out.add(e.wireName());
        return List.copyOf(out);
    }
}
