package dev.g20.classify;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IqHistoryTest {

    private static float[] ramp(long from, int n) {
        float[] iq = new float[2 * n];
        for (int i = 0; i < n; i++) {
            iq[2 * i] = from + i;
            iq[2 * i + 1] = -(from + i);
        }
        return iq;
    }

    @Test
    void readsBackAnySpanStillHeldAcrossTheWrap() {
        IqHistory h = new IqHistory(1000);
        long t = 0;
        for (int block = 0; block < 7; block++) {
            h.append(ramp(t, 333), 333);
            t += 333;
        }
        assertThat(h.written()).isEqualTo(2331);
        assertThat(h.oldest()).isEqualTo(1331);
        float[] out = new float[2 * 600];
        assertThat(h.read(1700, 600, out)).isTrue();
        for (int i = 0; i < 600; i++) {
            assertThat(out[2 * i]).isEqualTo(1700f + i);
            assertThat(out[2 * i + 1]).isEqualTo(-(1700f + i));
        }
    }

    @Test
    void refusesSpansOverwrittenOrNotYetWritten() {
        IqHistory h = new IqHistory(100);
        h.append(ramp(0, 250), 250);
        float[] out = new float[400];
        assertThat(h.read(100, 50, out)).as("overwritten").isFalse();
        assertThat(h.read(200, 60, out)).as("beyond what was written").isFalse();
        assertThat(h.read(150, 100, out)).isTrue();
        assertThat(out[0]).isEqualTo(150f);
    }

    @Test
    void skippedSamplesKeepIndicesAligned() {
        IqHistory h = new IqHistory(100);
        h.append(ramp(0, 10), 10);
        h.skip(20);
        h.append(ramp(30, 10), 10);
        float[] out = new float[20];
        assertThat(h.read(30, 10, out)).isTrue();
        assertThat(out[0]).isEqualTo(30f);
    }
}
