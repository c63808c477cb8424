package dev.g20.synth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VoiceAudioTest {
    static final int WINDOW = (int) (VoiceAudio.RATE * 0.052); // one canonical frame at 10 MS/s

    static boolean silent(VoiceAudio a) {
        double s = 0;
        for (int i = 0; i < WINDOW; i++) {
            double v = a.next();
            s += v * v;
        }
        return Math.sqrt(s / WINDOW) < 1e-3;
    }

    @Test
    void aScenesFirstFrameIsInAPauseAboutAsOftenAsAnyFrameOfALongStream() {
        int seeds = 600, silentFirst = 0;
        for (long seed = 1; seed <= seeds; seed++) if (silent(new VoiceAudio(seed, 4000, VoiceAudio.RATE))) silentFirst++;

        VoiceAudio stream = new VoiceAudio(99, 4000, VoiceAudio.RATE);
        int windows = 3000, silentLater = 0;
        for (int w = 0; w < windows; w++) if (silent(stream)) silentLater++;

        double first = (double) silentFirst / seeds, later = (double) silentLater / windows;
        // speech pauses are 0.3-1.4 s between words of 2-8 syllables: a fifth to a half of the time
        assertThat(later).isBetween(0.15, 0.6);
        // before the random start, every voice began with a syllable: a first frame was never silent
        assertThat(first).isCloseTo(later, org.assertj.core.data.Offset.offset(0.1));
    }
}
