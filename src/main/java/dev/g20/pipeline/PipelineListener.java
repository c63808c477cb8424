package dev.g20.pipeline;

import dev.g20.config.ConfigFile;
import dev.g20.config.G20Config;
import dev.g20.spectrogram.SpectrogramFrame;
import dev.g20.track.Track;

import java.util.List;

/**
 * Receives what the pipeline publishes (the live server is one). Called on pipeline threads:
 * implementations must return at once (hand off to their own bounded queue), never block.
 */
public interface PipelineListener {

    /** A new canonical frame, from the spectrogram thread. The frame is read-only. */
    default void onFrame(SpectrogramFrame frame) {
    }

    /** The tracks after {@code frame}, from the tracker thread. */
    default void onTracks(SpectrogramFrame frame, List<Track> tracks) {
    }

    /** A config change was accepted; {@code change} names the parts that changed. */
    default void onConfigChange(ConfigChange change) {
    }

    /** The pipeline ended (source exhausted, stopped, or failed with {@code failure}, else null). */
    default void onEnd(Throwable failure) {
    }

    /**
     * One accepted run-time config change.
     *
     * @param file    which file changed
     * @param oldHash spectrogram config hash before
     * @param newHash spectrogram config hash after (equal to oldHash unless the spectrogram changed)
     * @param applied false when the change only takes effect at the next start (database)
     */
    record ConfigChange(ConfigFile file, G20Config config, String oldHash, String newHash, boolean applied) {
    }
}
