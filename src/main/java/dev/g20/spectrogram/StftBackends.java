package dev.g20.spectrogram;

import dev.g20.config.SpectrogramConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the STFT backend named by spectrogram.yaml's fft_backend, with one log line saying which and why. */
public final class StftBackends {
    private static final Logger LOG = LoggerFactory.getLogger(StftBackends.class);

    private StftBackends() {
    }

    public static StftBackend create(SpectrogramConfig config) {
        switch (config.fftBackend()) {
            case "cuda" -> LOG.warn("fft backend: cpu (cuda requested but the CUDA backend is not built yet)");
            case "auto" -> LOG.info("fft backend: cpu (auto: no CUDA backend in this build)");
            default -> LOG.info("fft backend: cpu (configured)");
        }
        return new CpuStftBackend(config);
    }
}
