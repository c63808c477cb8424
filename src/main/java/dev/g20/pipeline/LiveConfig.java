package dev.g20.pipeline;

import dev.g20.config.ConfigFile;
import dev.g20.config.DatabaseConfig;
import dev.g20.config.G20Config;
import dev.g20.config.InferenceConfig;
import dev.g20.config.SpectrogramConfig;
import dev.g20.config.TrackerConfig;
import dev.g20.detect.Detector;
import dev.g20.pipeline.PipelineListener.ConfigChange;
import dev.g20.track.Tracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The config of a running pipeline and its changes: each accepted change builds what it replaces
 * on the caller's thread (so a missing model is refused at once), records the new config and
 * offers the part to its stage through a {@link Swap}, which takes it at the next frame boundary.
 */
final class LiveConfig implements ConfigControl {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final PipelineComponents components;
    private final PipelineMetrics metrics;
    private final PipelineListener listeners;
    private volatile G20Config config;
    /** The spectrogram config for the generator. */
    final Swap<SpectrogramConfig> spectrogram = Swap.plain();
    /** The detector for the detector stage, for the first frame of a given hash after a spectrogram change. */
    final Swap<Detector> detector = new Swap<>(Detector::close);
    /** The tracker for the tracker stage. */
    final Swap<Tracker> tracker = Swap.plain();

    /** @param listeners told about every accepted change */
    LiveConfig(PipelineComponents components, PipelineMetrics metrics, PipelineListener listeners) {
        this.components = components;
        this.metrics = metrics;
        this.listeners = listeners;
        this.config = components.config();
    }

    @Override
    public G20Config config() {
        return config;
    }

    @Override
    public synchronized ConfigChange applySpectrogram(SpectrogramConfig next) {
        G20Config old = config;
        String oldHash = old.spectrogram().hash();
        String newHash = next.hash();
        boolean hashChanged = !oldHash.equals(newHash);
        // the detector's input depends on the spectrogram (display range): a new one takes over
        // with the first frame of the new config
        if (hashChanged) detector.offer(components.detectorFactory().apply(old.inference(), next), newHash);
        config = old.withSpectrogram(next);
        spectrogram.offer(next);
        if (hashChanged) {
            LOG.warn("config change (spectrogram.yaml): hash {} -> {}; generator, detector and tracker reset at the next frame", oldHash, newHash);
        } else {
            LOG.info("config change (spectrogram.yaml): display-only change, hash {} unchanged", newHash);
        }
        return announce(new ConfigChange(ConfigFile.SPECTROGRAM, config, oldHash, newHash, true));
    }

    @Override
    public synchronized ConfigChange applyTracker(TrackerConfig next) {
        Tracker t = components.trackerFactory().apply(next);
        config = config.withTracker(next);
        tracker.offer(t);
        LOG.warn("config change (tracker.yaml): tracker restarts with the new parameters, live tracks reset (hash {})", configHash());
        return announce(sameHash(ConfigFile.TRACKER, true));
    }

    @Override
    public synchronized ConfigChange applyInference(InferenceConfig next) {
        Detector d = components.detectorFactory().apply(next, config.spectrogram());
        config = config.withInference(next);
        detector.offer(d);
        LOG.warn("config change (inference.yaml): detector {} takes over at the next frame (hash {})", d.name(), configHash());
        return announce(sameHash(ConfigFile.INFERENCE, true));
    }

    @Override
    public synchronized ConfigChange applyDatabase(DatabaseConfig next) {
        config = config.withDatabase(next);
        LOG.warn("config change (database.yaml): recorded; the track store uses it from the next start");
        return announce(sameHash(ConfigFile.DATABASE, false));
    }

    private ConfigChange sameHash(ConfigFile file, boolean applied) {
        String h = configHash();
        return new ConfigChange(file, config, h, h, applied);
    }

    private ConfigChange announce(ConfigChange c) {
        metrics.configChanges.increment();
        listeners.onConfigChange(c);
        return c;
    }
}
