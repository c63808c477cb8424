package dev.g20.store;

import dev.g20.track.Track;
import dev.g20.track.TrackState;

/**
 * Which of the tracker's tracks are rows of the track store: a confirmed track's rows, including
 * the one that reports it lost, so a tentative track that never confirmed (most are noise) leaves
 * nothing behind, unless tentative tracks are asked for. A confirmed track is logged on the frame
 * it confirms and then every {@code everyFrames} frames of its life (and always when lost): the
 * emitters table is the signal log, these rows are the evidence, and one row per track per frame
 * would fill about 10 GB a day at the demo's rate.
 *
 * @param confirmHits  tracker.yaml's confirm_hits: a lost track with fewer hits was never confirmed
 * @param logTentative log every track, tentative ones too
 * @param everyFrames  database.yaml's track_row_every_frames: 1 logs every frame
 */
public record TrackRows(int confirmHits, boolean logTentative, int everyFrames) {

    public TrackRows {
        if (everyFrames < 1) throw new IllegalArgumentException("everyFrames must be >= 1, got " + everyFrames);
    }

    /** Every frame of a confirmed track. */
    public TrackRows(int confirmHits, boolean logTentative) {
        this(confirmHits, logTentative, 1);
    }

    /** Whether {@code track}'s row at frame {@code frameId} goes to the store. */
    public boolean logs(Track track, long frameId) {
        TrackState s = track.state();
        if (s == TrackState.LOST) return track.hits() >= confirmHits || logTentative;
        if (s != TrackState.CONFIRMED) return logTentative;
        if (logTentative || everyFrames == 1) return true;
        boolean confirmingFrame = track.hits() == confirmHits && track.ageFrames() == 0;
        return confirmingFrame || (frameId - track.firstSeenFrameId()) % everyFrames == 0;
    }
}
