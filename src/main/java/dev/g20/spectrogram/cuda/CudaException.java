package dev.g20.spectrogram.cuda;

/** A CUDA library could not be loaded, or a CUDA, cuFFT or NVRTC call returned an error. */
public final class CudaException extends RuntimeException {
    public CudaException(String message) {
        super(message);
    }

    public CudaException(String message, Throwable cause) {
        super(message, cause);
    }
}
