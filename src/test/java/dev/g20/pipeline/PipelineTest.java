package dev.g20.pipeline;

import dev.g20.config.StftWindow;

import dev.g20.config.ConfigFile;
import dev.g20.config.FftBackend;

import dev.g20.track.TrackState;

import dev.g20.config.SpectrogramConfig;
import dev.g20.config.TrackerConfig;
import dev.g20.source.IqSource;
import dev.g20.source.SourceInfo;
import dev.g20.source.Sources;
import dev.g20.spectrogram.CanonicalSpectrogramGenerator;
import dev.g20.spectrogram.CpuStftBackend;
import dev.g20.spectrogram.SpectrogramFrame;
import dev.g20.spectrogram.StftBackend;
import dev.g20.testing.CountingTracker;
import dev.g20.track.RFSignalTracker;
import dev.g20.testing.RecordingLogger;
import dev.g20.testing.TestScenes;
import dev.g20.detect.EnergyDetector;
import dev.g20.testing.SlowDetector;
import dev.g20.track.Track;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@Timeout(60)
class PipelineTest {
    @TempDir
    static Path dir;
    static Path scene;
    static final double SECONDS = 2.0;

    @BeforeAll
    static void writeScene() throws Exception {
        scene = TestScenes.write(dir, "scene", SECONDS);
    }

    static IqSource open() {
        return Sources.openFile(scene, null, null, null);
    }

    static long expectedFrames(SpectrogramConfig c) {
        long total = Math.round(SECONDS * TestScenes.FS);
        long per = CanonicalSpectrogramGenerator.samplesPerFrame(c);
        long advance = (long) c.rowsPerFrame() * c.hop();
        long full = total < per ? 0 : (total - per) / advance + 1;
        // plus the trailing partial frame when samples are left that no full frame's row covered
        long covered = full == 0 ? 0 : (full - 1) * advance + per;
        return full + (total > covered ? 1 : 0);
    }

    @Test
    void losslessRunTracksEveryFrameAndFindsTheSignals() {
        RecordingLogger logger = new RecordingLogger();
        SlowDetector detector = new SlowDetector(0);
        PipelineComponents c = PipelineComponents.of(open(), TestScenes.config(), (i, sc) -> detector,
                RFSignalTracker::new, logger);
        Pipeline p = new Pipeline(c, PipelineOptions.offline());
        List<Long> frameIds = Collections.synchronizedList(new ArrayList<>());
        List<List<Track>> published = Collections.synchronizedList(new ArrayList<>());
        p.addListener(new PipelineListener() {
            @Override
            public void onFrame(SpectrogramFrame frame) {
                frameIds.add(frame.frameId());
            }

            @Override
            public void onTracks(SpectrogramFrame frame, List<Track> tracks) {
                published.add(tracks);
            }
        });
        p.runToEnd();

        long expected = expectedFrames(TestScenes.spectrogram());
        PipelineMetrics m = p.metrics();
        assertThat(m.framesGenerated.sum()).isEqualTo(expected);
        assertThat(m.framesTracked.sum()).isEqualTo(expected);
        assertThat(m.totalDrops()).isZero();
        assertThat(frameIds).hasSize((int) expected);
        for (int i = 0; i < frameIds.size(); i++) assertThat(frameIds.get(i)).isEqualTo(i);
        assertThat(m.samplesIn.sum()).isEqualTo(Math.round(SECONDS * TestScenes.FS));
        assertThat(logger.stopped()).isTrue();
        assertThat(detector.closed()).isTrue();

        // the two continuous signals are tracked at their frequencies through the last frame
        List<Track> last = published.getLast();
        for (int k = 0; k < 2; k++) {
            double f = TestScenes.FC + TestScenes.OFFSETS[k];
            assertThat(last).anySatisfy(t -> {
                assertThat(t.state()).isEqualTo(TrackState.CONFIRMED);
                assertThat(t.freqCenterHz()).isCloseTo(f, within(5_000.0));
            });
        }
        // only confirmed tracks are logged (and their final TrackState.LOST row), each with its frame's id, time and hash
        assertThat(logger.rows()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.track().state()).isIn(TrackState.CONFIRMED, TrackState.LOST);
            assertThat(r.track().hits()).isGreaterThanOrEqualTo(3);
            assertThat(r.configHash()).isEqualTo(TestScenes.spectrogram().hash());
            assertThat(r.track().lastSeenFrameId()).isLessThanOrEqualTo(r.frameId());
        });
        assertThat(m.endToEnd.count()).isEqualTo(expected);
    }

    @Test
    void slowDetectorInLiveModeDropsCountedFramesAndNeverBlocksTheSource() {
        long sleep = 40;
        SlowDetector slow = new SlowDetector(sleep);
        PipelineComponents c = PipelineComponents.of(open(), TestScenes.config(), (i, sc) -> slow,
                RFSignalTracker::new, null);
        // paced at 4x real time: the STFT keeps up easily, the detector (40 ms a frame, 8 ms of signal) cannot
        Pipeline p = new Pipeline(c, PipelineOptions.live(true).withPaced(true, 4 * TestScenes.FS).withStatusInterval(0));
        long t0 = System.nanoTime();
        p.runToEnd();
        double seconds = (System.nanoTime() - t0) / 1e9;

        long expected = expectedFrames(TestScenes.spectrogram());
        PipelineMetrics m = p.metrics();
        // the source read everything and the spectrogram made every frame, in less time than
        // the detector would have needed for all of them
        assertThat(m.samplesIn.sum()).isEqualTo(Math.round(SECONDS * TestScenes.FS));
        assertThat(m.iqBlocksDropped.sum()).isZero();
        assertThat(m.framesGenerated.sum()).isEqualTo(expected);
        assertThat(seconds).isLessThan(expected * sleep / 1000.0 * 0.6);
        // every frame is either detected or counted as dropped
        assertThat(m.detectorQueueDrops.sum()).isPositive();
        assertThat(m.framesDetected.sum() + m.detectorQueueDrops.sum()).isEqualTo(expected);
        assertThat(m.framesTracked.sum() + m.trackerQueueDrops.sum()).isEqualTo(m.framesDetected.sum());
    }

    /** The warm-up's noise frames go through the detector only: listeners and metrics see just the source's frames. */
    @Test
    void warmUpFramesNeverReachTheTrackerOrTheMetrics() {
        SlowDetector counting = new SlowDetector(0);
        PipelineComponents c = PipelineComponents.of(open(), TestScenes.config(), (i, sc) -> counting,
                RFSignalTracker::new, null);
        Pipeline p = new Pipeline(c, PipelineOptions.live(true).withPaced(true, 4 * TestScenes.FS).withStatusInterval(0).withWarmUpFrames(5)
                .withQueues(64, 64, 64));
        List<Long> frameIds = new java.util.concurrent.CopyOnWriteArrayList<>();
        p.addListener(new PipelineListener() {
            @Override
            public void onTracks(dev.g20.spectrogram.SpectrogramFrame frame, List<dev.g20.track.Track> tracks) {
                frameIds.add(frame.frameId());
            }
        });
        p.runToEnd();
        long expected = expectedFrames(TestScenes.spectrogram());
        assertThat(p.warmUpFrames()).isEqualTo(5);
        assertThat(counting.calls()).isEqualTo(5 + p.metrics().framesDetected.sum());
        assertThat(p.metrics().framesGenerated.sum()).isEqualTo(expected);
        assertThat(frameIds).isNotEmpty();
        assertThat(frameIds.getFirst()).isZero();
    }

    @Test
    void slowDetectorInLosslessModeLosesNothing() {
        SlowDetector slow = new SlowDetector(5);
        PipelineComponents c = PipelineComponents.of(open(), TestScenes.config(), (i, sc) -> slow,
                RFSignalTracker::new, null);
        Pipeline p = new Pipeline(c, PipelineOptions.offline());
        p.runToEnd();
        long expected = expectedFrames(TestScenes.spectrogram());
        assertThat(p.metrics().framesTracked.sum()).isEqualTo(expected);
        assertThat(p.metrics().totalDrops()).isZero();
    }

    @Test
    void slowSpectrogramDropsIqBlocksAndKeepsFrameTimestampsTrue() {
        // an STFT that takes 30 ms per frame while blocks arrive as fast as the file reads
        SpectrogramConfig sc = TestScenes.spectrogram();
        PipelineComponents c = new PipelineComponents(open(), TestScenes.config(),
                (i, s) -> new EnergyDetector(), RFSignalTracker::new, null,
                cfg -> new SlowBackend(new CpuStftBackend(cfg), 30));
        // paced at 8x real time: a frame's samples arrive every 4 ms, the STFT needs 30 ms
        Pipeline p = new Pipeline(c, PipelineOptions.live(true).withPaced(true, 8 * TestScenes.FS).withStatusInterval(0)
                .withBlockSamples(4096).withQueues(4, 2, 8));
        List<SpectrogramFrame> frames = Collections.synchronizedList(new ArrayList<>());
        p.addListener(new PipelineListener() {
            @Override
            public void onFrame(SpectrogramFrame frame) {
                frames.add(frame);
            }
        });
        p.runToEnd();
        PipelineMetrics m = p.metrics();
        assertThat(m.iqBlocksDropped.sum()).isPositive();
        assertThat(m.iqSamplesDropped.sum()).isBetween((m.iqBlocksDropped.sum() - 1) * 4096 + 1, m.iqBlocksDropped.sum() * 4096);
        assertThat(m.samplesIn.sum()).isEqualTo(Math.round(SECONDS * TestScenes.FS));
        assertThat(frames).isNotEmpty();
        SourceInfo info = p.sourceInfo();
        long advance = (long) sc.rowsPerFrame() * sc.hop();
        boolean sawGap = false;
        for (int i = 0; i < frames.size(); i++) {
            SpectrogramFrame f = frames.get(i);
            assertThat(f.timestampNs()).isEqualTo(info.timestampNs(f.firstSample()));
            if (i > 0) {
                long step = f.firstSample() - frames.get(i - 1).firstSample();
                assertThat(step).isGreaterThanOrEqualTo(advance);
                if (step > advance) sawGap = true;
            }
        }
        assertThat(sawGap).as("a dropped block shows as a jump in firstSample").isTrue();
    }

    @Test
    void configChangesTakeEffectAtFrameBoundaries() throws Exception {
        AtomicInteger trackersMade = new AtomicInteger();
        List<CountingTracker> trackers = Collections.synchronizedList(new ArrayList<>());
        PipelineComponents c = PipelineComponents.of(open(), TestScenes.config(), (i, sc) -> new EnergyDetector(),
                cfg -> {
                    trackersMade.incrementAndGet();
                    CountingTracker t = new CountingTracker(cfg);
                    trackers.add(t);
                    return t;
                }, null);
        // paced at 4x real time so the change lands mid-run
        Pipeline p = new Pipeline(c, PipelineOptions.live(true).withPaced(true, 4 * TestScenes.FS).withStatusInterval(0));
        List<String> hashes = Collections.synchronizedList(new ArrayList<>());
        List<PipelineListener.ConfigChange> changes = Collections.synchronizedList(new ArrayList<>());
        p.addListener(new PipelineListener() {
            @Override
            public void onTracks(SpectrogramFrame frame, List<Track> tracks) {
                hashes.add(frame.configHash());
            }

            @Override
            public void onConfigChange(ConfigChange change) {
                changes.add(change);
            }
        });
        p.start();
        while (hashes.size() < 5) Thread.sleep(5);
        SpectrogramConfig next = new SpectrogramConfig(256, StftWindow.HANN, 0.5, -30, 60, "viridis", 64, FftBackend.CPU);
        PipelineListener.ConfigChange ch = p.applySpectrogram(next);
        assertThat(ch.oldHash()).isEqualTo(TestScenes.spectrogram().hash());
        assertThat(ch.newHash()).isEqualTo(next.hash());
        assertThat(p.config().spectrogram()).isEqualTo(next);
        p.applyTracker(TrackerConfig.defaults());
        assertThat(p.awaitCompletion(20_000)).isTrue();
        p.close();

        assertThat(changes).extracting(PipelineListener.ConfigChange::file).containsExactly(ConfigFile.SPECTROGRAM, ConfigFile.TRACKER);
        assertThat(hashes).contains(TestScenes.spectrogram().hash(), next.hash());
        int firstNew = hashes.indexOf(next.hash());
        assertThat(hashes.subList(firstNew, hashes.size())).containsOnly(next.hash());
        assertThat(hashes.subList(0, firstNew)).containsOnly(TestScenes.spectrogram().hash());
        assertThat(trackersMade.get()).isEqualTo(2);
        // whichever tracker was in place when the first new-hash frame arrived reset itself, once
        assertThat(trackers.stream().mapToInt(CountingTracker::resets).sum()).isEqualTo(1);
        assertThat(p.metrics().configChanges.sum()).isEqualTo(2);
    }

    @Test
    void trackIdsNeverRepeatAcrossATrackerConfigChange() throws Exception {
        PipelineComponents c = PipelineComponents.of(open(), TestScenes.config(), (i, sc) -> new EnergyDetector(),
                RFSignalTracker::new, null);
        Pipeline p = new Pipeline(c, PipelineOptions.live(true).withPaced(true, 4 * TestScenes.FS).withStatusInterval(0));
        java.util.Map<Long, Long> firstSeenById = new java.util.concurrent.ConcurrentHashMap<>();
        List<String> conflicts = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger frames = new AtomicInteger();
        p.addListener(new PipelineListener() {
            @Override
            public void onTracks(SpectrogramFrame frame, List<Track> tracks) {
                frames.incrementAndGet();
                for (Track t : tracks) {
                    Long prev = firstSeenById.putIfAbsent(t.trackId(), t.firstSeenFrameId());
                    if (prev != null && prev != t.firstSeenFrameId())
                        conflicts.add("id " + t.trackId() + " first seen at " + prev + " and " + t.firstSeenFrameId());
                }
            }
        });
        p.start();
        while (frames.get() < 5) Thread.sleep(5);
        int idsBefore = firstSeenById.size();
        assertThat(idsBefore).isPositive();
        p.applyTracker(TrackerConfig.defaults());
        assertThat(p.awaitCompletion(20_000)).isTrue();
        p.close();
        assertThat(conflicts).isEmpty();
        // the new tracker started with no tracks: the live signals got fresh ids
        assertThat(firstSeenById.size()).isGreaterThan(idsBefore);
    }

    @Test
    void stopEndsAPacedRunPromptlyAndFlushesTheLogger() throws Exception {
        RecordingLogger logger = new RecordingLogger();
        PipelineComponents c = PipelineComponents.of(open(), TestScenes.config(), (i, sc) -> new EnergyDetector(),
                RFSignalTracker::new, logger);
        Pipeline p = new Pipeline(c, PipelineOptions.live(true).withStatusInterval(0));
        p.start();
        Thread.sleep(300);
        long t0 = System.nanoTime();
        p.close();
        assertThat((System.nanoTime() - t0) / 1e6).isLessThan(1500);
        assertThat(p.finished()).isTrue();
        assertThat(logger.stopped()).isTrue();
        // paced: 0.3 s of a 2 s recording, nowhere near all of it
        assertThat(p.metrics().samplesIn.sum()).isLessThan(Math.round(SECONDS * TestScenes.FS) / 2);
        assertThat(p.metrics().framesTracked.sum()).isPositive();
        assertThat(p.statusLine()).contains("frames/s").contains("drops 0").contains("inference p50");
    }

    @Test
    void failingDetectorStopsThePipelineWithItsError() {
        PipelineComponents c = PipelineComponents.of(open(), TestScenes.config(),
                (i, sc) -> new EnergyDetector(), cfg -> new CountingTracker(cfg, 3), null);
        Pipeline p = new Pipeline(c, PipelineOptions.offline());
        org.assertj.core.api.Assertions.assertThatThrownBy(p::runToEnd).hasMessageContaining("tracker exploded");
        assertThat(p.finished()).isTrue();
        assertThat(p.metrics().stageErrors.sum()).isEqualTo(1);
    }

    /** An STFT backend slowed down, to overload the spectrogram stage. */
    record SlowBackend(StftBackend inner, long sleepMillis) implements StftBackend {
        @Override
        public String name() {
            return "slow-" + inner.name();
        }

        @Override
        public void computeRows(float[] iq, int rows, float[] psdDb, byte[] levels) {
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inner.computeRows(iq, rows, psdDb, levels);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
