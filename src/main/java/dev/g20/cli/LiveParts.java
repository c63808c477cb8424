package dev.g20.cli;

import dev.g20.config.DatabaseConfig;
import dev.g20.config.InferenceConfig;
import dev.g20.config.TrackerConfig;
import dev.g20.detect.Detector;
import dev.g20.pipeline.PipelineComponents;
import dev.g20.pipeline.SourceFactory;
import dev.g20.server.StoredTracks;
import dev.g20.source.IqSource;
import dev.g20.store.TrackLogger;
import dev.g20.track.Tracker;

/**
 * The parts other packages provide to `run` (and `bench`): synthetic scenes, detectors, the
 * tracker and the track store. {@link #DEFAULT} is where they are wired in; tests pass their own.
 */
public interface LiveParts {

    /** A synthetic scene by name (e.g. "mixed"), unbounded, at its own sample rate. */
    IqSource synthetic(String scene);

    Detector detector(InferenceConfig config);

    Tracker tracker(TrackerConfig config);

    /** The track logger for a database config; opened once per run. */
    TrackLogger trackLogger(DatabaseConfig config);

    /** Stored-track queries on the same store, or null when it has none. */
    StoredTracks storedTracks(DatabaseConfig config, TrackLogger logger);

    /**
     * The wiring of the shipped implementations. WIRING: replace each stand-in with the real part
     * (SyntheticSource for scenes, Detectors.create, RFSignalTracker, AsyncTrackLogger and its queries).
     */
    LiveParts DEFAULT = new LiveParts() {
        @Override
        public IqSource synthetic(String scene) {
            return SourceFactory.syntheticUnavailable(scene);
        }

        @Override
        public Detector detector(InferenceConfig config) {
            throw new UserError("detector '" + config.detector() + "' is not available in this build");
        }

        @Override
        public Tracker tracker(TrackerConfig config) {
            throw new UserError("the tracker is not available in this build");
        }

        @Override
        public TrackLogger trackLogger(DatabaseConfig config) {
            return PipelineComponents.NO_LOGGER;
        }

        @Override
        public StoredTracks storedTracks(DatabaseConfig config, TrackLogger logger) {
            return null;
        }
    };
}
