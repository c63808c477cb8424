package dev.g20.cli;

import dev.g20.emitter.Emitter;
import dev.g20.store.EmitterQuery;
import dev.g20.store.EmitterStore;
import dev.g20.store.StoreTarget;
import dev.g20.store.StoredTrack;
import dev.g20.store.TrackQuery;
import dev.g20.store.TrackStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The track rows of one stored emitter (its track_ids), for {@code g20 tracks --emitter}. */
final class EmitterTracks {
    private EmitterTracks() {
    }

    /**
     * Rows of the emitter's tracks that also match {@code q}'s frame and time bounds, ordered by
     * frame then track id, at most {@code q.limit()}.
     *
     * @throws UserError no emitter with that id is stored
     */
    static List<StoredTrack> query(StoreTarget target, TrackStore tracks, long emitterId, TrackQuery q) {
        List<Emitter> found;
        try (EmitterStore emitters = EmitterStore.open(target)) {
            found = emitters.query(EmitterQuery.all().withEmitter(emitterId));
        }
        if (found.isEmpty()) throw new UserError("--emitter: no emitter " + emitterId + " in " + target.display());
        Set<Long> ids = new LinkedHashSet<>();
        for (Emitter e : found) ids.addAll(e.trackIds());
        if (q.trackId() != null) ids.retainAll(Set.of(q.trackId()));
        List<StoredTrack> rows = new ArrayList<>();
        for (long id : ids) rows.addAll(tracks.query(q.withTrack(id)));
        rows.sort(Comparator.comparingLong(StoredTrack::frameId).thenComparingLong(StoredTrack::trackId).thenComparingLong(StoredTrack::id));
        return rows.size() > q.limit() ? List.copyOf(rows.subList(0, q.limit())) : rows;
    }
}
