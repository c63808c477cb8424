package dev.g20.testing;

import dev.g20.detect.Box;
import dev.g20.detect.Detection;
import dev.g20.detect.Detector;
import dev.g20.spectrogram.SpectrogramFrame;

import java.util.ArrayList;
import java.util.List;

/**
 * TEST FIXTURE, not the shipped energy detector: one box per run of bins whose level reaches a
 * threshold in any row of the frame (runs closer than {@code gap} bins merged), spanning the rows
 * where that run is lit. Class 0 "signal". Stands in for the real detector until the lead wires
 * dev.g20.detect.EnergyDetector into these tests.
 */
public final class ThresholdTestDetector implements Detector {
    private final int threshold;
    private final int gap;
    private final long sleepMillis;
    private volatile boolean closed;

    public ThresholdTestDetector(int threshold) {
        this(threshold, 2, 0);
    }

    /** @param sleepMillis extra time per frame, to play a slow detector */
    public ThresholdTestDetector(int threshold, int gap, long sleepMillis) {
        this.threshold = threshold;
        this.gap = gap;
        this.sleepMillis = sleepMillis;
    }

    @Override
    public String name() {
        return "test-threshold";
    }

    @Override
    public List<String> classNames() {
        return List.of("signal");
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public List<Detection> detect(SpectrogramFrame f) {
        if (sleepMillis > 0) {
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int rows = f.rows(), bins = f.bins();
        boolean[] lit = new boolean[bins];
        for (int r = 0; r < rows; r++)
            for (int b = 0; b < bins; b++) if (f.level(r, b) >= threshold) lit[b] = true;
        List<Detection> out = new ArrayList<>();
        int b = 0;
        while (b < bins) {
            if (!lit[b]) {
                b++;
                continue;
            }
            int start = b, end = b;
            for (int k = b + 1; k < bins && k <= end + gap + 1; k++) if (lit[k]) end = k;
            b = end + 1;
            if (end - start < 1) continue;
            int first = -1, last = -1;
            double sum = 0;
            int n = 0;
            for (int r = 0; r < rows; r++) {
                boolean any = false;
                for (int k = start; k <= end; k++) {
                    int v = f.level(r, k);
                    if (v >= threshold) any = true;
                    sum += v;
                    n++;
                }
                if (any) {
                    if (first < 0) first = r;
                    last = r;
                }
            }
            double conf = Math.min(1.0, 0.5 + sum / n / 510.0);
            out.add(new Detection(new Box((double) start / bins, (double) first / rows, (double) (end + 1) / bins,
                    (double) (last + 1) / rows), 0, "signal", conf));
        }
        return out;
    }

    @Override
    public void close() {
        closed = true;
    }
}
