package dev.g20.spectrogram;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.assertj.core.api.Assertions.assertThat;

class FastLogTest {
    @Test
    void dbWithinOneHundredThousandthOfMathLog10OverTheWholeRange() {
        int count = 200_000;
        float[] x = new float[count];
        for (int i = 0; i < count; i++) x[i] = (float) Math.pow(10, -30 + 40.0 * i / count);
        float[] bulk = new float[count];
        FastLog.db(MemorySegment.ofArray(x), new int[count], bulk, 0, count);
        double worst = 0;
        for (int i = 0; i < count; i++) {
            double want = 10 * Math.log10(x[i]);
            worst = Math.max(worst, Math.abs(FastLog.db(x[i]) - want));
            assertThat(bulk[i]).isEqualTo(FastLog.db(x[i]));
        }
        assertThat(worst).isLessThan(1e-4);
    }

    @Test
    void exactAtPowersOfTwo() {
        for (int e = -60; e <= 60; e++) assertThat(FastLog.log2((float) Math.scalb(1.0, e))).isEqualTo((float) e);
    }
}
