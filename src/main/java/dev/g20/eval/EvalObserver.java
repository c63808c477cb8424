package dev.g20.eval;

import dev.g20.detect.Detection;
import dev.g20.detect.GroundTruth;

import dev.g20.source.SigMfAnnotation;
import dev.g20.source.SourceInfo;
import dev.g20.spectrogram.SpectrogramFrame;

import java.util.List;

/**
 * Sees every frame that {@code eval} scores, with its detections and ground truth, and adds one
 * section to eval's JSON. The tracker evaluation plugs in here: run the tracker on the
 * detections, compare its tracks with the annotations, report under "tracking".
 * Dataset images are independent stills, so observers see only recordings.
 */
public interface EvalObserver {

    /** A recording starts; frame ids restart at 0 (a tracker should be reset here). */
    default void recordingStarted(String name, SourceInfo info, List<SigMfAnnotation> annotations) {
    }

    /** One frame, its detections at or above the operating confidence (best first) and its ground truth. */
    void frame(SpectrogramFrame frame, List<Detection> detections, List<GroundTruth.LabeledBox> truth);

    /** The current recording has ended. */
    default void recordingFinished() {
    }

    /** Key of this observer's section in eval's JSON, e.g. "tracking". */
    String section();

    /** The section's value: anything Jackson can write (records, maps, lists, numbers). */
    Object report();
}
