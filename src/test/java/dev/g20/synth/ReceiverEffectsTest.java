package dev.g20.synth;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.g20.synth.RealFamiliesTest.db;
import static dev.g20.synth.RealFamiliesTest.iq;
import static dev.g20.synth.RealFamiliesTest.power;
import static dev.g20.synth.RealFamiliesTest.spectrum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Each receiver effect shows on the spectrogram or in the samples as documented. */
class ReceiverEffectsTest {
    static final double FS = 2e6;
    /** One bin of the 4096-point spectrogram. */
    static final double BIN = FS / 4096;

    static SyntheticSource source(List<EmitterSpec> emitters, double noiseDbfs, Impairments imp, ReceiverEffects fx, boolean noise) {
        Scene.Settings s = Scene.Settings.of(FS, 0).withNoise(noise).withNoisePowerDbfs(noiseDbfs).withImpairments(imp).withReceiver(fx);
        return new SyntheticSource(new Scene(s, emitters, 7), 2_000_000, 0, "test");
    }

    static double median(double[] s) {
        double[] c = s.clone();
        java.util.Arrays.sort(c);
        return c[c.length / 2];
    }

    @Test
    void dcSpikeStandsItsLevelAboveTheFloorAtTheCentreBin() {
        for (double over : new double[]{14, 30, 60}) {
            double noise = RealScenarios.noiseFor(-80);
            var imp = new Impairments(0, 0, 0, noise - RealScenarios.PER_BIN_DB + over);
            double[] s = spectrum(Frames.of(source(List.of(), noise, imp, ReceiverEffects.NONE, true), Frames.config(4096, 64), 2));
            double floor = median(s);
            assertThat(db(floor)).isCloseTo(-80, within(1.0));
            assertThat(db(s[s.length / 2] / floor)).as("spike %s dB", over).isCloseTo(over, within(1.5));
        }
    }

    @Test
    void iqImbalanceMirrorsACarrierToMinusFAtTheTheoreticalImageRejection() {
        double gDb = 1.5, pDeg = 4;
        double f = 614 * BIN; // on a bin centre, so both lines read without scalloping
        var cw = EmitterSpec.of(new Waveform.Cw(), Timing.Continuous.ALWAYS, f, 40);
        var imp = new Impairments(0, gDb, pDeg, Double.NEGATIVE_INFINITY);
        double[] s = spectrum(Frames.of(source(List.of(cw), -44, imp, ReceiverEffects.NONE, false), Frames.config(4096, 64), 2));
        double g = Math.pow(10, gDb / 20), p = Math.toRadians(pDeg);
        double irr = 10 * Math.log10((1 + 2 * g * Math.cos(p) + g * g) / (1 - 2 * g * Math.cos(p) + g * g));
        double carrier = power(s, FS, f), image = power(s, FS, -f);
        assertThat(db(carrier / image)).isCloseTo(irr, within(1.0));
        assertThat(irr).isBetween(15.0, 30.0);
    }

    @Test
    void cu8QuantisesToTheRtlSdrCodesAndClipsAtFullScale() {
        var fx = ReceiverEffects.NONE.withCu8(true);
        var strong = EmitterSpec.of(new Waveform.Cw(), Timing.Continuous.ALWAYS, 100e3, 30);
        float[] x = iq(source(List.of(strong), -30, Impairments.NONE, fx, true), 50_000);
        java.util.Set<Float> codes = new java.util.TreeSet<>();
        for (float v : x) {
            double code = v * 127.5 + 127.5;
            assertThat(code).isCloseTo(Math.rint(code), within(1e-3));
            assertThat(code).isBetween(0.0, 255.0);
            codes.add(v);
        }
        // adjacent levels are one code (1 / 127.5) apart
        Float prev = null;
        double minStep = 1;
        for (Float c : codes) {
            if (prev != null) minStep = Math.min(minStep, c - prev);
            prev = c;
        }
        assertThat(minStep).isCloseTo(1 / 127.5, within(1e-6));
        assertThat(ReceiverChain.quantiseCu8(1.7f)).isEqualTo(1f);
        assertThat(ReceiverChain.quantiseCu8(-3f)).isEqualTo(-1f);
    }

    @Test
    void rollOffAttenuatesTheBandEdgesAndLeavesTheMiddleFlat() {
        var fx = new ReceiverEffects(Double.NEGATIVE_INFINITY, 0, 1, 0.1, 20, false);
        double[] s = spectrum(Frames.of(source(List.of(), -44, Impairments.NONE, fx, true), Frames.config(4096, 64), 3));
        double mid = 0;
        int n = 0;
        for (int b = 1024; b < 3072; b++, n++) mid += s[b];
        mid /= n;
        // the outermost bins are near the full depth; the inner 90 % of the span within 0.5 dB
        assertThat(db(s[2] / mid)).isLessThan(-15);
        assertThat(db(s[4093] / mid)).isLessThan(-15);
        for (int b = 250; b < 3800; b += 100) {
            double band = 0;
            for (int k = 0; k < 50; k++) band += s[b + k] / 50;
            assertThat(db(band / mid)).as("bins %d..", b).isCloseTo(0, within(0.5));
        }
    }

    @Test
    void agcStepsChangeTheFloorByTheStepSize() {
        var fx = new ReceiverEffects(Double.NEGATIVE_INFINITY, 6, 0.2, 0, 0, false);
        var frames = Frames.of(source(List.of(), -44, Impairments.NONE, fx, true), Frames.config(1024, 512), 6);
        List<Double> rows = new java.util.ArrayList<>();
        for (var f : frames)
            for (int r = 0; r < f.rows(); r++) {
                double p = 0;
                for (int b = 0; b < f.bins(); b++) p += Math.pow(10, f.psdDb()[r * f.bins() + b] / 10);
                rows.add(db(p / f.bins()));
            }
        // levels cluster on a 6 dB grid around the start: the spread covers at least one step
        double lo = rows.stream().mapToDouble(d -> d).min().orElseThrow(), hi = rows.stream().mapToDouble(d -> d).max().orElseThrow();
        assertThat(hi - lo).isGreaterThan(5);
    }

    @Test
    void intermodulationPutsThirdOrderProductsAtTheirLevel() {
        var fx = new ReceiverEffects(-30, 0, 1, 0, 0, false);
        var a = EmitterSpec.of(new Waveform.Cw(), Timing.Continuous.ALWAYS, 200 * BIN, 40);
        var b = EmitterSpec.of(new Waveform.Cw(), Timing.Continuous.ALWAYS, 300 * BIN, 40);
        double[] s = spectrum(Frames.of(source(List.of(a, b), -44, Impairments.NONE, fx, false), Frames.config(4096, 64), 2));
        double tone = power(s, FS, 200 * BIN), im3 = power(s, FS, 100 * BIN), im3b = power(s, FS, 400 * BIN);
        assertThat(db(im3 / tone)).isCloseTo(-30, within(1.5));
        assertThat(db(im3b / tone)).isCloseTo(-30, within(1.5));
    }
}
