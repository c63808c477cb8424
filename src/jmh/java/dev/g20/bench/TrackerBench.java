package dev.g20.bench;

import dev.g20.config.AssociationMethod;
import dev.g20.config.ClassAssociation;
import dev.g20.config.WireName;

import dev.g20.config.TrackerConfig;
import dev.g20.detect.Box;
import dev.g20.detect.Detection;
import dev.g20.spectrogram.SpectrogramFrame;
import dev.g20.track.RFSignalTracker;
import dev.g20.track.Track;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * {@link RFSignalTracker#update} in steady state: 200 confirmed tracks, 200 jittered detections per
 * frame. The carriers sit 0.005 apart in 4 classes (cw, am, psk, qam16), so same-class neighbours are 0.02 apart, right
 * at freq_tolerance: the admissibility graph forms long chains and the assignment has real work.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TrackerBench {
    private static final int SIGNALS = 200, FRAMES = 64;
    /** Two confusable pairs (the default confusable_classes): the worst case for classes: vote. */
    private static final String[] NAMES = {"cw", "am", "psk", "qam16"};

    @Param({"hungarian", "greedy"})
    public String method;

    @Param({"false", "true"})
    public boolean drift;

    @Param({"vote", "strict"})
    public String classes;

    private RFSignalTracker tracker;
    private final List<List<Detection>> detections = new ArrayList<>();
    private final List<SpectrogramFrame> frames = new ArrayList<>();
    private int next;

    @Setup
    public void setup() {
        TrackerConfig d = TrackerConfig.defaults();
        tracker = new RFSignalTracker(new TrackerConfig(d.iouThreshold(), d.freqToleranceNormalized(), WireName.parse(AssociationMethod.class, method),
                WireName.parse(ClassAssociation.class, classes), d.crossClassFreqIou(), d.confusableClasses(), d.classVoteWeights(), d.confirmHits(), d.maxAge(), d.boxEmaAlpha(), d.displayEmaAlpha(), d.confRiseAlpha(),
                d.confFallAlpha(), drift, d.driftFramesRequired(), d.driftMinDisplacement()));
        Random r = new Random(1);
        float[] psd = new float[256];
        byte[] levels = new byte[256], rgba = new byte[1024];
        for (int f = 0; f < FRAMES; f++) {
            List<Detection> dets = new ArrayList<>(SIGNALS);
            for (int s = 0; s < SIGNALS; s++) {
                double cx = 0.0025 + 0.005 * s + (r.nextDouble() - 0.5) * 0.0006;
                double w = 0.003 + (r.nextDouble() - 0.5) * 0.0002;
                dets.add(new Detection(new Box(cx - w / 2, 0, cx + w / 2, 1), s % 4, NAMES[s % 4], 0.5 + 0.4 * r.nextDouble()));
            }
            detections.add(dets);
            frames.add(new SpectrogramFrame(f, f, "bench", 100e6, 1e6, (long) f * 256 * 512, 512, 256, 1, psd, levels, rgba));
        }
        for (int f = 0; f < 2 * FRAMES; f++) step();
        if (tracker.size() != SIGNALS) throw new IllegalStateException("tracks: " + tracker.size());
    }

    private List<Track> step() {
        int k = next++ & (FRAMES - 1);
        return tracker.update(detections.get(k), frames.get(k));
    }

    @Benchmark
    public List<Track> update() {
        return step();
    }
}
