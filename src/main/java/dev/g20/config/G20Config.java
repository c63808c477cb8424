package dev.g20.config;

import dev.g20.util.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/** The config files of a config directory, loaded and validated together. */
public record G20Config(SpectrogramConfig spectrogram, TrackerConfig tracker, InferenceConfig inference,
                        DatabaseConfig database, EmitterConfig emitters) {

    /** Without an emitters.yaml: the emitter layer's defaults. */
    public G20Config(SpectrogramConfig spectrogram, TrackerConfig tracker, InferenceConfig inference, DatabaseConfig database) {
        this(spectrogram, tracker, inference, database, EmitterConfig.defaults());
    }

    private static final ObjectMapper YAML = Json.YAML;

    public static G20Config defaults() {
        return new G20Config(SpectrogramConfig.defaults(), TrackerConfig.defaults(), InferenceConfig.defaults(), DatabaseConfig.defaults());
    }

    /** Loads DIR/{spectrogram,tracker,inference,database,emitters}.yaml; a missing file means built-in defaults. */
    public static G20Config load(Path dir) {
        if (!Files.isDirectory(dir)) throw new ConfigException(dir + ": config directory not found");
        return new G20Config(
                read(dir.resolve("spectrogram.yaml"), SpectrogramConfig::from, SpectrogramConfig.defaults()),
                read(dir.resolve("tracker.yaml"), TrackerConfig::from, TrackerConfig.defaults()),
                read(dir.resolve("inference.yaml"), InferenceConfig::from, InferenceConfig.defaults()),
                read(dir.resolve("database.yaml"), DatabaseConfig::from, DatabaseConfig.defaults()),
                read(dir.resolve("emitters.yaml"), EmitterConfig::from, EmitterConfig.defaults()));
    }

    /** The default config directory: $G20_HOME/config (set by the launcher), else ./config, else none. */
    public static G20Config loadDefault() {
        String home = System.getenv("G20_HOME");
        Path dir = home != null ? Path.of(home, "config") : Path.of("config");
        return Files.isDirectory(dir) ? load(dir) : defaults();
    }

    public G20Config withSpectrogram(SpectrogramConfig s) {
        return new G20Config(s, tracker, inference, database, emitters);
    }

    public G20Config withTracker(TrackerConfig t) {
        return new G20Config(spectrogram, t, inference, database, emitters);
    }

    public G20Config withInference(InferenceConfig i) {
        return new G20Config(spectrogram, tracker, i, database, emitters);
    }

    public G20Config withDatabase(DatabaseConfig d) {
        return new G20Config(spectrogram, tracker, inference, d, emitters);
    }

    public G20Config withEmitters(EmitterConfig e) {
        return new G20Config(spectrogram, tracker, inference, database, e);
    }

    static <T> T read(Path file, Function<ConfigNode, T> parse, T def) {
        if (!Files.exists(file)) return def;
        try {
            return parseYaml(file.toString(), Files.readString(file), parse);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** Parses YAML text as the named file; used for files and for config PUT over REST. */
    public static <T> T parseYaml(String name, String text, Function<ConfigNode, T> parse) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() != null ? " at line " + e.getLocation().getLineNr() : "";
            throw new ConfigException(name + ": not valid YAML" + where + " (" + e.getOriginalMessage() + ")");
        }
        ConfigNode n = new ConfigNode(name, root);
        T value = parse.apply(n);
        n.finish();
        return value;
    }
}
