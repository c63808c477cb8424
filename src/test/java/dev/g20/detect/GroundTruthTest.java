package dev.g20.detect;

import dev.g20.config.StftWindow;

import dev.g20.config.FftBackend;

import dev.g20.config.SpectrogramConfig;
import dev.g20.source.SigMfAnnotation;
import dev.g20.spectrogram.SpectrogramFrame;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** SigMF annotations onto one frame's canonical boxes. */
class GroundTruthTest {
    static final SpectrogramConfig C = new SpectrogramConfig(1024, StftWindow.HANN, 0.5, -30, 60, "viridis", 64, FftBackend.CPU);

    static SpectrogramFrame frame(float[] psd) {
        return new SpectrogramFrame(3, 0, C.hash(), 100e6, 1e6, 64L * 512 * 3, C.hop(), C.rowsPerFrame(), C.fftSize(), psd,
                new byte[psd.length], new byte[4 * psd.length]);
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
