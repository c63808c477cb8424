package dev.g20.detect;

import dev.g20.spectrogram.SpectrogramFrame;
import dev.g20.synth.Npy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Frame sink that saves model inputs for INT8 calibration (seed Task 5.3): every {@code every}-th
 * frame goes through {@link InferenceInput#fill} (exactly the inference path) and is written as a
 * float32 [C, H, W] .npy file named {@code calib_NNNN.npy}. A {@link Quota} hands out the file
 * numbers, so several sources (one thread each) can fill one directory without clashes.
 */
public final class CalibrationCollector implements Consumer<SpectrogramFrame> {

    /** File numbers [first, first + count) for one or more collectors; reports each written file. */
    public static final class Quota {
        private final int first;
        private final int count;
        private final AtomicInteger claimed = new AtomicInteger();
        private final AtomicInteger written = new AtomicInteger();
        private final Runnable onWritten;

        public Quota(int first, int count, Runnable onWritten) {
            if (first < 0 || count < 0) throw new IllegalArgumentException("bad quota");
            this.first = first;
            this.count = count;
            this.onWritten = onWritten;
        }

        /** Next file number, or -1 once the quota is used up. */
        int claim() {
            int n = claimed.getAndIncrement();
            return n < count ? first + n : -1;
        }

        void done() {
            written.incrementAndGet();
            onWritten.run();
        }

        public boolean full() {
            return claimed.get() >= count;
        }

        public int written() {
            return written.get();
        }
    }

    private final InferenceInput input;
    private final Path dir;
    private final int every;
    private final Quota quota;
    private final float[] tensor;
    private final ByteBuffer scratch;
    private final int[] shape;
    private final Npy.Dtype dtype;
    private long frames;

    /** Float32 inputs. */
    public CalibrationCollector(InferenceInput input, Path dir, int every, Quota quota) {
        this(input, dir, every, quota, Npy.Dtype.FLOAT32);
    }

    /** @param dtype how the inputs are stored (as {@code dataset --dtype}) */
    public CalibrationCollector(InferenceInput input, Path dir, int every, Quota quota, Npy.Dtype dtype) {
        if (every < 1) throw new IllegalArgumentException("every must be >= 1");
        this.input = input;
        this.dir = dir;
        this.every = every;
        this.quota = quota;
        this.dtype = dtype;
        this.tensor = input.newTensor();
        this.scratch = ByteBuffer.allocate(dtype.bytes() * tensor.length);
        this.shape = new int[]{input.channels(), input.height(), input.width()};
    }

    @Override
    public void accept(SpectrogramFrame frame) {
        if (frames++ % every != 0) return;
        int n = quota.claim();
        if (n < 0) return;
        input.fill(frame, tensor);
        Path file = dir.resolve(String.format(Locale.ROOT, "calib_%04d.npy", n));
        try {
            Npy.write(file, tensor, scratch, dtype, shape);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        quota.done();
    }
}
