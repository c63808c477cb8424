package dev.g20.store;

import dev.g20.track.TrackState;
import org.junit.jupiter.api.Test;

import static dev.g20.wiring.WiringTest.track;
import static org.assertj.core.api.Assertions.assertThat;

/** Which tracker rows reach the store. */
class TrackRowsTest {

    @Test
    void onlyConfirmedTracksAndTheirLostRowAreLoggedUnlessTentativeOnesAreAskedFor() {
        TrackRows rows = new TrackRows(3, false);
        assertThat(rows.logs(track(1, TrackState.CONFIRMED, 3), 5)).isTrue();
        assertThat(rows.logs(track(1, TrackState.LOST, 3), 6)).isTrue();
        assertThat(rows.logs(track(2, TrackState.LOST, 2), 6)).isFalse();
        assertThat(rows.logs(track(3, TrackState.TENTATIVE, 1), 0)).isFalse();
        assertThat(new TrackRows(3, true).logs(track(3, TrackState.TENTATIVE, 1), 0)).isTrue();
    }

    @Test
    void aConfirmedTrackIsStoredWhenItConfirmsWhenLostAndEveryNFramesBetween() {
        TrackRows rows = new TrackRows(3, false, 20);
        // first seen at frame 0 (track() builds firstSeenFrameId 0), confirmed at its third hit
        assertThat(rows.logs(track(1, TrackState.CONFIRMED, 3), 2)).as("confirming frame").isTrue();
        int stored = 0;
        for (long f = 3; f < 100; f++) if (rows.logs(track(1, TrackState.CONFIRMED, 4 + (int) f), f)) stored++;
        assertThat(stored).as("frames 20, 40, 60, 80").isEqualTo(4);
        assertThat(rows.logs(track(1, TrackState.LOST, 50), 101)).as("lost row").isTrue();
        assertThat(new TrackRows(3, false, 1).logs(track(1, TrackState.CONFIRMED, 9), 7)).as("every frame").isTrue();
    }
}
