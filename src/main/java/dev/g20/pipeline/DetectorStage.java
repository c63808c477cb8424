package dev.g20.pipeline;

import dev.g20.detect.Detection;
import dev.g20.detect.Detector;

import java.util.List;

/**
 * The detector thread's work on one frame: takes a new detector at the first frame it is meant
 * for, runs it, counts inference time, detections and those dropped at the detector's per-frame
 * cap, and hands the result to the tracker's queue.
 */
final class DetectorStage {
    private final Swap<Detector> next;
    private final PipelineMetrics metrics;
    private final Handoff<TrackJob> out;
    private Detector detector;
    /** The detector's dropped-detection count already added to the metrics. */
    private long cappedSeen;

    DetectorStage(Detector first, Swap<Detector> next, PipelineMetrics metrics, Handoff<TrackJob> out) {
        this.detector = first;
        this.next = next;
        this.metrics = metrics;
        this.out = out;
    }

    void detect(FrameJob job) throws InterruptedException {
        Detector replacement = next.take(job.frame().configHash());
        if (replacement != null) {
            detector.close();
            detector = replacement;
            cappedSeen = 0;
        }
        long t = System.nanoTime();
        List<Detection> dets = detector.detect(job.frame());
        metrics.inference.recordNanos(System.nanoTime() - t);
        metrics.framesDetected.increment();
        metrics.detections.add(dets.size());
        long capped = detector.droppedDetections();
        metrics.detectionsCapped.add(capped - cappedSeen);
        cappedSeen = capped;
        out.put(new TrackJob(job.frame(), dets, job.arrivalNanos()));
    }

    /** Closes the detector in use. */
    void close() {
        detector.close();
    }
}
