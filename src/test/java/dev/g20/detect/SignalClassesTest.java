package dev.g20.detect;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignalClassesTest {
    @Test
    void ookAndPulseAreAppendedSoOldIdsStay() {
        assertThat(SignalClasses.NAMES).hasSize(11).startsWith("cw", "am", "fm", "fsk", "psk", "qam16", "ofdm", "chirp", "hopper").endsWith("ook", "pulse");
        assertThat(SignalClasses.NINE).containsExactly("cw", "am", "fm", "fsk", "psk", "qam16", "ofdm", "chirp", "hopper");
        assertThat(SignalClasses.idOf(SignalClasses.NAMES, "hopper")).isEqualTo(8);
        assertThat(SignalClasses.idOf(SignalClasses.NAMES, "ook")).isEqualTo(9);
        assertThat(SignalClasses.idOf(SignalClasses.NAMES, "pulse")).isEqualTo(10);
    }

    @Test
    void anUnnamedModelOfNineOrElevenClassesGetsTheSharedNames() {
        assertThat(ModelClassNames.fallback(9)).isEqualTo(SignalClasses.NINE);
        assertThat(ModelClassNames.fallback(11)).isEqualTo(SignalClasses.NAMES);
        assertThat(ModelClassNames.fallback(10)).containsExactly("class0", "class1", "class2", "class3", "class4", "class5", "class6", "class7", "class8", "class9");
    }
}
