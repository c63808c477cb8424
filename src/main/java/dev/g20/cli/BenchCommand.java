package dev.g20.cli;

import dev.g20.util.Json;
import dev.g20.bench.BenchReport;
import dev.g20.bench.StftBench;
import dev.g20.config.FftBackend;
import dev.g20.config.G20Config;
import dev.g20.config.WireName;
import dev.g20.config.SpectrogramConfig;
import dev.g20.bench.PipelineBench;
import dev.g20.bench.StoreBench;
import dev.g20.store.StoreTarget;
import dev.g20.wiring.DetectorRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** `g20 bench`: measure this machine: STFT, end-to-end pipeline and track store (JSON). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure this machine; prints JSON on stdout, progress on stderr. Sections:",
                "  stft: STFT throughput single-thread and on all cores;",
                "  pipeline: end-to-end sustainable MS/s (synthetic mixed scene at 10 MS/s, configured detector, tracker)"
                        + " and IQ-block-to-tracks latency p50/p99 paced at real time;",
                "  store: track store commit times and rows/s (SQLite; PostgreSQL on the server of --db).",
                "Other processes on the machine lower the numbers: see machine.load_average_1m."})
public final class BenchCommand implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(BenchCommand.class);
    static final List<String> SECTIONS = List.of("stft", "pipeline", "store");
    @Mixin
    ConfigOption configOption;

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

    @Option(names = "--only", paramLabel = "LIST", defaultValue = "stft,pipeline,store",
            description = "sections to run, comma-separated: stft, pipeline, store (default: ${DEFAULT-VALUE})")
    String only;

    @Option(names = "--detector", paramLabel = "yolo|energy", description = "pipeline section: overrides inference.yaml's detector")
    String detector;

    @Option(names = "--db", paramLabel = "URL",
            description = "store section: a PostgreSQL server, postgresql://user:pass@host[:port]/db, whose role may create"
                    + " databases; the bench creates and drops a scratch database " + StoreBench.BENCH_DATABASE
                    + " there (without --db the PostgreSQL figures are skipped)")
    String db;

    @Option(names = "--quick", description = "store section: few iterations (also implied by --seconds below 1)")
    boolean quick;

    @Override
    public void run() {
        Set<String> sections = new LinkedHashSet<>();
        for (String p : only.split(",")) {
            String n = p.trim().toLowerCase(Locale.ROOT);
            if (n.isEmpty()) continue;
            if (!SECTIONS.contains(n)) throw new UserError("--only: unknown section '" + p.trim() + "' (use " + String.join(", ", SECTIONS) + ")");
            sections.add(n);
        }
        if (sections.isEmpty()) throw new UserError("--only: no section given (use " + String.join(", ", SECTIONS) + ")");
        G20Config config = configOption.load();
        SpectrogramConfig s = config.spectrogram();
        FftBackend backend = fftBackend == null ? s.fftBackend() : WireName.parse(FftBackend.class, fftBackend);
        if (backend == null)
            throw new UserError("--fft-backend must be one of " + String.join(", ", WireName.names(FftBackend.class)) + ", got '" + fftBackend + "'");
        if (!(seconds > 0) || seconds > 3600) throw new UserError("--seconds must be in (0, 3600], got " + seconds);
        int all = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (all < 1 || all > 1024) throw new UserError("--threads must be in [1, 1024], got " + all);
        // the record's constructor validates (fft size a power of two, overlap in [0, 1))
        SpectrogramConfig cfg = new SpectrogramConfig(fftSize != null ? fftSize : s.fftSize(), s.window(),
                overlap != null ? overlap : s.overlap(), s.psdRefDbm(), s.dynamicRangeDb(), s.colormap(), s.rowsPerFrame(),
                backend);

        BenchReport report = new BenchReport();
        report.describeMachine();
        if (sections.contains("stft")) new StftBench(cfg, seconds).run(report.section("stft"), all, System.err::println);
        if (sections.contains("pipeline")) {
            DetectorRegistry detectors = DetectorRegistry.standard();
            G20Config pc = detectors.choose(config.withSpectrogram(cfg), detector, null, LOG);
            System.err.printf(Locale.ROOT, "bench: pipeline (synthetic mixed at 10 MS/s, %s detector): %.1f s as fast as possible, then %.1f s paced...%n",
                    pc.inference().detector(), seconds, seconds);
            Map<String, Object> r = PipelineBench.runDefault(pc, detectors::create, seconds);
            ObjectNode sec = report.section("pipeline");
            put(sec, r);
            sec.put("sustainable_msps", Math.round(((Number) r.get("sustainable_samples_per_second")).doubleValue() / 1e4) / 100.0);
            System.err.printf(Locale.ROOT, "bench: pipeline %.2f MS/s sustainable (%sx real time), latency p50 %s ms p99 %s ms%n",
                    sec.get("sustainable_msps").asDouble(), r.get("realtime_factor"), r.get("latency_ms_p50"), r.get("latency_ms_p99"));
        }
        if (sections.contains("store")) {
            boolean q = quick || seconds < 1;
            StoreTarget.Postgres pg = null;
            if (db != null) {
                if (!(StoreTarget.parse(db, "--db") instanceof StoreTarget.Postgres p))
                    throw new UserError("--db must be postgresql://user:pass@host[:port]/db (the SQLite figures need no --db), got '" + db + "'");
                pg = p;
            }
            System.err.println("bench: store (SQLite" + (pg != null ? " and PostgreSQL on " + pg.display() : "; no --db: PostgreSQL skipped")
                    + (q ? ", quick" : "") + ")...");
            ObjectNode sec = report.section("store");
            sec.put("postgres", pg != null ? "scratch database " + StoreBench.BENCH_DATABASE + " on " + pg.display() : "skipped: no --db postgresql://... given");
            put(sec, StoreBench.run(pg, q));
            System.err.println("bench: store done");
        }
        System.out.println(report.toJson());
    }

    private static final ObjectMapper JSON = Json.JSON;

    private static void put(ObjectNode section, Map<String, Object> figures) {
        for (var e : figures.entrySet()) section.set(e.getKey(), JSON.valueToTree(e.getValue()));
    }
}
