package dev.g20.testing;

import dev.g20.detect.Detection;
import dev.g20.detect.Detector;
import dev.g20.detect.EnergyDetector;
import dev.g20.spectrogram.SpectrogramFrame;

import java.util.List;

/** The real energy detector, made slower by a fixed sleep per frame, counting its frames and remembering being closed. */
public final class SlowDetector implements Detector {
    private final EnergyDetector inner = new EnergyDetector();
    private final long sleepMillis;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();

    public SlowDetector(long sleepMillis) {
        this.sleepMillis = sleepMillis;
    }

    /** Frames detected so far. */
    public long calls() {
        return calls.get();
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public String name() {
        return "slow-energy";
    }

    @Override
    public List<String> classNames() {
        return inner.classNames();
    }

    @Override
    public List<Detection> detect(SpectrogramFrame frame) {
        calls.incrementAndGet();
        if (sleepMillis > 0) {
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return inner.detect(frame);
    }

    @Override
    public void close() {
        closed = true;
        inner.close();
    }
}
