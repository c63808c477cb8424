package dev.g20.cli;

import dev.g20.wiring.SourceRegistry;
import picocli.CommandLine.Option;

/** What a raw IQ file (no SigMF metadata) needs said about it: format, sample rate, centre frequency. */
public final class RawFileOptions {
    @Option(names = "--format", description = "raw files: cf32, cs16, cs8 or cu8 (default: from the extension)")
    String format;

    @Option(names = "--sample-rate", paramLabel = "HZ", description = "raw files: sample rate in Hz")
    Double sampleRate;

    @Option(names = "--center-freq", paramLabel = "HZ", description = "raw files: centre frequency in Hz (default 0)")
    Double centerFreq;

    /** The three as the source registry takes them. */
    SourceRegistry.RawFile file() {
        return new SourceRegistry.RawFile(format, sampleRate, centerFreq);
    }
}
