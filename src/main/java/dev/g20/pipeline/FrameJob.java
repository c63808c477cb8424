package dev.g20.pipeline;

import dev.g20.spectrogram.SpectrogramFrame;

/** A frame on its way to the detector, with the arrival time of the IQ block that completed it. */
record FrameJob(SpectrogramFrame frame, long arrivalNanos) {
    static final FrameJob END = new FrameJob(null, 0);
}
