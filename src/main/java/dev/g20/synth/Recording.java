package dev.g20.synth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.g20.source.SampleFormat;
import dev.g20.source.SigMf;
import dev.g20.source.SigMfAnnotation;
import dev.g20.source.SourceException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.LongConsumer;

/** Writes a bounded synthetic source to a SigMF recording (streaming, constant memory) with its ground truth. */
public final class Recording {
    private static final int CHUNK = 1 << 16;

    /**
     * What was written.
     *
     * @param clippedValues I or Q values at or beyond full scale (clipped by an integer datatype)
     * @param peak          largest |I| or |Q|
     */
    public record Summary(Path meta, Path data, long samples, List<SigMfAnnotation> annotations, long clippedValues, double peak) {
    }

    private Recording() {
    }

    /**
     * Writes {@code source} (must be bounded) to {@code meta} and its .sigmf-data sibling.
     *
     * @param globals  extra keys for the SigMF global object (e.g. g20:scenario)
     * @param progress called with the samples written after each chunk
     */
    public static Summary write(SyntheticSource source, SampleFormat format, Path meta, ObjectNode globals, LongConsumer progress) {
        if (source.info().totalSamples() < 0) throw new IllegalArgumentException("recording needs a bounded source");
        Path data = SigMf.dataFileFor(meta);
        ByteBuffer buf = ByteBuffer.allocate(CHUNK * format.bytesPerSample());
        long samples = 0;
        long clipped = 0;
        float peak = 0;
        boolean integer = format != SampleFormat.CF32_LE;
        // generation runs up to two chunks ahead on its own thread, so encoding and disk writes overlap it
        record Chunk(float[] iq, int n, RuntimeException error) {
        }
        BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(2);
        BlockingQueue<float[]> free = new ArrayBlockingQueue<>(3);
        for (int i = 0; i < 3; i++) free.add(new float[2 * CHUNK]);
        Thread producer = Thread.ofPlatform().name("synth-generator").daemon().start(() -> {
            try {
                int n;
                do {
                    float[] b = free.take();
                    try {
                        n = source.read(b, CHUNK);
                    } catch (RuntimeException e) {
                        filled.put(new Chunk(b, -1, e));
                        return;
                    }
                    filled.put(new Chunk(b, n, null));
                } while (n > 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (true) {
                Chunk c = filled.take();
                if (c.error() != null) throw c.error();
                int n = c.n();
                if (n <= 0) break;
                float[] iq = c.iq();
                for (int i = 0; i < 2 * n; i++) {
                    float a = Math.abs(iq[i]);
                    if (a > peak) peak = a;
                    if (integer && a >= 1f) clipped++;
                }
                buf.clear();
                format.encode(iq, n, buf);
                free.put(iq);
                buf.flip();
                while (buf.hasRemaining()) ch.write(buf);
                samples += n;
                progress.accept(samples);
            }
        } catch (IOException e) {
            throw new SourceException(data + ": cannot write (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing " + data);
        } finally {
            producer.interrupt();
        }
        try {
            producer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        var info = source.info();
        ObjectNode root = SigMf.newMeta(format, info.sampleRateHz(), info.centerFreqHz(), info.startTimeNs(), info.description());
        if (globals != null) ((ObjectNode) root.get("global")).setAll(globals);
        List<SigMfAnnotation> anns = source.annotations();
        SigMf.writeMeta(meta, root, anns);
        return new Summary(meta, data, samples, anns, clipped, peak);
    }
}
