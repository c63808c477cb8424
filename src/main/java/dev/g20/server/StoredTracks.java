package dev.g20.server;

import dev.g20.store.StoredTrack;
import dev.g20.store.TrackQuery;

import java.util.List;

/**
 * Stored-track queries behind {@code GET /api/tracks} ({@code TrackStore::query} satisfies it):
 * inclusive bounds, rows ordered by frame id then track id, at most the query's limit.
 */
@FunctionalInterface
public interface StoredTracks {

    List<StoredTrack> query(TrackQuery query);
}
