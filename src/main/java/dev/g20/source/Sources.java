package dev.g20.source;

import java.nio.file.Path;
import java.util.Locale;

/** Opens a source from what the user typed: a SigMF file or a raw file with explicit parameters. */
public final class Sources {
    private Sources() {
    }

    /**
     * @param format     raw sample format (cf32, cs16, cs8, cu8) or null to take it from the extension
     * @param sampleRate raw files only; null for SigMF
     */
    public static IqSource openFile(Path path, String format, Double sampleRate, Double centerFreq) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".sigmf-meta") || name.endsWith(".sigmf-data") || name.endsWith(".sigmf")) {
            return SigMf.read(path).open();
        }
        String fmt = format;
        if (fmt == null) {
            int dot = name.lastIndexOf('.');
            fmt = dot >= 0 ? name.substring(dot + 1) : "";
        }
        SampleFormat f = SampleFormat.fromName(fmt, path + " (use --format cf32|cs16|cs8|cu8)");
        if (sampleRate == null) throw new SourceException(path + ": raw file needs --sample-rate (Hz)");
        if (!(sampleRate > 0)) throw new SourceException(path + ": --sample-rate must be > 0, got " + sampleRate);
        return new FileIqSource(path, f, sampleRate, centerFreq == null ? 0 : centerFreq, 0, path.toString());
    }
}
