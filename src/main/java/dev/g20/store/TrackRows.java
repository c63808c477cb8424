package dev.g20.store;

import dev.g20.track.Track;
import dev.g20.track.TrackState;

/**
 * Which of the tracker's tracks are rows of the track store: a confirmed track's rows, including
 * the one that reports it lost, so a tentative track that never confirmed (most are noise) leaves
 * nothing behind, unless tentative tracks are asked for.
 *
 * @param confirmHits  tracker.yaml's confirm_hits: a lost track with fewer hits was never confirmed
 * @param logTentative log every track, tentative ones too
 */
public record TrackRows(int confirmHits, boolean logTentative) {

    /** Whether {@code track}'s current row goes to the store. */
    public boolean logs(Track track) {
        TrackState s = track.state();
        return s == TrackState.CONFIRMED || (s == TrackState.LOST && track.hits() >= confirmHits) || logTentative;
    }
}
