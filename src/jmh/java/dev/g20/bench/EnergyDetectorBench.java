package dev.g20.bench;

import dev.g20.detect.Detection;
import dev.g20.detect.EnergyDetector;
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
 * {@link EnergyDetector#detect} on one canonical-size frame (256 rows x 4096 bins): exponential
 * noise (as a periodogram's is) with 20 signals at 10 dB, carriers and bursts.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EnergyDetectorBench {
    private static final int ROWS = 256, BINS = 4096;
    private final EnergyDetector detector = new EnergyDetector();
    private float[] psd;

    @Setup
    public void setup() {
        Random r = new Random(1);
        psd = new float[ROWS * BINS];
        for (int i = 0; i < psd.length; i++) psd[i] = (float) (-80 + 10 * Math.log10(-Math.log(1 - r.nextDouble())));
        for (int s = 0; s < 20; s++) {
            int b0 = 100 + s * 190, w = s % 2 == 0 ? 3 : 60;
            int r0 = s % 2 == 0 ? 0 : 20 + 10 * s % 150, h = s % 2 == 0 ? ROWS : 40;
            for (int y = r0; y < Math.min(ROWS, r0 + h); y++)
                for (int x = b0; x < b0 + w; x++) psd[y * BINS + x] += 10;
        }
    }

    @Benchmark
    public List<Detection> detect() {
        return detector.detect(psd, ROWS, BINS);
    }
}
