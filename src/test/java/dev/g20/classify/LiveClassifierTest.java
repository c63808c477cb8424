package dev.g20.classify;

import dev.g20.detect.EnergyDetector;
import dev.g20.pipeline.Pipeline;
import dev.g20.pipeline.PipelineComponents;
import dev.g20.pipeline.PipelineListener;
import dev.g20.pipeline.PipelineMetrics;
import dev.g20.pipeline.PipelineOptions;
import dev.g20.source.Sources;
import dev.g20.spectrogram.SpectrogramFrame;
import dev.g20.testing.TestScenes;
import dev.g20.track.RFSignalTracker;
import dev.g20.track.Track;
import dev.g20.track.TrackState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline with the classifier on its own thread, on the test scene (three FM carriers, 6-16 kHz
 * deviation): the tracker keeps every frame and the confirmed tracks get estimates.
 */
@Timeout(120)
class LiveClassifierTest {
    @TempDir
    static Path dir;
    static Path scene;
    static final double SECONDS = 4.0;

    @BeforeAll
    static void writeScene() throws Exception {
        scene = TestScenes.write(dir, "scene", SECONDS);
    }

    private record Run(PipelineMetrics metrics, LiveClassifier classifier, Set<Long> confirmed) {
    }

    private static Run run(PipelineOptions options) throws InterruptedException {
        LiveClassifier classifier = LiveClassifier.start(Sources.openFile(scene, null, null, null), TestScenes.spectrogram());
        PipelineComponents c = PipelineComponents.of(classifier.source(), TestScenes.config(), (i, sc) -> new EnergyDetector(),
                RFSignalTracker::new, null);
        Pipeline p = new Pipeline(c, options);
        Set<Long> confirmed = ConcurrentHashMap.newKeySet();
        p.addListener(new PipelineListener() {
            @Override
            public void onTracks(SpectrogramFrame frame, List<Track> tracks) {
                for (Track t : tracks) if (t.state() == TrackState.CONFIRMED) confirmed.add(t.trackId());
            }
        });
        p.addListener(classifier);
        p.runToEnd();
        classifier.awaitEnd(30_000);
        return new Run(p.metrics(), classifier, confirmed);
    }

    @Test
    void pacedLiveRunDropsNothingAndNamesTheTracks() throws Exception {
        // live semantics (drop instead of wait) at real time, after the warm-up frames a live run also has
        Run r = run(PipelineOptions.live(true).withPaced(true, TestScenes.FS).withStatusInterval(0).withWarmUpFrames(8));
        PipelineMetrics m = r.metrics();
        assertThat(m.iqBlocksDropped.sum()).isZero();
        assertThat(m.detectorQueueDrops.sum()).isZero();
        assertThat(m.trackerQueueDrops.sum()).isZero();
        assertThat(m.framesTracked.sum()).isEqualTo(m.framesGenerated.sum()).isPositive();
        // the classifier's own hand-off may drop a frame while its code is still cold (counted; the
        // next frame carries the same tracks), but it keeps up with most
        assertThat(r.classifier().droppedFrames()).isLessThan(r.classifier().handledFrames() / 4);
        assertThat(r.classifier().missedCount()).isZero();
        assertThat(r.confirmed()).isNotEmpty();
        for (long id : r.confirmed()) {
            ModulationEstimate e = r.classifier().estimate(id);
            assertThat(e).as("track %d", id).isNotNull();
        }
    }

    @Test
    void offlineRunKeepsEveryFrameWhateverTheClassifierCosts() throws Exception {
        Run r = run(PipelineOptions.offline());
        PipelineMetrics m = r.metrics();
        assertThat(m.framesTracked.sum()).isEqualTo(m.framesGenerated.sum()).isPositive();
        // the tracker never waits for the classifier: what it could not take is counted, the rest classified
        assertThat(r.classifier().handledFrames()).isPositive();
        assertThat(r.classifier().classifiedCount()).isPositive();
        assertThat(r.classifier().classifiedTracks()).isPositive();
    }
}
