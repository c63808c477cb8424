package dev.g20.synth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AudibleRunsTest {

    @Test
    void runsFollowTheTransitionsAndEndAtTheGapBetweenEmissions() {
        AudibleRuns runs = new AudibleRuns();
        runs.position(1000);
        runs.turn(true, 100);  // audible from 1100
        runs.turn(false, 400); // to 1400
        runs.turn(true, 900);  // from 1900 to the block's end
        runs.advance(1000);    // block [1000, 2000)
        assertThat(runs.audibleWithin(1000, 2000)).isEqualTo(300 + 100);
        assertThat(runs.audibleWithin(1200, 1300)).isEqualTo(100);

        // still audible when the emission ends at 2000; the next one begins at 5000
        runs.position(5000);
        assertThat(runs.on()).as("a jump ends the run; the baseband reports speech afresh").isFalse();
        runs.turn(true, 0);
        runs.advance(500);
        assertThat(runs.audibleWithin(2000, 5000)).as("nothing audible between emissions").isZero();
        assertThat(runs.audibleWithin(1000, 6000)).as("the open run ends at what was generated").isEqualTo(400 + 500);
    }

    @Test
    void forgettingKeepsTheOpenRunAndRunsEndingLater() {
        AudibleRuns runs = new AudibleRuns();
        runs.position(0);
        for (int k = 0; k < 40; k++) { // 40 syllables of 100 samples every 1000 samples
            runs.turn(true, k * 1000);
            runs.turn(false, k * 1000 + 100);
        }
        runs.turn(true, 40_000);
        runs.advance(40_500);
        assertThat(runs.audibleWithin(0, 50_000)).isEqualTo(40 * 100 + 500);

        runs.forgetBefore(30_050);
        assertThat(runs.audibleWithin(0, 30_000)).as("runs ended before 30,050 are gone").isZero();
        assertThat(runs.audibleWithin(30_000, 30_100)).as("the run over 30,050 stays").isEqualTo(100);
        assertThat(runs.audibleWithin(31_000, 50_000)).isEqualTo(9 * 100 + 500);
    }
}
