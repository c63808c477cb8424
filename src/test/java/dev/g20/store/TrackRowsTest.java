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
        assertThat(rows.logs(track(1, TrackState.CONFIRMED, 3))).isTrue();
        assertThat(rows.logs(track(1, TrackState.LOST, 3))).isTrue();
        assertThat(rows.logs(track(2, TrackState.LOST, 2))).isFalse();
        assertThat(rows.logs(track(3, TrackState.TENTATIVE, 1))).isFalse();
        assertThat(new TrackRows(3, true).logs(track(3, TrackState.TENTATIVE, 1))).isTrue();
    }
}
