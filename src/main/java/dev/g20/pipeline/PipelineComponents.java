package dev.g20.pipeline;

import dev.g20.config.G20Config;
import dev.g20.config.SpectrogramConfig;
import dev.g20.config.TrackerConfig;
import dev.g20.source.IqSource;
import dev.g20.spectrogram.StftBackend;
import dev.g20.spectrogram.StftBackends;
import dev.g20.store.TrackLogger;
import dev.g20.track.Track;
import dev.g20.track.Tracker;

import java.util.Objects;
import java.util.function.Function;

/**
 * What a pipeline is built from. Detector and tracker come from factories because a config change
 * at run time replaces them; the pipeline owns what it gets (it closes the source, the detectors
 * it made and the logger when it ends).
 *
 * @param liveSource      true for a radio (rtl_tcp): never paced, it already delivers in real time
 * @param detectorFactory builds the detector for the inference and spectrogram configs (may throw ConfigException)
 * @param trackerFactory  builds a tracker for a tracker config
 * @param trackLogger     where tracks are logged; {@link #NO_LOGGER} to log nothing
 * @param stftFactory     the STFT backend for a spectrogram config
 */
public record PipelineComponents(IqSource source, boolean liveSource, G20Config config,
                                 DetectorFactory detectorFactory,
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
    public static PipelineComponents of(IqSource source, boolean liveSource, G20Config config,
                                        DetectorFactory detectorFactory,
                                        Function<TrackerConfig, Tracker> trackerFactory, TrackLogger trackLogger) {
        return new PipelineComponents(source, liveSource, config, detectorFactory, trackerFactory, trackLogger, null);
    }
}
