package dev.g20.pipeline;

import dev.g20.detect.Detection;
import dev.g20.spectrogram.SpectrogramFrame;

import java.util.List;

/** A frame's detections on their way to the tracker, with the frame's arrival time. */
record TrackJob(SpectrogramFrame frame, List<Detection> detections, long arrivalNanos) {
    static final TrackJob END = new TrackJob(null, List.of(), 0);
}
