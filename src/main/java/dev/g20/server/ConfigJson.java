package dev.g20.server;

import dev.g20.config.ConfigException;
import dev.g20.config.ConfigFile;
import dev.g20.config.DatabaseConfig;
import dev.g20.config.DurationText;
import dev.g20.config.G20Config;
import dev.g20.config.InferenceConfig;
import dev.g20.config.SpectrogramConfig;
import dev.g20.config.TrackerConfig;
import dev.g20.config.WireName;
import dev.g20.pipeline.ConfigControl;
import dev.g20.pipeline.PipelineListener.ConfigChange;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The config files as JSON-ready maps with exactly the YAML files' keys and nesting, so that what
 * GET returns can be PUT back unchanged (YAML is a superset of JSON). Database passwords are
 * never sent: they read as {@value #REDACTED}, and a PUT that keeps the redacted form keeps the
 * password in force.
 */
public final class ConfigJson {
    /** The four file names, in the order of the config directory listing. */
    public static final List<String> FILES = WireName.names(ConfigFile.class);
    static final String REDACTED = "***";

    private ConfigJson() {
    }

    public static Map<String, Object> all(G20Config c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spectrogram", spectrogram(c.spectrogram()));
        m.put("tracker", tracker(c.tracker()));
        m.put("inference", inference(c.inference()));
        m.put("database", database(c.database()));
        return m;
    }

    public static Map<String, Object> file(G20Config c, ConfigFile file) {
        return switch (file) {
            case SPECTROGRAM -> spectrogram(c.spectrogram());
            case TRACKER -> tracker(c.tracker());
            case INFERENCE -> inference(c.inference());
            case DATABASE -> database(c.database());
        };
    }

    public static Map<String, Object> spectrogram(SpectrogramConfig s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fft_size", s.fftSize());
        m.put("window", s.window().wireName());
        m.put("overlap", s.overlap());
        m.put("psd_ref_dbm", s.psdRefDbm());
        m.put("dynamic_range_db", s.dynamicRangeDb());
        m.put("colormap", s.colormap());
        m.put("rows_per_frame", s.rowsPerFrame());
        m.put("fft_backend", s.fftBackend().wireName());
        return m;
    }

    public static Map<String, Object> tracker(TrackerConfig t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("association", ordered("iou_threshold", t.iouThreshold(), "freq_tolerance_normalized", t.freqToleranceNormalized(),
                "method", t.associationMethod().wireName(), "classes", t.classAssociation().wireName(), "cross_class_freq_iou", t.crossClassFreqIou(),
                "confusable_classes", t.confusableClasses(), "class_vote_weights", new java.util.TreeMap<>(t.classVoteWeights())));
        m.put("lifecycle", ordered("confirm_hits", t.confirmHits(), "max_age", t.maxAge()));
        m.put("smoothing", ordered("box_ema_alpha", t.boxEmaAlpha(), "display_ema_alpha", t.displayEmaAlpha(),
                "conf_rise_alpha", t.confRiseAlpha(), "conf_fall_alpha", t.confFallAlpha()));
        m.put("drift_detection", ordered("enabled", t.driftEnabled(), "frames_required", t.driftFramesRequired(),
                "min_displacement", t.driftMinDisplacement()));
        return m;
    }

    public static Map<String, Object> inference(InferenceConfig i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("detector", i.detector().wireName());
        m.put("model_path", i.modelPath());
        m.put("input_size", List.of(i.inputWidth(), i.inputHeight()));
        m.put("confidence_threshold", i.confidenceThreshold());
        m.put("nms_threshold", i.nmsThreshold());
        m.put("execution_provider", i.executionProvider().wireName());
        m.put("tensorrt", ordered("fp16", i.trtFp16(), "int8", i.trtInt8(), "engine_cache_dir", i.trtEngineCacheDir()));
        return m;
    }

    public static Map<String, Object> database(DatabaseConfig d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connection_string", redact(d.connectionString()));
        m.put("batch_size", d.batchSize());
        m.put("flush_interval_ms", d.flushIntervalMs());
        m.put("max_queue_size", d.maxQueueSize());
        m.put("track_rows_retention", DurationText.format(d.trackRowsRetention()));
        m.put("emitter_retention", DurationText.format(d.emitterRetention()));
        return m;
    }

    /** {@code postgresql://user:secret@host/db} -> {@code postgresql://user:***@host/db}; others unchanged. */
    public static String redact(String connection) {
        int scheme = connection.indexOf("://");
        if (scheme < 0) return connection;
        int at = connection.indexOf('@', scheme + 3);
        if (at < 0) return connection;
        int colon = connection.indexOf(':', scheme + 3);
        if (colon < 0 || colon > at) return connection;
        return connection.substring(0, colon + 1) + REDACTED + connection.substring(at);
    }

    /**
     * Parses a PUT body (YAML or JSON) for one file and applies it. Errors are ConfigException with
     * the file and key named.
     */
    public static ConfigChange apply(ConfigControl control, ConfigFile file, String text) {
        String name = file.fileName();
        return switch (file) {
            case SPECTROGRAM -> control.applySpectrogram(G20Config.parseYaml(name, text, SpectrogramConfig::from));
            case TRACKER -> control.applyTracker(G20Config.parseYaml(name, text, TrackerConfig::from));
            case INFERENCE -> control.applyInference(G20Config.parseYaml(name, text, InferenceConfig::from));
            case DATABASE -> {
                DatabaseConfig d = G20Config.parseYaml(name, text, DatabaseConfig::from);
                String current = control.config().database().connectionString();
                if (d.connectionString().contains(REDACTED)) {
                    if (!d.connectionString().equals(redact(current)))
                        throw new ConfigException(name + ": key 'connection_string' contains the redacted password '"
                                + REDACTED + "' but names another server; give the full connection string");
                    d = d.withConnectionString(current);
                }
                yield control.applyDatabase(d);
            }
        };
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
