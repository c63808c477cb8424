package dev.g20.cli;

import dev.g20.config.G20Config;
import dev.g20.source.IqSource;
import dev.g20.source.Sources;
import dev.g20.render.WaterfallImage;
import dev.g20.spectrogram.CanonicalSpectrogramGenerator;
import dev.g20.spectrogram.SpectrogramFrame;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.function.Consumer;

/** `g20 process INPUT`: the pipeline over a recording, as fast as possible. */
@Command(name = "process", mixinStandardHelpOptions = true,
        description = "Offline: run the pipeline over a recording as fast as possible.")
public final class ProcessCommand implements Runnable {
    @Parameters(paramLabel = "INPUT", description = "recording: FILE.sigmf-meta, or a raw .cf32/.cs16/.cs8/.cu8 file")
    Path input;

    @Option(names = "--config", paramLabel = "DIR", description = "config directory (default: the G20 home's config/)")
    Path configDir;

    @Option(names = "--format", description = "raw files: cf32, cs16, cs8 or cu8 (default: from the extension)")
    String format;

    @Option(names = "--sample-rate", description = "raw files: sample rate in Hz")
    Double sampleRate;

    @Option(names = "--center-freq", description = "raw files: centre frequency in Hz (default 0)")
    Double centerFreq;

    @Option(names = "--png", paramLabel = "OUT.png", description = "write the waterfall of the whole recording as a PNG")
    Path png;

    @Option(names = "--png-size", paramLabel = "WxH", defaultValue = "1600x1200",
            description = "largest PNG plot size; bins and rows are merged to fit (default: ${DEFAULT-VALUE})")
    String pngSize;

    @Option(names = "--png-reduce", paramLabel = "max|mean", defaultValue = "max",
            description = "how merged bins/rows combine, in dB (default: ${DEFAULT-VALUE})")
    String pngReduce;

    @Override
    public void run() {
        G20Config config = configDir != null ? G20Config.load(configDir) : G20Config.loadDefault();
        WaterfallImage waterfall = png != null ? PngOption.waterfall(config.spectrogram(), pngSize, pngReduce, input) : null;
        long frames;
        try (IqSource source = Sources.openFile(input, format, sampleRate, centerFreq)) {
            long[] count = {0};
            Consumer<SpectrogramFrame> sink = f -> count[0]++;
            if (waterfall != null) sink = sink.andThen(waterfall);
            try (CanonicalSpectrogramGenerator gen = new CanonicalSpectrogramGenerator(config.spectrogram(), source.info(), sink)) {
                float[] buf = new float[2 * 65536];
                int n;
                while ((n = source.read(buf, 65536)) > 0) gen.accept(buf, n);
            }
            frames = count[0];
        }
        System.err.println("processed " + frames + " frames");
        if (waterfall != null) PngOption.write(waterfall, png, input, config.spectrogram());
    }
}
