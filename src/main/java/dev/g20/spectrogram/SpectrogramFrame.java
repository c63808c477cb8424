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
 * @param validRows    rows 0 .. validRows - 1 hold the recording; the rest of a recording's
 *                     trailing partial frame (or of a recording shorter than one frame) is padding
 *                     computed on zeros, which no consumer may read as signal. {@code rows} for
 *                     every full frame; in box space the real rows end at y = validRows / rows
 */
public record SpectrogramFrame(long frameId, long timestampNs, String configHash, double centerFreqHz,
                               double sampleRateHz, long firstSample, int hop, int rows, int bins,
                               float[] psdDb, byte[] levels, byte[] rgba, int validRows) {

    public SpectrogramFrame {
        if (validRows < 1 || validRows > rows) throw new IllegalArgumentException("validRows " + validRows + " not in 1.." + rows);
    }

    /** A full frame: every row is real. */
    public SpectrogramFrame(long frameId, long timestampNs, String configHash, double centerFreqHz,
                            double sampleRateHz, long firstSample, int hop, int rows, int bins,
                            float[] psdDb, byte[] levels, byte[] rgba) {
        this(frameId, timestampNs, configHash, centerFreqHz, sampleRateHz, firstSample, hop, rows, bins, psdDb, levels, rgba, rows);
    }

    /** True when some rows are padding (the trailing partial frame of a recording). */
    public boolean partial() {
        return validRows < rows;
    }

    /** Canonical y where the real rows end: validRows / rows (1 for a full frame). */
    public double validHeight() {
        return (double) validRows / rows;
    }

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
