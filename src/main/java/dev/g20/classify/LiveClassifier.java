package dev.g20.classify;

import dev.g20.config.SpectrogramConfig;
import dev.g20.pipeline.Handoff;
import dev.g20.pipeline.PipelineListener;
import dev.g20.source.IqSource;
import dev.g20.spectrogram.SpectrogramFrame;
import dev.g20.track.Track;
import dev.g20.track.TrackState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@link TrackClassifier} on its own thread, for the live pipeline: an estimate costs
 * milliseconds, so the tracker thread only hands each frame's tracks on (a bounded queue that drops
 * its oldest frame, counted, when the classifier falls behind) and never waits. The IQ comes from
 * the {@link RecordingSource} that {@link #source()} wraps around the pipeline's source. Each
 * track's estimate so far is kept in a concurrent map, readable from any thread, and logged when
 * the name it gives the track changes.
 */
public final class LiveClassifier implements PipelineListener {
    private static final Logger LOG = LoggerFactory.getLogger(LiveClassifier.class);
    /** Frames the hand-off holds: the classifier may lag this far before the oldest is dropped. */
    static final int QUEUE_FRAMES = 4;
    /** A track is re-classified at most every this many frames, and one track per frame: about one estimate per frame at 30 tracks. */
    static final int EVERY_FRAMES = 30, PER_FRAME = 1;

    private record Job(SpectrogramFrame frame, List<Track> tracks) {
    }

    private static final Job END = new Job(null, List.of());

    private final RecordingSource source;
    private final TrackClassifier classifier;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder framesHandled = new LongAdder();
    private final Handoff<Job> queue;
    private final Map<Long, ModulationEstimate> estimates = new ConcurrentHashMap<>();
    private final Thread worker;

    private LiveClassifier(IqSource source, SpectrogramConfig spectrogram) {
        double fs = source.info().sampleRateHz();
        long frameSpan = (long) spectrogram.rowsPerFrame() * spectrogram.hop();
        // the pipeline's own queues and this one's: the IQ of the oldest frame still waiting must be held
        IqHistory history = new IqHistory(TrackClassifier.historySamples(frameSpan, 16 + QUEUE_FRAMES, fs));
        this.source = new RecordingSource(source, history);
        this.classifier = new TrackClassifier(history, EVERY_FRAMES, PER_FRAME);
        this.queue = Handoff.dropOldest(QUEUE_FRAMES, false, dropped, LOG, "classifier frames dropped (classifier behind)");
        this.worker = Thread.ofPlatform().name("g20-classify").daemon().unstarted(this::loop);
    }

    /** A classifier for the pipeline reading {@code source}; its thread is started. Hand the pipeline {@link #source()} and add this as a listener. */
    public static LiveClassifier start(IqSource source, SpectrogramConfig spectrogram) {
        LiveClassifier c = new LiveClassifier(source, spectrogram);
        c.worker.start();
        return c;
    }

    /** The source to give the pipeline: the original, recording what it reads into the history. */
    public IqSource source() {
        return source;
    }

    @Override
    public void onTracks(SpectrogramFrame frame, List<Track> tracks) {
        // only frames with a confirmed track seen in them can give work; the others are not handed on
        boolean any = false;
        for (int i = 0, n = tracks.size(); i < n && !any; i++) {
            Track t = tracks.get(i);
            any = t.state() == TrackState.CONFIRMED && t.lastSeenFrameId() == frame.frameId();
        }
        if (!any) return;
        offer(new Job(frame, List.copyOf(tracks)));
    }

    @Override
    public void onEnd(Throwable failure) {
        offer(END);
    }

    private void offer(Job job) {
        try {
            queue.put(job); // drops the oldest instead of waiting
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        try {
            while (true) {
                Job job = queue.poll(200);
                if (job == null) continue;
                if (job == END) return;
                classifier.onTracks(job.frame(), job.tracks());
                framesHandled.increment();
                for (Track t : job.tracks()) publish(t.trackId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("classifier stopped: {}", e.toString(), e);
        }
    }

    private void publish(long trackId) {
        ModulationEstimate e = classifier.estimate(trackId);
        if (e == null) return;
        ModulationEstimate old = estimates.put(trackId, e);
        if (old == null || old.modulation() != e.modulation())
            LOG.info("track {}: {} (confidence {})", trackId, e.modulation().wireName(), String.format(java.util.Locale.ROOT, "%.2f", e.confidence()));
    }

    /** The track's modulation so far, or null if it was never classified; safe from any thread. */
    public ModulationEstimate estimate(long trackId) {
        return estimates.get(trackId);
    }

    /** Tracks with an estimate. */
    public int classifiedTracks() {
        return estimates.size();
    }

    /** Frames the hand-off dropped because the classifier was behind. */
    public long droppedFrames() {
        return dropped.sum();
    }

    /** Frames the classifier worked through. */
    public long handledFrames() {
        return framesHandled.sum();
    }

    /** Estimates made, and reads that found the IQ gone (classifier thread's counts). */
    public long classifiedCount() {
        return classifier.classifiedCount();
    }

    public long missedCount() {
        return classifier.missedCount();
    }

    /** Waits for the thread to finish the queued frames after the pipeline ended. */
    public void awaitEnd(long timeoutMillis) throws InterruptedException {
        worker.join(timeoutMillis);
    }

    /** One status-line part: estimates, tracks named, frames dropped. */
    public String statusPart() {
        return "classify " + classifier.classifiedCount() + " estimates, " + estimates.size() + " tracks, dropped " + dropped.sum();
    }
}
