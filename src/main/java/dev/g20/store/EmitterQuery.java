package dev.g20.store;

/**
 * A query for stored emitters; null bounds are open. Emitters come back ordered by first seen,
 * then emitter id.
 *
 * @param sinceNs   seen at or after this instant (last_seen_ns &gt;= sinceNs)
 * @param untilNs   seen at or before this instant (first_seen_ns &lt;= untilNs)
 * @param bandLoHz  with bandHiHz: the emitter's occupied range [freq_min_hz, freq_max_hz] overlaps this band
 * @param className only this class (case-insensitive)
 * @param activeOnly only emitters still active
 * @param limit     at most this many (&gt;= 1)
 */
public record EmitterQuery(Long sinceNs, Long untilNs, Double bandLoHz, Double bandHiHz, String className,
                           boolean activeOnly, Long emitterId, int limit) {
    public static final int DEFAULT_LIMIT = 1000;

    public EmitterQuery {
        if (limit < 1) throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        if ((bandLoHz == null) != (bandHiHz == null)) throw new IllegalArgumentException("a band needs both edges");
        if (bandLoHz != null && bandLoHz > bandHiHz) throw new IllegalArgumentException("band " + bandLoHz + ":" + bandHiHz + " is empty");
        if (sinceNs != null && untilNs != null && sinceNs > untilNs) throw new IllegalArgumentException("since is after until");
    }

    /** Every emitter (up to the default limit). */
    public static EmitterQuery all() {
        return new EmitterQuery(null, null, null, null, null, false, null, DEFAULT_LIMIT);
    }

    public EmitterQuery withSince(Long ns) {
        return new EmitterQuery(ns, untilNs, bandLoHz, bandHiHz, className, activeOnly, emitterId, limit);
    }

    public EmitterQuery withUntil(Long ns) {
        return new EmitterQuery(sinceNs, ns, bandLoHz, bandHiHz, className, activeOnly, emitterId, limit);
    }

    public EmitterQuery withBand(Double loHz, Double hiHz) {
        return new EmitterQuery(sinceNs, untilNs, loHz, hiHz, className, activeOnly, emitterId, limit);
    }

    public EmitterQuery withClass(String name) {
        return new EmitterQuery(sinceNs, untilNs, bandLoHz, bandHiHz, name, activeOnly, emitterId, limit);
    }

    public EmitterQuery withActiveOnly(boolean active) {
        return new EmitterQuery(sinceNs, untilNs, bandLoHz, bandHiHz, className, active, emitterId, limit);
    }

    public EmitterQuery withEmitter(Long id) {
        return new EmitterQuery(sinceNs, untilNs, bandLoHz, bandHiHz, className, activeOnly, id, limit);
    }

    public EmitterQuery withLimit(int n) {
        return new EmitterQuery(sinceNs, untilNs, bandLoHz, bandHiHz, className, activeOnly, emitterId, n);
    }
}
