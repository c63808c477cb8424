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
                // entirely in the next frame, past the reach of this frame's last window
                new SigMfAnnotation(first + span + 600, 100, 100e6, 100.1e6, "cw", Map.of()),
                // no band: cannot be a box
                new SigMfAnnotation(first, span, Double.NaN, Double.NaN, "cw", Map.of()),
                // ends 10 samples into the frame: a sliver, labelled by the frame before
                new SigMfAnnotation(first - 5000, 5010, 100e6, 100.1e6, "cw", Map.of()),
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

    @Test
    void aBurstShorterThanAWindowIsOneRowWhereItsRowsSeeIt() {
        SpectrogramFrame f = frame(new float[64 * 1024]);
        // 120 us at 1 MS/s: 120 samples, far under one 1024-sample window (hop 512)
        long start = f.firstSample() + 10 * 512L + 700;
        List<GroundTruth.LabeledBox> boxes = GroundTruth.inFrame(f,
                List.of(new SigMfAnnotation(start, 120, 100e6, 100.2e6, "fsk", Map.of())), SignalClasses.NAMES);
        assertThat(boxes).hasSize(1);
        Box b = boxes.getFirst().box();
        // one row tall (max(hop 512, window/2 512) samples) ...
        assertThat(b.y2() - b.y1()).isCloseTo(1.0 / 64, within(1e-12));
        // ... centred on the row whose window centre is on the burst: burst centre 10*512+760,
        // minus half a window (512) is the start of row 10.48, drawn over rows 10.48 .. 11.48
        double centreRow = (10 * 512.0 + 760 - 512) / 512;
        assertThat((b.y1() + b.y2()) / 2 * 64).isCloseTo(centreRow + 0.5, within(1e-9));
    }

    @Test
    void aCarrierIsEightBinsWideWhateverTheRate() {
        SpectrogramFrame f = frame(new float[64 * 1024]);
        List<GroundTruth.LabeledBox> boxes = GroundTruth.inFrame(f,
                List.of(new SigMfAnnotation(f.firstSample(), f.spanSamples(), 100.25e6, 100.25e6, "cw", Map.of())), SignalClasses.NAMES);
        Box b = boxes.getFirst().box();
        // 8 of 1024 bins (7.8 kHz at 1 MS/s), centred on the carrier; not 1/128 of the span
        assertThat(b.x2() - b.x1()).isCloseTo(8.0 / 1024, within(1e-12));
        assertThat((b.x1() + b.x2()) / 2).isCloseTo(0.75, within(1e-12));
        assertThat(GroundTruth.minWidth(f) * f.sampleRateHz()).isCloseTo(8 * 1e6 / 1024, within(1e-6));
        // overlap 0.5: half a window is one hop, one row
        assertThat(GroundTruth.minHeight(f)).isCloseTo(1.0 / 64, within(1e-12));
    }
}
