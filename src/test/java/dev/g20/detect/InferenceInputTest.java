package dev.g20.detect;

import dev.g20.config.StftWindow;

import dev.g20.config.FftBackend;

import dev.g20.config.SpectrogramConfig;
import dev.g20.spectrogram.SpectrogramFrame;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The model input derived from the canonical frame: placement, normalisation, channels, box round trip. */
class InferenceInputTest {
    static final SpectrogramConfig SPEC = new SpectrogramConfig(256, StftWindow.HANN, 0.5, -30, 60, "viridis", 64, FftBackend.CPU);

    static SpectrogramFrame frame(float[] psd) {
        return new SpectrogramFrame(0, 0, SPEC.hash(), 0, 1e6, 0, 128, 64, 256, psd, new byte[psd.length], new byte[0]);
    }

    @Test
    void aBlockLandsOnTheMatchingPixelsAndLevelsAreNormalised() {
        float[] psd = new float[64 * 256];
        Arrays.fill(psd, -90f);                       // the bottom of the display range: 0
        for (int r = 16; r < 32; r++) for (int b = 64; b < 128; b++) psd[r * 256 + b] = -30f; // the top: 1
        for (int[] shape : new int[][]{{1, 32, 64}, {3, 32, 64}, {1, 128, 512}}) {
            InferenceInput in = new InferenceInput(shape[0], shape[1], shape[2], SPEC, false);
            float[] t = in.newTensor();
            in.fill(frame(psd), t);
            int h = shape[1], w = shape[2];
            for (int c = 0; c < shape[0]; c++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        boolean inside = y >= h / 4 && y < h / 2 && x >= w / 4 && x < w / 2;
                        assertThat(t[c * h * w + y * w + x]).as("c%d y%d x%d of %s", c, y, x, Arrays.toString(shape))
                                .isCloseTo(inside ? 1f : 0f, within(1e-4f));
                    }
                }
            }
        }
    }

    @Test
    void atTheFramesOwnSizeEveryBinKeepsItsOwnLevel() {
        // a full-resolution model sees each bin: a one-bin carrier beside its neighbours stays one bin
        float[] psd = new float[64 * 256];
        Arrays.fill(psd, -75f);
        for (int r = 0; r < 64; r++) psd[r * 256 + 101] = -36f;
        psd[3 * 256 + 7] = -120f;   // below the display range: 0
        psd[4 * 256 + 9] = 0f;      // above it: 1
        InferenceInput in = new InferenceInput(1, 64, 256, SPEC, false);
        assertThat(in.fullResolution()).isTrue();
        assertThat(new InferenceInput(1, 64, 128, SPEC, false).fullResolution()).isFalse();
        float[] t = in.newTensor();
        in.fill(frame(psd), t);
        assertThat(t[10 * 256 + 101]).isCloseTo(0.9f, within(1e-6f));
        assertThat(t[10 * 256 + 100]).isCloseTo(0.25f, within(1e-6f));
        assertThat(t[10 * 256 + 102]).isCloseTo(0.25f, within(1e-6f));
        assertThat(t[3 * 256 + 7]).isEqualTo(0f);
        assertThat(t[4 * 256 + 9]).isEqualTo(1f);
    }

    @Test
    void shrinkingAveragesPowerNotDecibels() {
        // two bins at -40 and -60 dB into one pixel: mean power is -42.6 dB, not the dB mean -50
        float[] psd = new float[64 * 256];
        for (int r = 0; r < 64; r++) for (int b = 0; b < 256; b++) psd[r * 256 + b] = b % 2 == 0 ? -40f : -60f;
        InferenceInput in = new InferenceInput(1, 64, 128, SPEC, false);
        float[] t = in.newTensor();
        in.fill(frame(psd), t);
        double db = 10 * Math.log10((1e-4 + 1e-6) / 2);
        assertThat(t[5 * 128 + 7]).isCloseTo((float) ((db + 90) / 60), within(1e-4f));
    }

    @Test
    void boxesRoundTripBetweenPixelsAndCanonicalSpace() {
        InferenceInput in = new InferenceInput(3, 480, 640, SPEC, false);
        Box b = new Box(0.123, 0.25, 0.456, 0.875);
        double[] px = in.toPixels(b);
        assertThat(px[0]).isCloseTo(0.123 * 640, within(1e-9));
        assertThat(px[3]).isCloseTo(0.875 * 480, within(1e-9));
        Box back = in.toCanonical(px[0], px[1], px[2], px[3]);
        assertThat(back.x1()).isCloseTo(b.x1(), within(1e-12));
        assertThat(back.y1()).isCloseTo(b.y1(), within(1e-12));
        assertThat(back.x2()).isCloseTo(b.x2(), within(1e-12));
        assertThat(back.y2()).isCloseTo(b.y2(), within(1e-12));
        assertThat(in.toCanonical(-10, -5, 700, 500)).isEqualTo(new Box(0, 0, 1, 1));
    }

    @Test
    void aShortHopFrameKeepsTheTrainingTimePerInputRow() {
        // fft_size 1024 at overlap 0.5: hop 512, a quarter of the training hop (2048)
        SpectrogramConfig c = new SpectrogramConfig(1024, StftWindow.HANN, 0.5, -30, 60, "viridis", 256, FftBackend.CPU);
        float[] psd = new float[256 * 1024];
        Arrays.fill(psd, -90f);
        for (int r = 128; r < 192; r++) for (int b = 512; b < 768; b++) psd[r * 1024 + b] = -30f;
        SpectrogramFrame f = new SpectrogramFrame(0, 0, c.hash(), 0, 1e6, 0, 512, 256, 1024, psd, new byte[psd.length], new byte[0]);
        InferenceInput in = new InferenceInput(1, 256, 4096, c, false, InferenceInput.TRAINING_HOP);
        assertThat(in.usedHeight()).isEqualTo(64);
        assertThat(in.fullResolution()).isFalse();
        float[] t = in.newTensor();
        in.fill(f, t);
        // rows 128..191 of 256 land on input rows 32..47 of the 64 the frame fills
        assertThat(t[40 * 4096 + 2500]).isCloseTo(1f, within(1e-4f));
        assertThat(t[31 * 4096 + 2500]).isCloseTo(0f, within(1e-4f));
        assertThat(t[48 * 4096 + 2500]).isCloseTo(0f, within(1e-4f));
        // rows past the frame read as the training floor, never as signal
        float pad = (float) ((NoiseFloor.TRAINING_FLOOR_DB + 90) / 60);
        assertThat(t[200 * 4096 + 2500]).isCloseTo(pad, within(1e-4f));
        // and boxes map back over the rows the frame fills
        Box b = in.toCanonical(2048, 32, 3072, 48);
        assertThat(b.y1()).isCloseTo(0.5, within(1e-12));
        assertThat(b.y2()).isCloseTo(0.75, within(1e-12));
        assertThat(in.toPixels(b)[3]).isCloseTo(48, within(1e-9));
        // the default and the training-hop frames keep the whole height
        assertThat(new InferenceInput(1, 256, 4096, c).usedHeight()).isEqualTo(256);
        assertThat(InferenceInput.forModel(1, 256, 4096, c).usedHeight()).isEqualTo(64);
    }
}
