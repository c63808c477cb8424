package dev.g20.wiring;

import dev.g20.config.ConfigException;
import dev.g20.config.DatabaseConfig;
import dev.g20.config.DetectorKind;
import dev.g20.config.G20Config;
import dev.g20.detect.Box;
import dev.g20.detect.Detector;
import dev.g20.detect.EnergyDetector;
import dev.g20.store.StoredTrack;
import dev.g20.store.TrackQuery;
import dev.g20.track.MotionMode;
import dev.g20.track.Track;
import dev.g20.track.TrackState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registries build what config and options name, and refuse the rest in one line. */
public class WiringTest {
    @TempDir
    Path dir;

    public static Track track(long id, TrackState state, int hits) {
        Box b = new Box(0.4, 0.1, 0.45, 0.9);
        return new Track(id, 1, "fm", b, b, 0.8, state, 0, hits, MotionMode.STATIONARY, 0, 0.25, 100e6, 25_000, 0, 10);
    }

    @Test
    void detectorsAreBuiltByKindAndAMissingModelFallsBackOnlyWhenNothingWasAsked() {
        DetectorRegistry detectors = DetectorRegistry.standard(dir);
        G20Config cfg = G20Config.defaults();
        try (Detector d = detectors.create(cfg.inference().withDetector(DetectorKind.ENERGY), cfg.spectrogram())) {
            assertThat(d).isInstanceOf(EnergyDetector.class);
        }
        // the default model is not under dir: the energy detector stands in, unless yolo is insisted on
        var log = LoggerFactory.getLogger(WiringTest.class);
        assertThat(detectors.choose(cfg, null, null, log).inference().detector()).isEqualTo(DetectorKind.ENERGY);
        assertThat(detectors.choose(cfg, "YOLO", null, log).inference().detector()).isEqualTo(DetectorKind.YOLO);
        assertThatThrownBy(() -> detectors.choose(cfg, "cnn", null, log)).isInstanceOf(ConfigException.class)
                .hasMessage("--detector must be one of yolo, energy, got 'cnn'");
        assertThatThrownBy(() -> detectors.insist(cfg, null, dir.resolve("none.onnx"))).isInstanceOf(ConfigException.class)
                .hasMessage("--model: " + dir.resolve("none.onnx") + ": file not found");
    }

    @Test
    void aSqliteStoreLogsAndQueriesTheSameFileAndItsLoggerShowsItsCounters() {
        StoreRegistry stores = StoreRegistry.standard();
        G20Config cfg = stores.choose(G20Config.defaults(), "sqlite:" + dir.resolve("t.db"));
        StoreRegistry.Store store = stores.open(cfg.database(), "--db");
        try (store) {
            store.logger().log(track(7, TrackState.CONFIRMED, 5), 10, 1_000, "hash");
            store.logger().stop();
            assertThat(store.logger().metrics().written()).isEqualTo(1);
            List<StoredTrack> rows = store.queries().query(TrackQuery.all());
            assertThat(rows).hasSize(1);
            assertThat(rows.getFirst().trackId()).isEqualTo(7);
        }
        assertThatThrownBy(() -> stores.choose(G20Config.defaults(), "mysql://x")).isInstanceOf(ConfigException.class)
                .hasMessage("--db must be postgresql://user:pass@host[:port]/db or sqlite:PATH, got 'mysql://x'");
        assertThatThrownBy(() -> stores.open(new DatabaseConfig("redis://x", 10, 10, 10), "database.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("database.yaml: must be postgresql://");
    }
}
