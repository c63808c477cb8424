package dev.g20.detect;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignalClassesTest {
    @Test
    void ookAndPulseAreAppendedSoOldIdsStay() {
        assertThat(SignalClasses.NAMES).hasSize(12).startsWith("cw", "am", "fm", "fsk", "psk", "qam16", "ofdm", "chirp", "hopper").endsWith("ook", "pulse", "css");
        assertThat(SignalClasses.NINE).containsExactly("cw", "am", "fm", "fsk", "psk", "qam16", "ofdm", "chirp", "hopper");
        assertThat(SignalClasses.idOf(SignalClasses.NAMES, "hopper")).isEqualTo(8);
        assertThat(SignalClasses.idOf(SignalClasses.NAMES, "ook")).isEqualTo(9);
        assertThat(SignalClasses.idOf(SignalClasses.NAMES, "pulse")).isEqualTo(10);
        assertThat(SignalClasses.idOf(SignalClasses.NAMES, "css")).isEqualTo(11);
    }

    @Test
    void anUnnamedModelOfNineOrMoreClassesGetsTheFirstSharedNames() {
        assertThat(ModelClassNames.fallback(9)).isEqualTo(SignalClasses.NINE);
        assertThat(ModelClassNames.fallback(12)).isEqualTo(SignalClasses.NAMES);
        assertThat(ModelClassNames.fallback(11)).endsWith("ook", "pulse").hasSize(11);
        assertThat(ModelClassNames.fallback(3)).containsExactly("class0", "class1", "class2");
        assertThat(ModelClassNames.fallback(13)).hasSize(13).startsWith("class0");
    }
}
