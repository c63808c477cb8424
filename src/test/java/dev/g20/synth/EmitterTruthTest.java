package dev.g20.synth;

import dev.g20.config.SpectrogramConfig;
import dev.g20.detect.SignalClasses;
import dev.g20.source.SigMfAnnotation;
import dev.g20.spectrogram.SpectrogramFrame;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For every class, on the canonical spectrogram: the annotated boxes hold at least 90 % of the
 * emitted energy, and the SNR measured in the annotated band matches the requested one within 1 dB.
 */
class EmitterTruthTest {
    static final double FS = 10e6;
    static final double FC = 915e6;
    static final SpectrogramConfig CFG = Frames.config(4096, 64);
    static final int FRAMES = 8;

    /** One emitter per class with fixed, typical parameters; long enough bursts to measure. */
    static Stream<EmitterSpec> emitters() {
        return Stream.of(
                EmitterSpec.of(new Waveform.Cw(), Timing.Continuous.ALWAYS, 1.234e6, 20),
                EmitterSpec.of(new Waveform.Am(4000, 0.8), Timing.Continuous.ALWAYS, -2.1e6, 20),
                EmitterSpec.of(new Waveform.Fm(3500, 9000), Timing.Continuous.ALWAYS, 0.77e6, 20),
                EmitterSpec.of(new Waveform.Fsk(50e3, 25e3, 0.5, 2), new Timing.Bursts(0.02, 0.03, 0.005, 0.01), -0.5e6, 20),
                EmitterSpec.of(new Waveform.Fsk(40e3, 45e3, 1.0, 4), new Timing.Bursts(0.02, 0.03, 0.005, 0.01), 2.5e6, 20),
                EmitterSpec.of(new Waveform.Psk(2, 250e3, 0.35), Timing.Continuous.ALWAYS, 1.5e6, 20),
                EmitterSpec.of(new Waveform.Psk(4, 100e3, 0.25), Timing.Continuous.ALWAYS, -3e6, 20),
                // a rate with a fractional number of samples per symbol takes the general path
                EmitterSpec.of(new Waveform.Psk(2, 123_456.7, 0.3), new Timing.Bursts(0.02, 0.03, 0.005, 0.01), -3.6e6, 20),
                EmitterSpec.of(new Waveform.Qam16(400e3, 0.3), Timing.Continuous.ALWAYS, 0.3e6, 20),
                EmitterSpec.of(new Waveform.Ofdm(1024, 200, 0.25, true), Timing.Continuous.ALWAYS, -1e6, 20),
                EmitterSpec.of(new Waveform.Ofdm(256, 40, 0.125, false), new Timing.Bursts(0.02, 0.03, 0.005, 0.01), 2e6, 20),
                EmitterSpec.of(new Waveform.Chirp(800e3, true), new Timing.Pulses(0.008, 0.02), 1e6, 20),
                EmitterSpec.of(new Waveform.Fsk(30e3, 15e3, 0.5, 2), new Timing.Hops(0.01, 0.001, 2e6, 20), -1.5e6, 20));
    }

    @Test
    void everyClassIsCovered() {
        assertThat(emitters().map(EmitterSpec::label).distinct().toList()).containsExactlyInAnyOrderElementsOf(SignalClasses.NINE);
    }

    @ParameterizedTest
    @MethodSource("emitters")
    void boxHoldsTheEnergyAndSnrMatches(EmitterSpec spec) {
        long n = Frames.samplesFor(CFG, FRAMES);
        Scene.Settings settings = Scene.Settings.of(FS, FC).withSegmentSamples((long) CFG.rowsPerFrame() * CFG.hop());
        SyntheticSource clean = new SyntheticSource(new Scene(settings.withNoise(false), List.of(spec), 7), n, 0, "clean");
        SyntheticSource noisy = new SyntheticSource(new Scene(settings, List.of(spec), 7), n, 0, "noisy");
        List<SpectrogramFrame> cf = Frames.of(clean, CFG, FRAMES);
        List<SpectrogramFrame> nf = Frames.of(noisy, CFG, FRAMES);
        List<SigMfAnnotation> anns = clean.annotations();
        assertThat(anns).isNotEmpty();
        assertThat(noisy.annotations()).isEqualTo(anns);
        assertThat(anns).allSatisfy(a -> assertThat(a.label()).isEqualTo(spec.label()));

        // 1. energy: of everything the emitter put on the (noise-free) spectrogram, >= 90 % inside its boxes
        double fraction = energyFraction(cf, anns);
        assertThat(fraction).as("energy fraction in boxes for %s", spec).isGreaterThanOrEqualTo(0.90);

        // 2. SNR: noise per bin from the noisy frames away from any annotation, then per fully-on row
        // signal = sum over the band (one bin margin each side) minus the noise there, over noise in the band
        double noiseSum = 0;
        long noiseCount = 0;
        boolean[] near = new boolean[CFG.fftSize()];
        for (int b = 0; b < near.length; b++) {
            double fr = nf.getFirst().freqAt((b + 0.5) / near.length);
            for (SigMfAnnotation a : anns) near[b] |= fr > a.freqLowerEdge() - 100e3 && fr < a.freqUpperEdge() + 100e3;
        }
        for (SpectrogramFrame f : nf)
            for (int r = 0; r < f.rows(); r++)
                for (int b = 0; b < f.bins(); b++) {
                    if (!near[b]) {
                        noiseSum += Math.pow(10, f.psdDb()[r * f.bins() + b] / 10);
                        noiseCount++;
                    }
                }
        double nb = noiseSum / noiseCount;
        double binHz = FS / CFG.fftSize();
        double snrSum = 0;
        int rows = 0;
        for (SpectrogramFrame f : nf) {
            for (int r = 0; r < f.rows(); r++) {
                long r0 = f.firstSample() + (long) r * f.hop(), r1 = r0 + f.bins();
                for (SigMfAnnotation a : anns) {
                    if (r0 < a.sampleStart() || r1 > a.sampleStart() + a.sampleCount()) continue;
                    double sig = 0;
                    for (int b = 0; b < f.bins(); b++) {
                        double fr = f.freqAt((b + 0.5) / f.bins());
                        if (fr >= a.freqLowerEdge() - binHz && fr <= a.freqUpperEdge() + binHz)
                            sig += Math.pow(10, f.psdDb()[r * f.bins() + b] / 10) - nb;
                    }
                    double bw = (a.freqUpperEdge() - a.freqLowerEdge()) / binHz;
                    snrSum += sig / (nb * bw);
                    rows++;
                }
            }
        }
        assertThat(rows).isGreaterThan(10);
        double snrDb = 10 * Math.log10(snrSum / rows);
        assertThat(snrDb).as("measured SNR for %s", spec).isCloseTo(spec.snrDb(), org.assertj.core.data.Offset.offset(1.0));
    }

    /** Share of the spectrogram's energy (noise-free frames) that lies inside the annotations. */
    static double energyFraction(List<SpectrogramFrame> frames, List<SigMfAnnotation> anns) {
        double inside = 0, total = 0;
        for (SpectrogramFrame f : frames) {
            int bins = f.bins();
            for (int r = 0; r < f.rows(); r++) {
                long r0 = f.firstSample() + (long) r * f.hop(), r1 = r0 + bins;
                for (int b = 0; b < bins; b++) {
                    double p = Math.pow(10, f.psdDb()[r * bins + b] / 10);
                    total += p;
                    if (inBox(f, anns, r0, r1, b, 0)) inside += p;
                }
            }
        }
        return inside / total;
    }

    /** Random parameters as the scenarios and the dataset draw them: the boxes still hold the energy. */
    @ParameterizedTest
    @MethodSource("classes")
    void randomParametersKeepTheEnergyInTheBox(String cls) {
        long n = Frames.samplesFor(CFG, 4);
        for (int seed = 0; seed < 4; seed++) {
            Rng r = new Rng(seed * 31L + cls.hashCode());
            Waveform w = Emitters.waveform(cls, r, FS);
            Timing t = switch (cls) {
                case "chirp", "hopper", "fsk" -> Emitters.timing(cls, r, FS, w, false);
                default -> Timing.Continuous.ALWAYS;
            };
            EmitterSpec spec = EmitterSpec.of(w, t, 0, 25);
            Scene.Settings settings = Scene.Settings.of(FS, FC).withNoise(false).withSegmentSamples((long) CFG.rowsPerFrame() * CFG.hop());
            SyntheticSource clean = new SyntheticSource(new Scene(settings, List.of(spec), seed), n, 0, "clean");
            List<SpectrogramFrame> frames = Frames.of(clean, CFG, 4);
            if (clean.annotations().isEmpty()) continue;
            assertThat(energyFraction(frames, clean.annotations())).as("energy fraction for %s", spec).isGreaterThanOrEqualTo(0.90);
        }
    }

    static Stream<String> classes() {
        return SignalClasses.NINE.stream();
    }

    /** Drifting emitters: one annotation piece per frame, the band covered in that frame, holding the energy. */
    @Test
    void driftIsAnnotatedPerFrameAndReflectsAtItsLimits() {
        long seg = (long) CFG.rowsPerFrame() * CFG.hop();
        Scene.Settings settings = Scene.Settings.of(FS, FC).withSegmentSamples(seg);
        // 2 MHz/s over 100 kHz of range: reflects every 50 ms
        var psk = new EmitterSpec(new Waveform.Psk(4, 50e3, 0.35), Timing.Continuous.ALWAYS, 1.0e6, 20, 2e6, 0.95e6, 1.05e6);
        var cw = new EmitterSpec(new Waveform.Cw(), Timing.Continuous.ALWAYS, -2e6, 20, -300e3, -2.1e6, -1.9e6);
        long n = Frames.samplesFor(CFG, FRAMES);
        SyntheticSource clean = new SyntheticSource(new Scene(settings.withNoise(false), List.of(psk, cw), 3), n, 0, "clean");
        List<SpectrogramFrame> frames = Frames.of(clean, CFG, FRAMES);
        List<SigMfAnnotation> anns = clean.annotations();
        for (SigMfAnnotation a : anns) {
            // pieces never straddle a frame boundary
            assertThat(a.sampleStart() / seg).isEqualTo((a.sampleStart() + a.sampleCount() - 1) / seg);
            assertThat(a.extras()).containsKeys("g20:emitter_id", "g20:segment", "g20:drift_hz_per_s");
        }
        for (SpectrogramFrame f : frames) {
            var boxes = dev.g20.detect.GroundTruth.inFrame(f, anns, SignalClasses.NAMES);
            assertThat(boxes).hasSize(2);
        }
        var pskPieces = anns.stream().filter(a -> a.label().equals("psk")).toList();
        double half = psk.waveform().bandwidthHz(FS) / 2;
        assertThat(pskPieces).allSatisfy(a -> {
            assertThat(a.freqLowerEdge()).isGreaterThanOrEqualTo(FC + 0.95e6 - half - 1);
            assertThat(a.freqUpperEdge()).isLessThanOrEqualTo(FC + 1.05e6 + half + 1);
            // one frame (13 ms) at 2 MHz/s covers at most 26 kHz beyond the instantaneous band
            assertThat(a.freqUpperEdge() - a.freqLowerEdge()).isBetween(2 * half, 2 * half + 27e3);
        });
        assertThat(pskPieces.stream().mapToDouble(a -> (double) a.extras().get("g20:drift_hz_per_s")).distinct().count()).isEqualTo(2);
        assertThat(energyFraction(frames, anns)).isGreaterThanOrEqualTo(0.95);
    }

    /** Bin b of a row spanning samples [r0, r1) lies in an annotation: overlapping time, bin centre within the band +- margin. */
    static boolean inBox(SpectrogramFrame f, List<SigMfAnnotation> anns, long r0, long r1, int b, double marginHz) {
        double lo = f.freqAt((double) b / f.bins()), hi = f.freqAt((b + 1.0) / f.bins());
        for (SigMfAnnotation a : anns) {
            if (r1 <= a.sampleStart() || r0 >= a.sampleStart() + a.sampleCount()) continue;
            if (hi > a.freqLowerEdge() - marginHz && lo < a.freqUpperEdge() + marginHz) return true;
        }
        return false;
    }
}
