package dev.g20.wiring;

import dev.g20.config.ConfigException;
import dev.g20.config.DetectorKind;
import dev.g20.config.G20Config;
import dev.g20.config.InferenceConfig;
import dev.g20.config.SpectrogramConfig;
import dev.g20.config.WireName;
import dev.g20.detect.Detector;
import dev.g20.detect.Detectors;
import dev.g20.detect.EnergyDetector;
import dev.g20.detect.YoloDetector;
import org.slf4j.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Builds the detector inference.yaml's {@code detector} (or {@code --detector}) names, one
 * registration per {@link DetectorKind}; relative model paths resolve against the G20 home.
 */
public final class DetectorRegistry {

    /** Builds one kind of detector. */
    @FunctionalInterface
    public interface Maker {
        /** @throws dev.g20.config.ConfigException when it cannot be built (e.g. a missing model) */
        Detector make(InferenceConfig inference, SpectrogramConfig spectrogram, Path home);
    }

    private final Map<DetectorKind, Maker> makers = new EnumMap<>(DetectorKind.class);
    private final Path home;

    private DetectorRegistry(Path home) {
        this.home = home;
    }

    /** The shipped detectors, model paths resolved against {@code home}. */
    public static DetectorRegistry standard(Path home) {
        return new DetectorRegistry(home)
                .register(DetectorKind.ENERGY, (inference, spectrogram, h) -> new EnergyDetector())
                .register(DetectorKind.YOLO, (inference, spectrogram, h) -> new YoloDetector(
                        Detectors.resolve(h, inference.modelPath()), inference, spectrogram,
                        Detectors.resolve(h, inference.trtEngineCacheDir())));
    }

    /** The shipped detectors under $G20_HOME (else the working directory). */
    public static DetectorRegistry standard() {
        return standard(Detectors.home());
    }

    public DetectorRegistry register(DetectorKind kind, Maker maker) {
        makers.put(kind, maker);
        return this;
    }

    /**
     * The configured detector (fits {@code PipelineComponents}' detector factory).
     *
     * @throws dev.g20.config.ConfigException when the model file is missing or unusable
     */
    public Detector create(InferenceConfig inference, SpectrogramConfig spectrogram) {
        Maker m = makers.get(inference.detector());
        if (m == null) throw new IllegalStateException("no detector registered for '" + inference.detector() + "'");
        return m.make(inference, spectrogram, home);
    }

    /**
     * Applies {@code --detector} and {@code --model}. With neither given and the configured yolo
     * model missing, falls back to the energy detector with one warning, so that a fresh checkout
     * works out of the box; naming the detector or the model insists on it.
     *
     * @param option what --detector says, or null
     * @param model  what --model says, or null
     */
    public G20Config choose(G20Config cfg, String option, Path model, Logger log) {
        if (option != null || model != null) return insist(cfg, option, model);
        if (cfg.inference().detector() == DetectorKind.YOLO) {
            Path configured = Detectors.resolve(home, cfg.inference().modelPath());
            if (!Files.isRegularFile(configured)) {
                log.warn("detector: model {} not found; using the energy detector (--detector yolo to insist)", configured);
                return cfg.withInference(cfg.inference().withDetector(DetectorKind.ENERGY));
            }
        }
        return cfg;
    }

    /**
     * Applies {@code --detector} and {@code --model} without any fallback (`eval` scores exactly
     * what it is told to): a model alone means yolo.
     */
    public G20Config insist(G20Config cfg, String option, Path model) {
        DetectorKind detector = parseOption(option);
        if (model != null) {
            if (!Files.isRegularFile(model)) throw new ConfigException("--model: " + model + ": file not found");
            return cfg.withInference(cfg.inference().withModelPath(model.toAbsolutePath().toString())
                    .withDetector(detector != null ? detector : DetectorKind.YOLO));
        }
        return detector != null ? cfg.withInference(cfg.inference().withDetector(detector)) : cfg;
    }

    /** {@code --detector}'s value as a kind (null stays null), or a one-line error listing the kinds. */
    public static DetectorKind parseOption(String option) {
        if (option == null) return null;
        DetectorKind d = WireName.parse(DetectorKind.class, option);
        if (d == null) throw new ConfigException("--detector must be one of " + String.join(", ", InferenceConfig.DETECTORS)
                + ", got '" + option + "'");
        return d;
    }
}
