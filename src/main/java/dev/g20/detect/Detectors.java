package dev.g20.detect;

import dev.g20.config.InferenceConfig;
import dev.g20.config.SpectrogramConfig;

import java.nio.file.Path;

/** Creates the detector inference.yaml (or --detector) asks for. */
public final class Detectors {

    private Detectors() {
    }

    /** The G20 home that relative model paths resolve against: $G20_HOME (set by the launcher), else the working directory. */
    public static Path home() {
        String h = System.getenv("G20_HOME");
        return (h != null && !h.isBlank() ? Path.of(h) : Path.of("")).toAbsolutePath();
    }

    /** {@code path} as is when absolute, else under {@code home}. */
    public static Path resolve(Path home, String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : home.resolve(p).normalize();
    }

    /**
     * The configured detector: {@code energy} (no model) or {@code yolo} (model_path resolved
     * against {@code home}).
     *
     * @throws dev.g20.config.ConfigException when the model file is missing or unusable
     */
    public static Detector create(InferenceConfig inference, SpectrogramConfig spectrogram, Path home) {
        return switch (inference.detector()) {
            case ENERGY -> new EnergyDetector();
            case YOLO -> new YoloDetector(resolve(home, inference.modelPath()), inference, spectrogram,
                    resolve(home, inference.trtEngineCacheDir()));
        };
    }
}
