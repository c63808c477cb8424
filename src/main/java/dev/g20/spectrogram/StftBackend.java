package dev.g20.spectrogram;

/** Computes a frame's STFT rows (window, FFT, PSD in dB, 0-255 levels); CPU or GPU. */
public interface StftBackend extends AutoCloseable {

    /** Short name for logs and metrics: "cpu" or "cuda". */
    String name();

    /**
     * @param iq     interleaved I/Q holding at least (rows - 1) * hop + fft_size samples; row r starts at sample r * hop
     * @param psdDb  out: rows x bins, fft-shifted, dBFS per bin
     * @param levels out: rows x bins, psdDb mapped from [ref - range, ref] to 0-255
     */
    void computeRows(float[] iq, int rows, float[] psdDb, byte[] levels);

    @Override
    void close();
}
