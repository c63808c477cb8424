package dev.g20.store;

/**
 * A query for stored track rows; null bounds are open. Ranges are inclusive. Rows come back ordered
 * by frame, then track id.
 *
 * @param limit at most this many rows (&gt;= 1)
 */
public record TrackQuery(Long frameFrom, Long frameTo, Long timeFromNs, Long timeToNs, Long trackId, int limit) {
    public static final int DEFAULT_LIMIT = 1000;

    public TrackQuery {
        if (limit < 1) throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }

    /** Every row (up to the default limit). */
    public static TrackQuery all() {
        return new TrackQuery(null, null, null, null, null, DEFAULT_LIMIT);
    }

    public static TrackQuery frames(long from, long to) {
        return all().withFrames(from, to);
    }

    public static TrackQuery time(long fromNs, long toNs) {
        return all().withTime(fromNs, toNs);
    }

    public static TrackQuery track(long trackId) {
        return all().withTrack(trackId);
    }

    public TrackQuery withFrames(Long from, Long to) {
        return new TrackQuery(from, to, timeFromNs, timeToNs, trackId, limit);
    }

    public TrackQuery withTime(Long fromNs, Long toNs) {
        return new TrackQuery(frameFrom, frameTo, fromNs, toNs, trackId, limit);
    }

    public TrackQuery withTrack(Long id) {
        return new TrackQuery(frameFrom, frameTo, timeFromNs, timeToNs, id, limit);
    }

    public TrackQuery withLimit(int n) {
        return new TrackQuery(frameFrom, frameTo, timeFromNs, timeToNs, trackId, n);
    }
}
