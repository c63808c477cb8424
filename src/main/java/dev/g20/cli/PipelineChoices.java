package dev.g20.cli;

import dev.g20.config.DetectorKind;
import dev.g20.config.G20Config;
import dev.g20.config.InferenceConfig;
import dev.g20.config.WireName;
import dev.g20.detect.Detectors;
import org.slf4j.Logger;

import java.nio.file.Files;
import java.nio.file.Path;

/** The detector and store options shared by {@code run} and {@code process}. */
final class PipelineChoices {
    private PipelineChoices() {
    }

    /**
     * Applies {@code --detector} and {@code --model}. With neither given and the configured yolo
     * model missing, falls back to the energy detector with one warning, so that a fresh checkout
     * works out of the box; naming the detector or the model insists on it.
     */
    static G20Config detector(G20Config cfg, String option, Path model, Logger log) {
        DetectorKind detector = WireName.parse(DetectorKind.class, option);
        if (option != null && detector == null)
            throw new UserError("--detector must be one of " + String.join(", ", InferenceConfig.DETECTORS) + ", got '" + option + "'");
        if (model != null) {
            if (!Files.isRegularFile(model)) throw new UserError("--model: " + model + ": file not found");
            cfg = cfg.withInference(cfg.inference().withModelPath(model.toAbsolutePath().toString()).withDetector(detector != null ? detector : DetectorKind.YOLO));
        } else if (detector != null) {
            cfg = cfg.withInference(cfg.inference().withDetector(detector));
        } else if (cfg.inference().detector() == DetectorKind.YOLO) {
            Path configured = Detectors.resolve(Detectors.home(), cfg.inference().modelPath());
            if (!Files.isRegularFile(configured)) {
                log.warn("detector: model {} not found; using the energy detector (--detector yolo to insist)", configured);
                cfg = cfg.withInference(cfg.inference().withDetector(DetectorKind.ENERGY));
            }
        }
        return cfg;
    }

    /** Applies {@code --db URL} (postgresql://... or sqlite:PATH). */
    static G20Config database(G20Config cfg, String db) {
        if (db == null) return cfg;
        if (!(db.startsWith("postgresql://") || db.startsWith("postgres://") || db.startsWith("sqlite:")))
            throw new UserError("--db must be postgresql://user:pass@host[:port]/db or sqlite:PATH, got '" + db + "'");
        return cfg.withDatabase(cfg.database().withConnectionString(db));
    }
}
