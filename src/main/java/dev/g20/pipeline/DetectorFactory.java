package dev.g20.pipeline;

import dev.g20.config.InferenceConfig;
import dev.g20.config.SpectrogramConfig;
import dev.g20.detect.Detector;

/**
 * Builds the detector for an inference config and the spectrogram it will see (a model's input is
 * normalised over the spectrogram's display range); {@code Detectors.create} with the home fits.
 */
@FunctionalInterface
public interface DetectorFactory {

    /** @throws dev.g20.config.ConfigException when it cannot be built (e.g. a missing model) */
    Detector create(InferenceConfig inference, SpectrogramConfig spectrogram);
}
