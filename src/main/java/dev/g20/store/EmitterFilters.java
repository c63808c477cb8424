package dev.g20.store;

import dev.g20.config.DurationText;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The emitter filters of {@code g20 emitters} and {@code GET /api/emitters}, parsed from their text
 * forms into an {@link EmitterQuery}. Every mistake is an IllegalArgumentException whose message
 * names the option or parameter and the value.
 */
public final class EmitterFilters {
    private EmitterFilters() {
    }

    /**
     * The query for these filter texts (null = not given).
     *
     * @param since  {@code 10m} (that long before now), an ISO-8601 instant, or ns since the epoch
     * @param band   {@code LO:HI} in Hz, e.g. {@code 433.0e6:434.8e6}
     * @param names  how the caller spells each filter, for messages: since, until, band, class, limit
     */
    public static EmitterQuery parse(String since, String until, String band, String className, boolean active, Integer limit,
                                     Clock clock, Names names) {
        EmitterQuery q = EmitterQuery.all().withActiveOnly(active);
        Long s = since == null ? null : instant(since, names.since(), clock);
        Long u = until == null ? null : instant(until, names.until(), clock);
        if (s != null && u != null && s > u) {
            throw new IllegalArgumentException(names.since() + " '" + since + "' is after " + names.until() + " '" + until + "'");
        }
        q = q.withSince(s).withUntil(u);
        if (band != null) {
            double[] b = band(band, names.band());
            q = q.withBand(b[0], b[1]);
        }
        if (className != null) {
            String c = className.strip().toLowerCase(Locale.ROOT);
            if (c.isEmpty()) throw new IllegalArgumentException(names.className() + ": empty class name");
            q = q.withClass(c);
        }
        if (limit != null) {
            if (limit < 1) throw new IllegalArgumentException(names.limit() + ": must be >= 1, got " + limit);
            q = q.withLimit(limit);
        }
        return q;
    }

    /** How the command line or the REST API names each filter. */
    public record Names(String since, String until, String band, String className, String limit) {
        public static final Names CLI = new Names("--since", "--until", "--band", "--class", "--limit");
        public static final Names REST = new Names("since", "until", "band", "class", "limit");
    }

    public static long instant(String text, String option, Clock clock) {
        String v = text.strip();
        try {
            if (v.matches("-?\\d+")) return Long.parseLong(v);
            if (v.matches("\\d+[smhdSMHD]")) {
                Instant t = clock.instant().minus(DurationText.parse(v));
                return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
            }
            Instant t = Instant.parse(v);
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
        } catch (DateTimeParseException | ArithmeticException | IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": bad time '" + text
                    + "' (want a duration before now like 10m, 24h or 7d, an ISO-8601 instant like 2024-05-01T12:00:00Z, or ns since the epoch)");
        }
    }

    public static double[] band(String text, String option) {
        String v = text.strip();
        int colon = v.indexOf(':');
        String hint = " (want LO:HI in Hz, e.g. 433.0e6:434.8e6)";
        if (colon < 0) throw new IllegalArgumentException(option + ": bad band '" + text + "'" + hint);
        double lo, hi;
        try {
            lo = Double.parseDouble(v.substring(0, colon).strip());
            hi = Double.parseDouble(v.substring(colon + 1).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": bad band '" + text + "'" + hint);
        }
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) throw new IllegalArgumentException(option + ": bad band '" + text + "'" + hint);
        if (lo > hi) throw new IllegalArgumentException(option + ": band '" + text + "' is empty (LO above HI)");
        return new double[] {lo, hi};
    }
}
