package dev.g20.wiring;

import dev.g20.config.G20Config;
import dev.g20.config.TrackerConfig;
import dev.g20.pipeline.PipelineComponents;
import dev.g20.source.IqSource;
import dev.g20.store.TrackLogger;
import dev.g20.synth.Scene;
import dev.g20.synth.SyntheticSource;
import dev.g20.track.RFSignalTracker;
import dev.g20.track.Tracker;

/**
 * The parts the commands build a pipeline from: sources, detectors, stores and the tracker.
 * {@link #standard()} is the shipped set; tests build their own from the same registries.
 */
public record Wiring(SourceRegistry sources, DetectorRegistry detectors, StoreRegistry stores) {

    /** Seed of the synthetic demo scene of `run`. */
    public static final long DEMO_SEED = 1;

    /** The shipped parts, synthetic scenes as `run` plays them. */
    public static Wiring standard() {
        return new Wiring(SourceRegistry.standard(Wiring::demoScene), DetectorRegistry.standard(), StoreRegistry.standard());
    }

    /** A synthetic scene by name: unbounded, starting at the wall clock, a fixed seed, so the same demo every time. */
    static IqSource demoScene(String scene) {
        return SyntheticSource.create(scene, DEMO_SEED, SyntheticSource.DEFAULT_SAMPLE_RATE_HZ,
                SyntheticSource.DEFAULT_CENTER_FREQ_HZ, 0, Scene.DEFAULT_SEGMENT_SAMPLES, System.currentTimeMillis() * 1_000_000L);
    }

    /** The tracker for a tracker config (one kind today; the config's association settings choose its behaviour). */
    public Tracker tracker(TrackerConfig config) {
        return new RFSignalTracker(config);
    }

    /** A pipeline's parts: {@code source} and {@code logger} as given, detectors and trackers from here. */
    public PipelineComponents components(IqSource source, G20Config config, TrackLogger logger) {
        return PipelineComponents.of(source, config, detectors::create, this::tracker, logger);
    }
}
