package dev.g20.spectrogram;

import dev.g20.config.FftBackend;
import dev.g20.config.SpectrogramConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * Chooses the STFT backend named by spectrogram.yaml's fft_backend, with one log line saying which
 * and why. {@code auto} takes CUDA when a driver, a device and the CUDA libraries are there (the
 * probe runs once per process and costs nothing where libcuda is missing), else the CPU;
 * {@code cuda} that cannot start logs a warning and falls back to the CPU, so a config written for
 * a GPU host still runs everywhere.
 */
public final class StftBackends {
    private static final Logger LOG = LoggerFactory.getLogger(StftBackends.class);

    private StftBackends() {
    }

    public static StftBackend create(SpectrogramConfig config) {
        return create(config, CudaStftBackend::probe);
    }

    /** As {@link #create(SpectrogramConfig)} with the CUDA probe given (tests force a missing library). */
    static StftBackend create(SpectrogramConfig config, Supplier<CudaStftBackend.Availability> cudaProbe) {
        FftBackend mode = config.fftBackend();
        if (mode == FftBackend.CPU) {
            LOG.info("fft backend: cpu (configured)");
            return new CpuStftBackend(config);
        }
        String reason;
        switch (cudaProbe.get()) {
            case CudaStftBackend.Ready ready -> {
                try {
                    CudaStftBackend b = new CudaStftBackend(config, ready);
                    LOG.info("fft backend: cuda ({}: {}; {} rows per cuFFT batch, {} copy threads)", mode,
                            ready.cuda().describe(), b.chunkRows(), b.copyThreads());
                    return b;
                } catch (RuntimeException e) {
                    reason = "CUDA backend failed to start: " + e.getMessage();
                }
            }
            case CudaStftBackend.Unavailable u -> reason = u.reason();
        }
        if (mode == FftBackend.CUDA) LOG.warn("fft backend: cpu (cuda requested but unavailable: {})", reason);
        else LOG.info("fft backend: cpu (auto: {})", reason);
        return new CpuStftBackend(config);
    }
}
