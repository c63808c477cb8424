package dev.g20.detect;

import dev.g20.config.SpectrogramConfig;
import dev.g20.spectrogram.SpectrogramFrame;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The model input does not depend on receiver gain: the same scene at three noise floors gives the same tensor. */
class InferenceInputGainTest {
    private static final SpectrogramConfig SPEC = SpectrogramConfig.defaults();
    private static final int ROWS = SPEC.rowsPerFrame(), BINS = SPEC.fftSize();

    /** Exponential noise cells at {@code floorDb} (median), a 20 dB burst and a DC spike 30 dB up. */
    private static SpectrogramFrame scene(double floorDb, int validRows) {
        Random rnd = new Random(5);
        float[] psd = new float[ROWS * BINS];
        double mean = floorDb - 10 * Math.log10(Math.log(2));
        for (int r = 0; r < ROWS; r++) {
            for (int b = 0; b < BINS; b++) {
                double p = -Math.log(1 - rnd.nextDouble()) * Math.pow(10, mean / 10);
                if (r >= 40 && r < 120 && b >= 1000 && b < 1400) p *= 100;
                if (b >= BINS / 2 - 1 && b <= BINS / 2 + 1) p += Math.pow(10, (floorDb + 30) / 10);
                psd[r * BINS + b] = r < validRows ? (float) (10 * Math.log10(p)) : -300f;
            }
        }
        return new SpectrogramFrame(0, 0, SPEC.hash(), 0, 1e6, 0, SPEC.hop(), ROWS, BINS, psd, new byte[psd.length], new byte[0], validRows);
    }

    @Test
    void floorsFromMinus100ToMinus55GiveTheSameTensor() {
        InferenceInput in = new InferenceInput(1, ROWS, BINS, SPEC);
        float[] ref = in.newTensor(), t = in.newTensor();
        in.fill(scene(-80, ROWS), ref);
        assertThat(in.lastShiftDb()).isBetween(-1.0, 1.0);
        for (double floor : new double[]{-100, -55}) {
            in.fill(scene(floor, ROWS), t);
            assertThat(in.lastShiftDb()).isBetween(-80 - floor - 1.0, -80 - floor + 1.0);
            double maxDiff = 0;
            for (int i = 0; i < t.length; i++) maxDiff = Math.max(maxDiff, Math.abs(t[i] - ref[i]));
            assertThat(maxDiff).as("floor %s", floor).isLessThan(0.5 / 60); // under 0.5 dB anywhere
        }
    }

    @Test
    void theDcSpikeIsNotchedAndPaddingReadsAsTheFloor() {
        InferenceInput in = new InferenceInput(1, ROWS, BINS, SPEC);
        float[] t = in.newTensor();
        in.fill(scene(-60, 100), t);
        double floorLevel = (NoiseFloor.TRAINING_FLOOR_DB - (SPEC.psdRefDbm() - SPEC.dynamicRangeDb())) / SPEC.dynamicRangeDb();
        // the spike (30 dB up) is gone: the centre bin reads like its neighbours, within noise
        double centre = 0, side = 0;
        for (int r = 0; r < 30; r++) {
            centre += t[r * BINS + BINS / 2];
            side += t[r * BINS + BINS / 2 + 40];
        }
        assertThat(Math.abs(centre - side) / 30).isLessThan(6.0 / 60);
        assertThat(t[200 * BINS + 7]).isCloseTo((float) floorLevel, org.assertj.core.data.Offset.offset(1e-4f));
        // the burst still stands about 20 dB out
        assertThat(t[60 * BINS + 1200] - floorLevel).isGreaterThan(12.0f / 60);
    }
}
