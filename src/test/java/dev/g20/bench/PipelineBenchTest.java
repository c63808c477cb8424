package dev.g20.bench;

import dev.g20.config.DetectorKind;

import dev.g20.config.G20Config;
import dev.g20.testing.LoopingToneSource;
import dev.g20.testing.TestScenes;
import dev.g20.detect.EnergyDetector;
import dev.g20.track.RFSignalTracker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class PipelineBenchTest {

    @Test
    void reportsSustainableRateAndLatency() {
        G20Config cfg = TestScenes.config();
        Map<String, Object> r = PipelineBench.run(() -> new LoopingToneSource(1e6, 1e8, -2e5, 1e5), cfg,
                (i, sc) -> new EnergyDetector(), RFSignalTracker::new, 0.6);
        System.out.println("pipeline bench (test config, loaded machine): " + r);
        long rate = (Long) r.get("sustainable_samples_per_second");
        assertThat(rate).isPositive();
        assertThat((Double) r.get("realtime_factor")).isEqualTo(Math.round(rate / 1e6 * 1000) / 1000.0);
        assertThat((Long) r.get("frames")).isPositive();
        assertThat((Long) r.get("latency_frames")).isPositive();
        double p50 = (Double) r.get("latency_ms_p50"), p99 = (Double) r.get("latency_ms_p99");
        assertThat(p50).isPositive().isLessThanOrEqualTo(p99);
        assertThat((Long) r.get("latency_paced_samples_per_second")).isLessThanOrEqualTo(Math.max(1_000_000L, rate));
    }

    /** Figures for the report: default spectrogram config at 10 MS/s. Run with -Dg20.bench=true. */
    @Test
    @EnabledIfSystemProperty(named = "g20.bench", matches = "true")
    void defaultConfigAt10Msps() {
        Map<String, Object> r = PipelineBench.run(() -> new LoopingToneSource(10e6, 1e9, -3e6, 1e6, 2.5e6), G20Config.defaults(),
                (i, sc) -> new EnergyDetector(), RFSignalTracker::new, 3);
        System.out.println("pipeline bench (default config, 10 MS/s): " + r);
    }

    /** The figures `g20 bench` will report: shipped parts, energy detector. Run with -Dg20.bench=true. */
    @Test
    @EnabledIfSystemProperty(named = "g20.bench", matches = "true")
    void shippedPartsOnTheDemoScene() {
        G20Config cfg = G20Config.defaults().withInference(G20Config.defaults().inference().withDetector(DetectorKind.ENERGY));
        System.out.println("pipeline bench (shipped parts, synthetic mixed 10 MS/s, energy): " + PipelineBench.runDefault(cfg, dev.g20.wiring.DetectorRegistry.standard()::create, 4));
    }
}
