package dev.g20.pipeline;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and latency windows of one pipeline run, written by the stage threads and read by the
 * status line, the health endpoint and the Prometheus scrape. Counters only ever grow; the
 * {@code *Active} fields are gauges.
 */
public final class PipelineMetrics {
    private final long startNanos = System.nanoTime();

    /** Complex samples read from the source. */
    public final LongAdder samplesIn = new LongAdder();
    /** Blocks read from the source. */
    public final LongAdder blocksIn = new LongAdder();
    /** IQ blocks dropped because the spectrogram stage fell behind (live mode only). */
    public final LongAdder iqBlocksDropped = new LongAdder();
    /** Samples in those dropped blocks. */
    public final LongAdder iqSamplesDropped = new LongAdder();
    /** Frames made by the spectrogram generator. */
    public final LongAdder framesGenerated = new LongAdder();
    /** Frames dropped (oldest first) because the detector fell behind. */
    public final LongAdder detectorQueueDrops = new LongAdder();
    /** Frames the detector finished. */
    public final LongAdder framesDetected = new LongAdder();
    /** Detections found, all frames. */
    public final LongAdder detections = new LongAdder();
    /** Detections the detector dropped at its per-frame cap (counted, never silent). */
    public final LongAdder detectionsCapped = new LongAdder();
    /** Detector results dropped because the tracker fell behind. */
    public final LongAdder trackerQueueDrops = new LongAdder();
    /** Frames the tracker finished and published. */
    public final LongAdder framesTracked = new LongAdder();
    /** Track rows handed to the track logger. */
    public final LongAdder trackRowsLogged = new LongAdder();
    /** Stage failures (exceptions) that stopped the pipeline. */
    public final LongAdder stageErrors = new LongAdder();
    /** Config changes applied at run time. */
    public final LongAdder configChanges = new LongAdder();

    /** Live tracks (tentative and confirmed) after the last tracked frame. */
    public volatile int tracksActive;
    /** Confirmed tracks after the last tracked frame. */
    public volatile int tracksConfirmed;
    /** Id of the last frame whose tracks were published, -1 before the first. */
    public volatile long lastFrameId = -1;

    /** Detector time per frame. */
    public final LatencyRecorder inference = new LatencyRecorder(2048);
    /** From the arrival of the IQ block that completed a frame to that frame's tracks being published. */
    public final LatencyRecorder endToEnd = new LatencyRecorder(2048);

    private final AtomicLong rateNanos = new AtomicLong(startNanos);
    private final AtomicLong rateSamples = new AtomicLong();
    private final AtomicLong rateFrames = new AtomicLong();
    private volatile double sourceSamplesPerSecond;
    private volatile double framesPerSecond;

    /** Seconds since this run's metrics were created. */
    public double uptimeSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Total drops over all pipeline queues. */
    public long totalDrops() {
        return iqBlocksDropped.sum() + detectorQueueDrops.sum() + trackerQueueDrops.sum();
    }

    /**
     * Recomputes the source rate and frame rate over the time since the previous call (the status
     * tick calls this every few seconds); readers in between see the last values.
     */
    public void updateRates() {
        long now = System.nanoTime();
        long samples = samplesIn.sum();
        long frames = framesTracked.sum();
        long dt = now - rateNanos.getAndSet(now);
        long ds = samples - rateSamples.getAndSet(samples);
        long df = frames - rateFrames.getAndSet(frames);
        if (dt > 0) {
            sourceSamplesPerSecond = ds * 1e9 / dt;
            framesPerSecond = df * 1e9 / dt;
        }
    }

    /** Source sample rate measured over the last rate interval, samples/s. */
    public double sourceSamplesPerSecond() {
        return sourceSamplesPerSecond;
    }

    /** Tracked frames per second over the last rate interval. */
    public double framesPerSecond() {
        return framesPerSecond;
    }
}
