package dev.g20.spectrogram;

/**
 * One canonical spectrogram frame: {@code rows} consecutive STFT rows of {@code bins} fft-shifted
 * bins (bin 0 = lowest frequency, fc - fs/2). Every downstream consumer derives from this; nothing
 * re-computes an FFT. Arrays are row-major and must be treated as read-only once published.
 *
 * @param frameId      0 for the first frame of a source, then +1 (deterministic on replay)
 * @param timestampNs  time of the first sample of the first row
 * @param firstSample  index (in the source) of the first sample of the first row
 * @param hop          samples between row starts
 * @param psdDb        rows x bins power spectral density, dBFS per bin (docs/spectrogram.md)
 * @param levels       rows x bins, psdDb mapped linearly from [ref - range, ref] to 0-255
 * @param rgba         rows x bins x 4 bytes, levels through the colormap
 */
public record SpectrogramFrame(long frameId, long timestampNs, String configHash, double centerFreqHz,
                               double sampleRateHz, long firstSample, int hop, int rows, int bins,
                               float[] psdDb, byte[] levels, byte[] rgba) {

    /** Centre frequency in Hz of canonical x (0..1 across the bins). */
    public double freqAt(double x) {
        return centerFreqHz + (x - 0.5) * sampleRateHz;
    }

    /** Canonical x of a frequency in Hz. */
    public double xOf(double freqHz) {
        return (freqHz - centerFreqHz) / sampleRateHz + 0.5;
    }

    /** Samples the frame spans from its first row's start to the next frame's first row. */
    public long spanSamples() {
        return (long) rows * hop;
    }

    /** Duration of one frame in seconds (rows * hop / fs). */
    public double durationSeconds() {
        return spanSamples() / sampleRateHz;
    }

    /** Level (0-255) at row r, bin b. */
    public int level(int r, int b) {
        return levels[r * bins + b] & 0xff;
    }
}
