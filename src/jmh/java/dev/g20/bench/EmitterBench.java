package dev.g20.bench;

import dev.g20.config.EmitterConfig;
import dev.g20.detect.Box;
import dev.g20.emitter.EmitterBuilder;
import dev.g20.spectrogram.SpectrogramFrame;
import dev.g20.track.MotionMode;
import dev.g20.track.Track;
import dev.g20.track.TrackState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * {@link EmitterBuilder#update} in steady state at 200 active confirmed tracks per frame: 150
 * carriers and bursts on their own bands and 50 short dwells of hoppers, every track matched in
 * every frame with its own row span, so each frame integrates 200 intervals and re-publishes the
 * emitters whose update interval has passed. Frames advance in time (a new frame id each call).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EmitterBench {
    private static final int TRACKS = 200, VARIANTS = 64;

    private EmitterBuilder builder;
    private final List<List<Track>> frames = new ArrayList<>();
    private long frame;
    private long published;

    @Setup
    public void setup() {
        builder = new EmitterBuilder(EmitterConfig.defaults(), "bench", e -> published++, false);
        Random r = new Random(1);
        for (int f = 0; f < VARIANTS; f++) {
            List<Track> tracks = new ArrayList<>(TRACKS);
            for (int s = 0; s < TRACKS; s++) {
                double cx = 0.0025 + 0.0049 * s + (r.nextDouble() - 0.5) * 0.0002, w = 0.003;
                double y1 = s < 150 ? 0 : r.nextDouble() * 0.8, y2 = s < 150 ? 1 : y1 + 0.1;
                Box b = new Box(cx - w / 2, y1, cx + w / 2, y2);
                String cls = s < 150 ? (s % 2 == 0 ? "cw" : "psk") : "hopper";
                tracks.add(new Track(s, 0, cls, b, b, 0.8, TrackState.CONFIRMED, 0, 10, MotionMode.STATIONARY, 0, 0,
                        915e6 + (cx - 0.5) * 10e6, w * 10e6, 0, 0, 15.0));
            }
            frames.add(tracks);
        }
        for (int i = 0; i < 200; i++) step();
    }

    private List<Track> step() {
        long id = frame++;
        List<Track> base = frames.get((int) (id & (VARIANTS - 1)));
        List<Track> tracks = new ArrayList<>(base.size());
        // the tracker's records of this frame: matched now (last_seen_frame_id = this frame)
        for (Track t : base) {
            tracks.add(new Track(t.trackId(), t.classId(), t.className(), t.truthBox(), t.displayBox(), t.confidence(), t.state(),
                    0, t.hits(), t.motionMode(), 0, 0, t.freqCenterHz(), t.freqBandwidthHz(), 0, id, t.snrDb()));
        }
        builder.update(tracks, new SpectrogramFrame(id, id * 52_428_800L, "bench", 915e6, 10e6, id * 524_288L, 2048, 256, 4096,
                null, null, null));
        return tracks;
    }

    @Benchmark
    public int update() {
        step();
        return builder.activeCount();
    }
}
