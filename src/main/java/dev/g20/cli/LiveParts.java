package dev.g20.cli;

import dev.g20.config.DatabaseConfig;
import dev.g20.config.InferenceConfig;
import dev.g20.config.TrackerConfig;
import dev.g20.config.SpectrogramConfig;
import dev.g20.detect.Detector;
import dev.g20.detect.Detectors;
import dev.g20.server.StoredTracks;
import dev.g20.source.IqSource;
import dev.g20.store.AsyncTrackLogger;
import dev.g20.store.StoreException;
import dev.g20.store.TrackLogger;
import dev.g20.store.TrackStore;
import dev.g20.synth.Scene;
import dev.g20.synth.SyntheticSource;
import dev.g20.track.RFSignalTracker;
import dev.g20.track.Tracker;

/**
 * The parts other packages provide to `run` (and `bench`): synthetic scenes, detectors, the
 * tracker and the track store. {@link #DEFAULT} is where they are wired in; tests pass their own.
 */
public interface LiveParts {

    /** A synthetic scene by name (e.g. "mixed"), at its own sample rate. */
    IqSource synthetic(String scene);

    /** The detector for an inference config and the spectrogram it will see. */
    Detector detector(InferenceConfig config, SpectrogramConfig spectrogram);

    Tracker tracker(TrackerConfig config);

    /**
     * The track logger for a database config, connected (a wrong connection string fails here).
     *
     * @param origin where the connection string came from, for messages ("--db" or "database.yaml")
     */
    TrackLogger trackLogger(DatabaseConfig config, String origin);

    /** Stored-track queries on the logger's store, or null when it has none. Closed at the end if AutoCloseable. */
    StoredTracks storedTracks(TrackLogger logger);

    /** Seed of the synthetic demo scene of `run`. */
    long DEMO_SEED = 1;

    /** The shipped implementations. */
    LiveParts DEFAULT = new LiveParts() {
        @Override
        public IqSource synthetic(String scene) {
            // unbounded, wall-clock start, a fixed seed: the same demo every time
            return SyntheticSource.create(scene, DEMO_SEED, SyntheticSource.DEFAULT_SAMPLE_RATE_HZ,
                    SyntheticSource.DEFAULT_CENTER_FREQ_HZ, 0, Scene.DEFAULT_SEGMENT_SAMPLES, System.currentTimeMillis() * 1_000_000L);
        }

        @Override
        public Detector detector(InferenceConfig config, SpectrogramConfig spectrogram) {
            return Detectors.create(config, spectrogram, Detectors.home());
        }

        @Override
        public Tracker tracker(TrackerConfig config) {
            return new RFSignalTracker(config);
        }

        @Override
        public TrackLogger trackLogger(DatabaseConfig config, String origin) {
            try {
                return AsyncTrackLogger.start(config, origin);
            } catch (StoreException e) {
                throw new UserError(e.getMessage());
            }
        }

        @Override
        public StoredTracks storedTracks(TrackLogger logger) {
            if (!(logger instanceof AsyncTrackLogger a)) return null;
            return new ClosableStore(TrackStore.open(a.target()));
        }
    };

    /** Stored-track queries that close their store connection at the end of the run. */
    record ClosableStore(TrackStore store) implements StoredTracks, AutoCloseable {
        @Override
        public java.util.List<dev.g20.store.StoredTrack> query(dev.g20.store.TrackQuery q) {
            return store.query(q);
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
