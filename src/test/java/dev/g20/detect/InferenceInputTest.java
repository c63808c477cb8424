package dev.g20.detect;

import dev.g20.config.SpectrogramConfig;
import dev.g20.source.SigMfAnnotation;
import dev.g20.spectrogram.SpectrogramFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class InferenceInputTest {
    static final SpectrogramConfig C = new SpectrogramConfig(1024, "hann", 0.5, -30, 60, "viridis", 64, "cpu");

    static SpectrogramFrame frame(float[] psd) {
        return new SpectrogramFrame(3, 0, C.hash(), 100e6, 1e6, 64L * 512 * 3, C.hop(), C.rowsPerFrame(), C.fftSize(), psd,
                new byte[psd.length], new byte[4 * psd.length]);
    }

    @ParameterizedTest
    @CsvSource({"1,64,64", "3,640,640", "1,48,300", "3,100,2048", "1,200,1000"})
    void constantPsdStaysConstant(int channels, int h, int w) {
        float[] psd = new float[64 * 1024];
        Arrays.fill(psd, -50f);
        InferenceInput in = new InferenceInput(channels, h, w, C);
        float[] t = in.newTensor();
        in.fill(frame(psd), t);
        assertThat(t).hasSize(channels * h * w);
        float want = (-50f - -90f) / 60f;
        for (float v : t) assertThat(v).isCloseTo(want, within(1e-5f));
    }

    @Test
    void areaAveragingKeepsEnergyAndEdges() {
        // left half of the bins at -90 dB (0.0), right half at -30 dB (1.0): an odd output width
        // puts one column across the edge, which must read the exact covered fraction
        float[] psd = new float[64 * 1024];
        for (int r = 0; r < 64; r++) Arrays.fill(psd, r * 1024 + 512, (r + 1) * 1024, -30f);
        Arrays.fill(psd, 0, 0, 0);
        for (int r = 0; r < 64; r++) Arrays.fill(psd, r * 1024, r * 1024 + 512, -90f);
        InferenceInput in = new InferenceInput(1, 16, 5, C);
        float[] t = in.newTensor();
        in.fill(frame(psd), t);
        for (int y = 0; y < 16; y++) {
            assertThat(t[y * 5]).isCloseTo(0f, within(1e-6f));
            assertThat(t[y * 5 + 1]).isCloseTo(0f, within(1e-6f));
            assertThat(t[y * 5 + 2]).isCloseTo(0.5f, within(1e-5f));
            assertThat(t[y * 5 + 3]).isCloseTo(1f, within(1e-6f));
        }
        double mean = 0;
        for (float v : t) mean += v;
        assertThat(mean / t.length).isCloseTo(0.5, within(1e-5));
    }

    @Test
    void valuesAreClippedToTheDisplayRange() {
        float[] psd = new float[64 * 1024];
        Arrays.fill(psd, 0, psd.length / 2, -200f);
        Arrays.fill(psd, psd.length / 2, psd.length, 10f);
        InferenceInput in = new InferenceInput(1, 2, 2, C);
        float[] t = in.newTensor();
        in.fill(frame(psd), t);
        assertThat(t).containsExactly(0f, 0f, 1f, 1f);
    }

    @Test
    void boxRoundTripsThroughPixels() {
        InferenceInput in = new InferenceInput(3, 640, 480, C);
        Box b = new Box(0.125, 0.25, 0.6, 0.99);
        double[] px = in.toPixels(b);
        assertThat(px).containsExactly(new double[]{0.125 * 480, 0.25 * 640, 0.6 * 480, 0.99 * 640}, within(1e-9));
        Box back = in.toCanonical(px[0], px[1], px[2], px[3]);
        assertThat(back.x1()).isCloseTo(b.x1(), within(1e-12));
        assertThat(back.y1()).isCloseTo(b.y1(), within(1e-12));
        assertThat(back.x2()).isCloseTo(b.x2(), within(1e-12));
        assertThat(back.y2()).isCloseTo(b.y2(), within(1e-12));
        // model boxes that spill over the edge are clipped into [0, 1]
        assertThat(in.toCanonical(-10, -5, 500, 700)).isEqualTo(new Box(0, 0, 1, 1));
    }

    @Test
    void groundTruthMapsSamplesAndHzToTheFrameBox() {
        SpectrogramFrame f = frame(new float[64 * 1024]);
        long first = f.firstSample();
        long span = f.spanSamples(); // 64 rows * 512 hop
        List<SigMfAnnotation> anns = List.of(
                // inside: a quarter of the frame in time, 100 kHz wide at +100..+200 kHz
                new SigMfAnnotation(first + span / 4, span / 4, 100.1e6, 100.2e6, "fsk", Map.of()),
                // starts before the frame and ends in its first half: clipped at y = 0
                new SigMfAnnotation(first - 1000, 1000 + span / 2, 99.5e6, 99.6e6, "cw", Map.of()),
                // entirely in the next frame
                new SigMfAnnotation(first + span + 10, 100, 100e6, 100.1e6, "cw", Map.of()),
                // no band: cannot be a box
                new SigMfAnnotation(first, span, Double.NaN, Double.NaN, "cw", Map.of()),
                // too short in time to label (under GroundTruth.MIN_HEIGHT of a frame)
                new SigMfAnnotation(first + 100, (long) (GroundTruth.MIN_HEIGHT * span) - 1, 100e6, 100.1e6, "cw", Map.of()),
                // a label the class list does not know
                new SigMfAnnotation(first, span, 99.9e6, 100.6e6, "radar", Map.of()));
        List<GroundTruth.LabeledBox> boxes = GroundTruth.inFrame(f, anns, SignalClasses.NAMES);
        assertThat(boxes).hasSize(3);
        GroundTruth.LabeledBox a = boxes.get(0);
        assertThat(a.annotationIndex()).isEqualTo(0);
        assertThat(a.classId()).isEqualTo(SignalClasses.NAMES.indexOf("fsk"));
        assertThat(a.box().x1()).isCloseTo(0.6, within(1e-12));
        assertThat(a.box().x2()).isCloseTo(0.7, within(1e-12));
        assertThat(a.box().y1()).isCloseTo(0.25, within(1e-12));
        assertThat(a.box().y2()).isCloseTo(0.5, within(1e-12));
        GroundTruth.LabeledBox b = boxes.get(1);
        assertThat(b.annotationIndex()).isEqualTo(1);
        assertThat(b.box().y1()).isEqualTo(0);
        assertThat(b.box().y2()).isCloseTo(0.5, within(1e-12));
        assertThat(b.box().x1()).isCloseTo(0.0, within(1e-12));
        assertThat(b.box().x2()).isCloseTo(0.1, within(1e-12));
        GroundTruth.LabeledBox c = boxes.get(2);
        assertThat(c.annotationIndex()).isEqualTo(5);
        assertThat(c.classId()).isEqualTo(-1);
        assertThat(c.box()).isEqualTo(new Box(0.4, 0, 1, 1));
        // and the Hz mapping is the frame's own: f = fc + (x - 0.5) fs
        assertThat(f.freqAt(a.box().x1())).isCloseTo(100.1e6, within(1e-3));
    }
}
