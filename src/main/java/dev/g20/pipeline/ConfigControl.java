package dev.g20.pipeline;

import dev.g20.config.DatabaseConfig;
import dev.g20.config.G20Config;
import dev.g20.config.InferenceConfig;
import dev.g20.config.SpectrogramConfig;
import dev.g20.config.TrackerConfig;
import dev.g20.pipeline.PipelineListener.ConfigChange;

/**
 * Reading and changing the running config (the server's REST endpoints use it). Each apply
 * validates what it can synchronously (throwing ConfigException with a one-line message) and
 * then takes effect on the stage threads at the next frame boundary.
 */
public interface ConfigControl {

    /** The config now in force (or about to be, for a change just accepted). */
    G20Config config();

    /** The spectrogram config hash of {@link #config()}. */
    default String configHash() {
        return config().spectrogram().hash();
    }

    ConfigChange applySpectrogram(SpectrogramConfig next);

    ConfigChange applyTracker(TrackerConfig next);

    ConfigChange applyInference(InferenceConfig next);

    /** Recorded, but the track store is only reopened at the next start. */
    ConfigChange applyDatabase(DatabaseConfig next);
}
