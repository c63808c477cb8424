package dev.g20.config;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations as people write them in config files and options: a whole number and one unit,
 * {@code s}, {@code m}, {@code h} or {@code d} ({@code 30m}, {@code 24h}, {@code 90d}).
 */
public final class DurationText {
    private DurationText() {
    }

    /** What every message says a duration looks like. */
    public static final String FORM = "a duration like 30s, 30m, 24h or 90d";

    /**
     * The duration {@code text} names.
     *
     * @throws IllegalArgumentException with a one-line reason (the caller adds file/key or option)
     */
    public static Duration parse(String text) {
        String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (s.length() < 2) throw new IllegalArgumentException("must be " + FORM + ", got '" + text + "'");
        char unit = s.charAt(s.length() - 1);
        long n;
        try {
            n = Long.parseLong(s.substring(0, s.length() - 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be " + FORM + ", got '" + text + "'");
        }
        if (n <= 0) throw new IllegalArgumentException("must be positive (" + FORM + "), got '" + text + "'");
        try {
            return switch (unit) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new IllegalArgumentException("must be " + FORM + " (unit s, m, h or d), got '" + text + "'");
            };
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("is too long, got '" + text + "'");
        }
    }

    /** The shortest exact text for {@code d}: 90d, 24h, 30m or 45s. */
    public static String format(Duration d) {
        long s = d.toSeconds();
        if (s % 86_400 == 0) return s / 86_400 + "d";
        if (s % 3_600 == 0) return s / 3_600 + "h";
        if (s % 60 == 0) return s / 60 + "m";
        return s + "s";
    }

    /** Reads key {@code k} of a config mapping as a duration; errors name the file and key. */
    public static Duration get(ConfigNode n, String k, Duration def) {
        String v = n.getString(k, null);
        if (v == null) return def;
        try {
            return parse(v);
        } catch (IllegalArgumentException e) {
            throw n.error(k, e.getMessage());
        }
    }
}
