package dev.g20.synth;

import dev.g20.detect.SignalClasses;
import dev.g20.source.SigMfAnnotation;
import dev.g20.source.SourceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SyntheticSourceTest {
    static final double FS = 10e6;

    static float[] readAll(SyntheticSource s, int chunk) {
        int total = (int) s.info().totalSamples();
        float[] all = new float[2 * total];
        float[] buf = new float[2 * chunk];
        int pos = 0, n;
        while ((n = s.read(buf, chunk)) > 0) {
            System.arraycopy(buf, 0, all, 2 * pos, 2 * n);
            pos += n;
        }
        assertThat(pos).isEqualTo(total);
        return all;
    }

    @Test
    void sameSeedSameSamplesWhateverTheReadSize() {
        float[] a = readAll(new SyntheticSource("dense", 42, FS, 915e6, 0.03), 65536);
        float[] b = readAll(new SyntheticSource("dense", 42, FS, 915e6, 0.03), 1000);
        float[] c = readAll(new SyntheticSource("dense", 43, FS, 915e6, 0.03), 65536);
        assertThat(Arrays.equals(a, b)).isTrue();
        assertThat(Arrays.equals(a, c)).isFalse();
        assertThat(new SyntheticSource("dense", 42, FS, 915e6, 0.03).scene().emitters())
                .isEqualTo(new SyntheticSource("dense", 42, FS, 915e6, 0.03).scene().emitters());
    }

    @Test
    void boundedSourceEndsAndReportsItsLength() {
        var s = new SyntheticSource("mixed", 1, 2e6, 100e6, 0.01);
        assertThat(s.info().totalSamples()).isEqualTo(20_000);
        assertThat(s.info().sampleRateHz()).isEqualTo(2e6);
        assertThat(s.info().centerFreqHz()).isEqualTo(100e6);
        float[] buf = new float[2 * 65536];
        assertThat(s.read(buf, 65536)).isEqualTo(20_000);
        assertThat(s.read(buf, 65536)).isEqualTo(-1);
    }

    @Test
    void liveSourceIsUnboundedAndItsTruthGrowsWithWhatWasRead() {
        var s = SyntheticSource.live(5);
        assertThat(s.info().totalSamples()).isEqualTo(-1);
        assertThat(s.info().sampleRateHz()).isEqualTo(SyntheticSource.DEFAULT_SAMPLE_RATE_HZ);
        assertThat(s.info().startTimeNs()).isGreaterThan(0);
        float[] buf = new float[2 * 100_000];
        assertThat(s.read(buf, 100_000)).isEqualTo(100_000);
        List<SigMfAnnotation> first = s.annotations();
        assertThat(first).isNotEmpty().allSatisfy(a -> assertThat(a.sampleStart() + a.sampleCount()).isLessThanOrEqualTo(100_000));
        for (int i = 0; i < 20; i++) s.read(buf, 100_000);
        assertThat(s.position()).isEqualTo(2_100_000);
        List<SigMfAnnotation> later = s.annotations();
        assertThat(later.size()).isGreaterThan(first.size());
        assertThat(s.annotations(1_000_000, 1_100_000)).allSatisfy(a -> {
            assertThat(a.sampleStart()).isLessThan(1_100_000);
            assertThat(a.sampleStart() + a.sampleCount()).isGreaterThan(1_000_000);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"mixed", "bursts", "drift", "dense", "lowsnr", "random", "noise"})
    void everyScenarioGivesValidTruthAndDoesNotClip(String name) {
        var s = new SyntheticSource(name, 11, FS, 915e6, 0.2);
        float[] all = readAll(s, 65536);
        float peak = 0;
        for (float v : all) peak = Math.max(peak, Math.abs(v));
        assertThat(peak).as("peak |I/Q|").isLessThan(0.9f);
        List<SigMfAnnotation> anns = s.annotations();
        if (name.equals("noise")) {
            assertThat(anns).isEmpty();
            return;
        }
        assertThat(anns).isNotEmpty();
        for (SigMfAnnotation a : anns) {
            assertThat(SignalClasses.NAMES).contains(a.label());
            assertThat(a.sampleStart()).isGreaterThanOrEqualTo(0);
            assertThat(a.sampleCount()).isGreaterThan(0);
            assertThat(a.sampleStart() + a.sampleCount()).isLessThanOrEqualTo(s.info().totalSamples());
            assertThat(a.freqLowerEdge()).isLessThan(a.freqUpperEdge());
            assertThat(a.freqLowerEdge()).isGreaterThanOrEqualTo(915e6 - FS / 2);
            assertThat(a.freqUpperEdge()).isLessThanOrEqualTo(915e6 + FS / 2);
            assertThat(a.extras()).containsKeys("g20:emitter_id", "g20:snr_db", "g20:modulation");
        }
    }

    @Test
    void mixedHasEveryClass() {
        var s = new SyntheticSource("mixed", 1, FS, 915e6, 0.5);
        readAll(s, 65536);
        assertThat(s.scene().emitters().stream().map(EmitterSpec::label).distinct()).containsExactlyInAnyOrderElementsOf(SignalClasses.NINE);
        assertThat(s.annotations().stream().map(SigMfAnnotation::label).distinct()).containsExactlyInAnyOrderElementsOf(SignalClasses.NINE);
    }

    @Test
    void eachHopAndEachBurstIsOneAnnotation() {
        var hop = EmitterSpec.of(new Waveform.Fsk(20e3, 10e3, 0.5, 2), new Timing.Hops(0.004, 0.0005, 1e6, 16), 0, 20);
        var burst = EmitterSpec.of(new Waveform.Qam16(100e3, 0.3), new Timing.Pulses(0.003, 0.01), 3e6, 20);
        var scene = new Scene(Scene.Settings.of(FS, 0), List.of(hop, burst), 9);
        var s = new SyntheticSource(scene, 1_000_000, 0, "t");
        readAll(s, 65536);
        var hops = s.annotations().stream().filter(a -> a.label().equals("hopper")).toList();
        var bursts = s.annotations().stream().filter(a -> a.label().equals("qam16")).toList();
        // 100 ms: 25 hops of 4 ms (3.5 ms on), 10 pulses of 3 ms every 10 ms (edges may be clipped)
        assertThat(hops.size()).isBetween(25, 26);
        assertThat(bursts.size()).isBetween(10, 11);
        double hopBw = hop.waveform().bandwidthHz(FS);
        assertThat(hops).allSatisfy(a -> assertThat(a.freqUpperEdge() - a.freqLowerEdge()).isCloseTo(hopBw, org.assertj.core.data.Offset.offset(1e-6)));
        assertThat(hops.stream().filter(a -> a.sampleStart() > 0 && a.sampleStart() + a.sampleCount() < 1_000_000))
                .allSatisfy(a -> assertThat(a.sampleCount()).isEqualTo(35_000));
        assertThat(hops.stream().map(a -> a.freqLowerEdge()).distinct().count()).isGreaterThan(5);
    }

    @Test
    void unknownScenarioIsAUserError() {
        assertThatThrownBy(() -> new SyntheticSource("nope", 1, FS, 0, 1)).isInstanceOf(SourceException.class).hasMessageContaining("unknown scenario 'nope'");
    }

    @Test
    void powerBudgetLowersTheStrongest() {
        List<EmitterSpec> loud = List.of(
                EmitterSpec.of(new Waveform.Ofdm(256, 100, 0.25, false), Timing.Continuous.ALWAYS, 0, 30),
                EmitterSpec.of(new Waveform.Ofdm(256, 100, 0.25, false), Timing.Continuous.ALWAYS, 2e6, 30),
                EmitterSpec.of(new Waveform.Cw(), Timing.Continuous.ALWAYS, -3e6, 30));
        List<EmitterSpec> fitted = Scene.fitPowerBudget(loud, FS, Scene.DEFAULT_NOISE_DBFS);
        double p = Scene.peakMeanPower(fitted, FS, Math.pow(10, Scene.DEFAULT_NOISE_DBFS / 10));
        assertThat(10 * Math.log10(p)).isLessThanOrEqualTo(Scene.POWER_BUDGET_DBFS);
        assertThat(fitted.get(0).snrDb()).isLessThan(30);
        assertThat(fitted.get(2).snrDb()).isEqualTo(30);
    }
}
