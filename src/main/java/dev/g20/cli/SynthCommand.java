package dev.g20.cli;

import dev.g20.util.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.g20.source.SampleFormat;
import dev.g20.source.SigMf;
import dev.g20.source.SigMfAnnotation;
import dev.g20.source.SourceException;
import dev.g20.synth.Recording;
import dev.g20.synth.Scenario;
import dev.g20.synth.SyntheticSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** `g20 synth`: write a synthetic SigMF recording whose annotations are the ground truth. */
@Command(name = "synth", mixinStandardHelpOptions = true, description = "Write a synthetic SigMF recording whose annotations are the ground truth.")
public final class SynthCommand implements Runnable {
    @Option(names = "--scenario", paramLabel = "NAME", description = "scene recipe (see --list; default: ${DEFAULT-VALUE})", defaultValue = SyntheticSource.DEFAULT_SCENARIO)
    String scenario;

    @Option(names = "--seconds", paramLabel = "S", description = "length of the recording in seconds (default: ${DEFAULT-VALUE})", defaultValue = "10")
    double seconds;

    @Option(names = "--seed", paramLabel = "N", description = "random seed; the same seed gives identical bytes (default: ${DEFAULT-VALUE})", defaultValue = "1")
    long seed;

    @Option(names = "--sample-rate", paramLabel = "HZ", description = "sample rate in Hz (default: the scenario's own, 10e6 for the scaled ones)")
    Double sampleRateOption;

    double sampleRate;

    @Option(names = "--center-freq", paramLabel = "HZ", description = "centre frequency in Hz (default: ${DEFAULT-VALUE})", defaultValue = "915e6")
    double centerFreq;

    @Option(names = "--datatype", paramLabel = "TYPE", description = "ci16_le or cf32_le (default: ${DEFAULT-VALUE})", defaultValue = "ci16_le")
    String datatype;

    @Option(names = "--out", paramLabel = "FILE.sigmf-meta", description = "output metadata file (the .sigmf-data goes beside it)")
    Path out;

    @Option(names = "--list", description = "list the scenarios and exit")
    boolean list;

    @Override
    public void run() {
        if (list) {
            for (Scenario s : Scenario.ALL) System.out.printf(Locale.ROOT, "%-10s %s%n", s.name(), s.description());
            return;
        }
        if (Scenario.named(scenario).isEmpty())
            throw new UserError("--scenario: unknown scenario '" + scenario + "' (known: " + String.join(", ", Scenario.names()) + ")");
        if (!(seconds > 0) || Double.isInfinite(seconds)) throw new UserError("--seconds must be > 0, got " + seconds);
        sampleRate = sampleRateOption != null ? sampleRateOption : Scenario.named(scenario).orElseThrow().defaultRateHz(SyntheticSource.DEFAULT_SAMPLE_RATE_HZ);
        if (!(sampleRate > 0) || Double.isInfinite(sampleRate)) throw new UserError("--sample-rate must be > 0, got " + sampleRate);
        if (!Double.isFinite(centerFreq)) throw new UserError("--center-freq must be a finite number, got " + centerFreq);
        if (Math.round(seconds * sampleRate) < 1) throw new UserError("--seconds " + seconds + " is less than one sample at " + sampleRate + " S/s");
        SampleFormat format = switch (datatype.toLowerCase(Locale.ROOT)) {
            case "ci16_le", "ci16", "cs16" -> SampleFormat.CI16_LE;
            case "cf32_le", "cf32" -> SampleFormat.CF32_LE;
            default -> throw new UserError("--datatype: unsupported '" + datatype + "' (use ci16_le or cf32_le)");
        };
        if (out == null) throw new UserError("--out FILE.sigmf-meta is required");
        Path meta = SigMf.metaFileFor(out);
        if (!meta.getFileName().toString().endsWith(".sigmf-meta")) meta = meta.resolveSibling(meta.getFileName() + ".sigmf-meta");
        Path parent = meta.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) throw new UserError("--out: directory " + parent + " does not exist");

        SyntheticSource source = new SyntheticSource(scenario, seed, sampleRate, centerFreq, seconds);
        long total = source.info().totalSamples();
        ObjectNode globals = Json.JSON.createObjectNode();
        globals.put("g20:scenario", scenario);
        globals.put("g20:seed", seed);
        globals.put("g20:noise_power_dbfs", source.scene().settings().noisePowerDbfs());
        globals.put("g20:snr_definition", "signal power / noise power in the annotated (occupied) bandwidth");
        globals.put("g20:segment_samples", source.scene().settings().segmentSamples());
        long t0 = System.nanoTime();
        long[] lastReport = {t0};
        Recording.Summary sum = Recording.write(source, format, meta, globals, done -> {
            long now = System.nanoTime();
            if (now - lastReport[0] >= 1_000_000_000L) {
                lastReport[0] = now;
                double el = (now - t0) / 1e9;
                System.err.printf(Locale.ROOT, "synth: %.1f / %.1f s (%.0f%%), %.1f MS/s%n",
                        done / sampleRate, total / sampleRate, 100.0 * done / total, done / el / 1e6);
            }
        });
        double el = (System.nanoTime() - t0) / 1e9;
        Map<String, Integer> perClass = new TreeMap<>();
        for (SigMfAnnotation a : sum.annotations()) perClass.merge(a.label(), 1, Integer::sum);
        long bytes;
        try {
            bytes = Files.size(sum.data());
        } catch (java.io.IOException e) {
            throw new SourceException(sum.data() + ": cannot stat (" + e.getMessage() + ")");
        }
        System.out.printf(Locale.ROOT, "wrote %s (+ %s, %s, %.1f MB): scenario %s, seed %d, %s s at %s MS/s around %s MHz%n",
                sum.meta(), sum.data().getFileName(), format.sigmfName(), bytes / 1e6, scenario, seed,
                plain(sum.samples() / sampleRate), plain(sampleRate / 1e6), plain(centerFreq / 1e6));
        System.out.printf(Locale.ROOT, "%d emitters, %d annotations %s; peak |I/Q| %.3f of full scale, %d clipped values%n",
                source.scene().emitters().size(), sum.annotations().size(), perClass, sum.peak(), sum.clippedValues());
        System.out.printf(Locale.ROOT, "generated in %.2f s: %.1f MS/s (%.1fx real time)%n", el, sum.samples() / el / 1e6, sum.samples() / sampleRate / el);
        if (sum.clippedValues() > 0) System.err.println("synth: warning: " + sum.clippedValues() + " values clipped at full scale");
    }

    private static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(9)).stripTrailingZeros().toPlainString();
    }
}
