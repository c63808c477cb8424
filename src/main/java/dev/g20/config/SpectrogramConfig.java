package dev.g20.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The one canonical spectrogram configuration (config/spectrogram.yaml). Every consumer derives
 * from frames made with a single instance of it; {@link #hash()} identifies it everywhere.
 *
 * @param fftSize          FFT length in bins, a power of two
 * @param window           window name: hann, hamming, blackman, rect
 * @param overlap          fraction of a row shared with the next, in [0, 1)
 * @param psdRefDbm        top of the display range, in dB (dBFS, see docs/spectrogram.md)
 * @param dynamicRangeDb   display range below the reference, in dB
 * @param colormap         viridis, inferno, gray
 * @param rowsPerFrame     consecutive STFT rows in one frame (detection runs once per frame)
 * @param fftBackend       auto, cpu or cuda
 */
public record SpectrogramConfig(int fftSize, StftWindow window, double overlap, double psdRefDbm,
                                double dynamicRangeDb, String colormap, int rowsPerFrame, FftBackend fftBackend) {

    /** The windows' wire names. */
    public static final List<String> WINDOWS = WireName.names(StftWindow.class);
    public static final List<String> COLORMAPS = List.of("viridis", "inferno", "gray");

    public static SpectrogramConfig defaults() {
        return new SpectrogramConfig(4096, StftWindow.HANN, 0.5, -30.0, 60.0, "viridis", 256, FftBackend.AUTO);
    }

    public SpectrogramConfig {
        String f = "spectrogram config";
        if (fftSize < 16 || fftSize > (1 << 20) || Integer.bitCount(fftSize) != 1)
            throw new ConfigException(f + ": key 'fft_size' must be a power of two in [16, 1048576], got " + fftSize);
        if (window == null) throw new ConfigException(f + ": key 'window' has no value");
        if (!(overlap >= 0 && overlap < 1)) throw new ConfigException(f + ": key 'overlap' must be in [0, 1), got " + overlap);
        if (!(dynamicRangeDb > 0)) throw new ConfigException(f + ": key 'dynamic_range_db' must be > 0, got " + dynamicRangeDb);
        if (!Double.isFinite(psdRefDbm)) throw new ConfigException(f + ": key 'psd_ref_dbm' must be a finite number");
        if (!COLORMAPS.contains(colormap)) throw new ConfigException(f + ": key 'colormap' has unknown value '" + colormap + "'");
        if (rowsPerFrame < 1 || rowsPerFrame > 65536) throw new ConfigException(f + ": key 'rows_per_frame' must be in [1, 65536], got " + rowsPerFrame);
        if (fftBackend == null) throw new ConfigException(f + ": key 'fft_backend' has no value");
    }

    /** Reads spectrogram.yaml's mapping; every key optional, unknown keys rejected. */
    public static SpectrogramConfig from(ConfigNode n) {
        SpectrogramConfig d = defaults();
        int fft = n.getInt("fft_size", d.fftSize);
        n.require(fft >= 16 && fft <= (1 << 20) && Integer.bitCount(fft) == 1, "fft_size", "must be a power of two in [16, 1048576], got " + fft);
        StftWindow window = n.getEnum("window", d.window, StftWindow.class);
        double overlap = n.getDouble("overlap", d.overlap);
        n.require(overlap >= 0 && overlap < 1, "overlap", "must be in [0, 1), got " + overlap);
        double ref = n.getDouble("psd_ref_dbm", d.psdRefDbm);
        double dr = n.getDouble("dynamic_range_db", d.dynamicRangeDb);
        n.require(dr > 0, "dynamic_range_db", "must be > 0, got " + dr);
        String cmap = n.getChoice("colormap", d.colormap, COLORMAPS);
        int rows = n.getInt("rows_per_frame", d.rowsPerFrame);
        n.require(rows >= 1 && rows <= 65536, "rows_per_frame", "must be in [1, 65536], got " + rows);
        FftBackend backend = n.getEnum("fft_backend", d.fftBackend, FftBackend.class);
        return new SpectrogramConfig(fft, window, overlap, ref, dr, cmap, rows, backend);
    }

    /** Samples between the starts of consecutive rows: fft_size * (1 - overlap), at least 1. */
    public int hop() {
        return Math.max(1, (int) Math.round(fftSize * (1.0 - overlap)));
    }

    /**
     * The canonical string the hash is computed from. Colormap and FFT backend are left out on
     * purpose (as they always were): they change neither the PSD nor the boxes, only how they are drawn
     * or where they are computed.
     */
    public String canonicalString() {
        return String.format(Locale.ROOT, "g20-spectrogram-v1;fft_size=%d;window=%s;hop=%d;overlap=%s;psd_ref_dbm=%s;dynamic_range_db=%s;rows_per_frame=%d",
                fftSize, window.wireName(), hop(), Double.toString(overlap), Double.toString(psdRefDbm), Double.toString(dynamicRangeDb), rowsPerFrame);
    }

    /** Deterministic config hash: first 16 hex digits of SHA-256 of {@link #canonicalString()}. */
    public String hash() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(canonicalString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
