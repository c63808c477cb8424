package dev.g20.detect;

import dev.g20.config.StftWindow;

import dev.g20.config.FftBackend;

import dev.g20.config.SpectrogramConfig;
import dev.g20.spectrogram.SpectrogramFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Model inputs at many shapes (down- and upsampling): constants stay constant, values clip to [0, 1]. */
class InferenceInputRangeTest {
    static final SpectrogramConfig C = new SpectrogramConfig(1024, StftWindow.HANN, 0.5, -30, 60, "viridis", 64, FftBackend.CPU);

    static SpectrogramFrame frame(float[] psd) {
        return new SpectrogramFrame(3, 0, C.hash(), 100e6, 1e6, 64L * 512 * 3, C.hop(), C.rowsPerFrame(), C.fftSize(), psd,
                new byte[psd.length], new byte[4 * psd.length]);
    }

    @ParameterizedTest
    @CsvSource({"1,64,64", "3,640,640", "1,48,300", "3,100,2048", "1,200,1000"})
    void constantPsdStaysConstant(int channels, int h, int w) {
        float[] psd = new float[64 * 1024];
        Arrays.fill(psd, -50f);
        InferenceInput in = new InferenceInput(channels, h, w, C, false);
        float[] t = in.newTensor();
        in.fill(frame(psd), t);
        assertThat(t).hasSize(channels * h * w);
        float want = (-50f - -90f) / 60f;
        for (float v : t) assertThat(v).isCloseTo(want, within(1e-5f));
    }

    @Test
    void valuesAreClippedToTheDisplayRange() {
        float[] psd = new float[64 * 1024];
        Arrays.fill(psd, 0, psd.length / 2, -200f);
        Arrays.fill(psd, psd.length / 2, psd.length, 10f);
        InferenceInput in = new InferenceInput(1, 2, 2, C, false);
        float[] t = in.newTensor();
        in.fill(frame(psd), t);
        assertThat(t).containsExactly(0f, 0f, 1f, 1f);
    }

}
