package dev.g20.pipeline;

import dev.g20.config.G20Config;
import dev.g20.config.InferenceConfig;
import dev.g20.config.SpectrogramConfig;
import dev.g20.config.TrackerConfig;
import dev.g20.detect.Detector;
import dev.g20.source.IqSource;
import dev.g20.spectrogram.StftBackend;
import dev.g20.spectrogram.StftBackends;
import dev.g20.store.TrackLogger;
import dev.g20.track.Track;
import dev.g20.track.Tracker;

import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What a pipeline is built from (dev.g20.wiring assembles the shipped ones). Detector and
 * tracker come from factories because a config change at run time replaces them; the pipeline
 * owns what it gets (it closes the source, the detectors it made and the logger when it ends).
 *
 * @param source          the IQ source; {@link IqSource#live()} says whether it is a radio (never paced)
 * @param detectorFactory builds the detector for an inference config and the spectrogram it will see
 *                        (may throw ConfigException, e.g. for a missing model)
 * @param trackerFactory  builds a tracker for a tracker config
 * @param trackLogger     where tracks are logged; {@link #NO_LOGGER} to log nothing
 * @param stftFactory     the STFT backend for a spectrogram config
 */
public record PipelineComponents(IqSource source, G20Config config,
                                 BiFunction<InferenceConfig, SpectrogramConfig, Detector> detectorFactory,
                                 Function<TrackerConfig, Tracker> trackerFactory,
                                 TrackLogger trackLogger,
                                 Function<SpectrogramConfig, StftBackend> stftFactory) {

    /** A logger that keeps nothing (tests, benchmarks). */
    public static final TrackLogger NO_LOGGER = new TrackLogger() {
        @Override
        public void log(Track track, long frameId, long timestampNs, String configHash) {
        }

        @Override
        public void stop() {
        }
    };

    public PipelineComponents {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(detectorFactory, "detectorFactory");
        Objects.requireNonNull(trackerFactory, "trackerFactory");
        if (trackLogger == null) trackLogger = NO_LOGGER;
        if (stftFactory == null) stftFactory = StftBackends::create;
    }

    /** Components with the default STFT backend choice. */
    public static PipelineComponents of(IqSource source, G20Config config,
                                        BiFunction<InferenceConfig, SpectrogramConfig, Detector> detectorFactory,
                                        Function<TrackerConfig, Tracker> trackerFactory, TrackLogger trackLogger) {
        return new PipelineComponents(source, config, detectorFactory, trackerFactory, trackLogger, null);
    }
}
