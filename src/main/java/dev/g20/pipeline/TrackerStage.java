package dev.g20.pipeline;

import dev.g20.config.TrackerConfig;
import dev.g20.spectrogram.SpectrogramFrame;
import dev.g20.store.TrackLogger;
import dev.g20.store.TrackRows;
import dev.g20.track.Track;
import dev.g20.track.TrackState;
import dev.g20.track.Tracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The tracker thread's work on one frame's detections: takes a new tracker at the frame boundary,
 * resets it when the spectrogram hash changes, logs the rows {@link TrackRows} keeps, publishes
 * the tracks and records the frame's end-to-end latency.
 */
final class TrackerStage {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final TrackLogger logger;
    private final Swap<Tracker> next;
    private final Supplier<TrackerConfig> config;
    private final boolean logTentative;
    private final IntSupplier rowEveryFrames;
    private final PipelineMetrics metrics;
    private final PipelineListener listeners;
    private Tracker tracker;
    private TrackRows rows;
    private String lastHash;

    /**
     * @param config         the tracker config in force (read when a new tracker takes over)
     * @param rowEveryFrames database.yaml's track_row_every_frames in force (read likewise)
     */
    TrackerStage(Tracker first, Swap<Tracker> next, Supplier<TrackerConfig> config, IntSupplier rowEveryFrames,
                 boolean logTentative, TrackLogger logger, PipelineMetrics metrics, PipelineListener listeners) {
        this.tracker = first;
        this.next = next;
        this.config = config;
        this.logTentative = logTentative;
        this.rowEveryFrames = rowEveryFrames;
        this.logger = logger;
        this.metrics = metrics;
        this.listeners = listeners;
        this.rows = new TrackRows(config.get().confirmHits(), logTentative, rowEveryFrames.getAsInt());
    }

    void track(TrackJob job) {
        SpectrogramFrame frame = job.frame();
        Tracker replacement = next.take(null);
        if (replacement != null) {
            // the new tracker goes on numbering where the old one stopped: ids never repeat in a run
            replacement.continueIdsFrom(tracker.nextTrackId());
            tracker = replacement;
            rows = new TrackRows(config.get().confirmHits(), logTentative, rowEveryFrames.getAsInt());
        }
        String hash = frame.configHash();
        if (lastHash != null && !lastHash.equals(hash)) {
            tracker.reset();
            LOG.warn("tracker reset: frame {} has spectrogram hash {} (was {})", frame.frameId(), hash, lastHash);
        }
        lastHash = hash;
        List<Track> tracks = tracker.update(job.detections(), frame);
        int confirmed = 0, live = 0;
        for (int i = 0, n = tracks.size(); i < n; i++) {
            Track t = tracks.get(i);
            if (t.state() == TrackState.CONFIRMED) confirmed++;
            if (t.state() != TrackState.LOST) live++;
            if (rows.logs(t, frame.frameId())) {
                logger.log(t, frame.frameId(), frame.timestampNs(), hash);
                metrics.trackRowsLogged.increment();
            }
        }
        metrics.tracksActive = live;
        metrics.tracksConfirmed = confirmed;
        listeners.onTracks(frame, tracks);
        metrics.endToEnd.recordNanos(System.nanoTime() - job.arrivalNanos());
        metrics.lastFrameId = frame.frameId();
        metrics.framesTracked.increment();
    }
}
