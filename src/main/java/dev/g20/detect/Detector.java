package dev.g20.detect;

import dev.g20.spectrogram.SpectrogramFrame;

import java.util.List;

/** Finds signals in a canonical frame. Implementations: energy (classical), yolo (ONNX model). */
public interface Detector extends AutoCloseable {

    /** "energy" or "yolo", for logs and metrics. */
    String name();

    /** Class names by class id. */
    List<String> classNames();

    /** Detections in canonical box space, best first. Called from one thread. */
    List<Detection> detect(SpectrogramFrame frame);

    /**
     * Detections dropped by a per-frame cap since the detector was made (none is dropped silently:
     * metrics and eval report this). 0 for a detector without a cap.
     */
    default long droppedDetections() {
        return 0;
    }

    @Override
    void close();
}
