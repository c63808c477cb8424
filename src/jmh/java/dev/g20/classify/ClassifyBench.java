package dev.g20.classify;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The classification stage's cost per frame at 30 active tracks: each track is re-classified
 * every 8 frames, at most 4 per frame (as {@code g20 process} runs it), so one frame costs 4
 * estimates. The 30 tracks are taken round-robin from the synthetic sweep (all modulations, rates
 * 0.25-20 MS/s, each read as {@link ModulationClassifier#inputSamples} samples: the worst case is a
 * narrow band at a high rate, 2^19 samples).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ClassifyBench {
    private static final int TRACKS = 30, PER_FRAME = 4;
    private final ModulationClassifier classifier = new ModulationClassifier(ModulationClassifier.MAX_INPUT);
    private float[][] iq;
    private SweepCase[] cases;
    private int next;

    @Setup
    public void setup() {
        List<SweepCase> all = SweepCase.all();
        iq = new float[TRACKS][];
        cases = new SweepCase[TRACKS];
        for (int t = 0; t < TRACKS; t++) {
            SweepCase c = all.get((t * 37) % all.size());
            int n = ModulationClassifier.inputSamples(c.fs(), c.bandwidthHz() * 1.1);
            float[] re = new float[n], im = new float[n];
            Random rnd = new Random(t);
            c.gen().generate(re, im, n, rnd);
            iq[t] = TestSignals.place(re, im, n, c.fs(), 0.1 * c.fs(), c.bandwidthHz(), 20, 0, false, rnd);
            cases[t] = c;
        }
    }

    /** One frame: the next 4 tracks' estimates. */
    @Benchmark
    public double frame() {
        double s = 0;
        for (int k = 0; k < PER_FRAME; k++) {
            int t = next;
            next = (next + 1) % TRACKS;
            SweepCase c = cases[t];
            ModulationEstimate e = classifier.classify(iq[t], iq[t].length / 2, c.fs(), 0.1 * c.fs(), c.bandwidthHz() * 1.1);
            s += e == null ? 0 : e.confidence();
        }
        return s;
    }
}
