package dev.g20.cli;

import dev.g20.bench.BenchReport;
import dev.g20.bench.StftBench;
import dev.g20.config.G20Config;
import dev.g20.config.SpectrogramConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** `g20 bench`: measure this machine: STFT and pipeline throughput (JSON). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure this machine: STFT throughput single-thread and on all cores; prints JSON on stdout.",
                "Other processes on the machine lower the numbers: see machine.load_average_1m."})
public final class BenchCommand implements Runnable {
    @Option(names = "--config", paramLabel = "DIR", description = "config directory (default: the G20 home's config/)")
    Path configDir;

    @Option(names = "--fft-size", paramLabel = "N", description = "FFT size (default: spectrogram.yaml)")
    Integer fftSize;

    @Option(names = "--overlap", paramLabel = "F", description = "row overlap in [0, 1) (default: spectrogram.yaml)")
    Double overlap;

    @Option(names = "--fft-backend", paramLabel = "B", description = "auto, cpu or cuda (default: spectrogram.yaml)")
    String fftBackend;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "3", description = "seconds per measurement (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--threads", paramLabel = "T", description = "threads for the all-cores measurement (default: all cores)")
    Integer threads;

    @Override
    public void run() {
        G20Config config = configDir != null ? G20Config.load(configDir) : G20Config.loadDefault();
        SpectrogramConfig s = config.spectrogram();
        if (fftBackend != null && !SpectrogramConfig.FFT_BACKENDS.contains(fftBackend))
            throw new UserError("--fft-backend must be one of " + String.join(", ", SpectrogramConfig.FFT_BACKENDS) + ", got '" + fftBackend + "'");
        if (!(seconds > 0) || seconds > 3600) throw new UserError("--seconds must be in (0, 3600], got " + seconds);
        int all = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (all < 1 || all > 1024) throw new UserError("--threads must be in [1, 1024], got " + all);
        // the record's constructor validates (fft size a power of two, overlap in [0, 1))
        SpectrogramConfig cfg = new SpectrogramConfig(fftSize != null ? fftSize : s.fftSize(), s.window(),
                overlap != null ? overlap : s.overlap(), s.psdRefDbm(), s.dynamicRangeDb(), s.colormap(), s.rowsPerFrame(),
                fftBackend != null ? fftBackend : s.fftBackend());

        BenchReport report = new BenchReport();
        report.describeMachine();
        new StftBench(cfg, seconds).run(report.section("stft"), all, System.err::println);
        System.out.println(report.toJson());
    }
}
