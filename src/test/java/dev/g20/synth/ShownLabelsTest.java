package dev.g20.synth;

import dev.g20.config.SpectrogramConfig;
import dev.g20.source.SigMfAnnotation;
import dev.g20.spectrogram.SpectrogramFrame;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A frame's labels say what the frame shows: AM and FM in a speech pause are bare carriers, so
 * those frames label them cw at the carrier's width, and the frame really shows a steady carrier there.
 */
class ShownLabelsTest {
    static final double FS = 10e6;
    static final SpectrogramConfig CFG = Frames.config(4096, 256);
    static final int FRAMES = 30;

    @Test
    void aVoiceEmitterInASpeechPauseIsLabelledAsItsCarrier() {
        List<EmitterSpec> specs = List.of(
                EmitterSpec.of(new Waveform.Am(4000, 0.9), Timing.Continuous.ALWAYS, -2e6, 30),
                EmitterSpec.of(new Waveform.Fm(3500, 9000), Timing.Continuous.ALWAYS, 1e6, 30),
                EmitterSpec.of(new Waveform.Psk(4, 100e3, 0.35), Timing.Continuous.ALWAYS, 3e6, 30));
        Scene.Settings settings = Scene.Settings.of(FS, 915e6).withNoise(false).withSegmentSamples((long) CFG.rowsPerFrame() * CFG.hop());
        SyntheticSource source = new SyntheticSource(new Scene(settings, specs, 4), Frames.samplesFor(CFG, FRAMES), 0, "voices");
        List<SpectrogramFrame> frames = Frames.of(source, CFG, FRAMES);
        assertThat(source.annotations()).extracting(SigMfAnnotation::label).containsExactly("am", "fm", "psk");

        int[] carrierFrames = new int[2];
        double[][] variation = new double[2][2]; // [emitter][shown as carrier ? 1 : 0], summed per frame
        int[][] counted = new int[2][2];
        for (SpectrogramFrame f : frames) {
            List<SigMfAnnotation> shown = source.annotationsAsShown(f.firstSample(), f.firstSample() + f.spanSamples());
            assertThat(shown).hasSize(3);
            assertThat(shown.get(2).label()).isEqualTo("psk");
            for (int e = 0; e < 2; e++) {
                SigMfAnnotation full = source.annotations().get(e), a = shown.get(e);
                double carrierHz = (full.freqLowerEdge() + full.freqUpperEdge()) / 2;
                boolean carrier = a.label().equals("cw");
                if (carrier) {
                    carrierFrames[e]++;
                    assertThat(a.extras()).containsEntry("g20:transmitted_label", e == 0 ? "am" : "fm");
                    // the carrier's band: the minimum annotation width, centred on the carrier
                    assertThat(a.freqUpperEdge() - a.freqLowerEdge()).isCloseTo(FS / 1024, org.assertj.core.data.Offset.offset(1.0));
                    assertThat((a.freqLowerEdge() + a.freqUpperEdge()) / 2).isCloseTo(carrierHz, org.assertj.core.data.Offset.offset(1.0));
                } else {
                    assertThat(a).isEqualTo(full);
                }
                variation[e][carrier ? 1 : 0] += rowVariation(f, carrierHz - 8 * FS / 4096, carrierHz + 8 * FS / 4096);
                counted[e][carrier ? 1 : 0]++;
            }
        }
        for (int e = 0; e < 2; e++) {
            // speech pauses are a fifth to a half of the time; 30 frames of 52 ms see both
            assertThat(carrierFrames[e]).as("frames showing emitter %d as a carrier", e).isBetween(3, 24);
            double pause = variation[e][1] / counted[e][1], speech = variation[e][0] / counted[e][0];
            assertThat(pause / speech).as("row-to-row variation, pause over speech, emitter %d", e).isLessThan(0.03);
        }
    }

    /**
     * How much the spectrum between two frequencies changes from row to row (noise-free frames):
     * the summed |row power - mean row power| over the summed power, per bin. A bare carrier is
     * the same in every row (0); speech moves AM's envelope and FM's frequency (clearly above 0).
     */
    static double rowVariation(SpectrogramFrame f, double loHz, double hiHz) {
        double dev = 0, sum = 0;
        for (int b = 0; b < f.bins(); b++) {
            double fr = f.freqAt((b + 0.5) / f.bins());
            if (fr < loHz || fr > hiHz) continue;
            double mean = 0;
            for (int r = 0; r < f.rows(); r++) mean += Math.pow(10, f.psdDb()[r * f.bins() + b] / 10);
            mean /= f.rows();
            for (int r = 0; r < f.rows(); r++) dev += Math.abs(Math.pow(10, f.psdDb()[r * f.bins() + b] / 10) - mean);
            sum += mean * f.rows();
        }
        return dev / sum;
    }
}
