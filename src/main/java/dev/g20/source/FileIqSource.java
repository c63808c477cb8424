package dev.g20.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Streams samples of one format from a file with a fixed buffer: constant memory for any size. */
public final class FileIqSource implements IqSource {
    private static final int CHUNK_BYTES = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private final SampleFormat format;
    private final SourceInfo info;
    private final ByteBuffer buffer;
    private long remaining;

    public FileIqSource(Path file, SampleFormat format, double sampleRateHz, double centerFreqHz, long startTimeNs, String description) {
        this(file, format, sampleRateHz, centerFreqHz, startTimeNs, description, 0);
    }

    /** @param firstSample complex sample to start at (e.g. a SigMF capture's core:sample_start) */
    public FileIqSource(Path file, SampleFormat format, double sampleRateHz, double centerFreqHz, long startTimeNs,
                        String description, long firstSample) {
        this.file = file;
        this.format = format;
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
            long size = channel.size();
            if (size % format.bytesPerSample() != 0) {
                channel.close();
                throw new SourceException(file + ": truncated data: " + size + " bytes is not a whole number of "
                        + format.sigmfName() + " samples (" + format.bytesPerSample() + " bytes each)");
            }
            long total = size / format.bytesPerSample();
            if (firstSample > total) {
                channel.close();
                throw new SourceException(file + ": sample_start " + firstSample + " is past the end (" + total + " samples)");
            }
            channel.position(firstSample * format.bytesPerSample());
            this.remaining = total - firstSample;
            this.info = new SourceInfo(sampleRateHz, centerFreqHz, startTimeNs, remaining, description);
        } catch (NoSuchFileException e) {
            throw new SourceException(file + ": data file not found");
        } catch (IOException e) {
            throw new SourceException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        this.buffer = ByteBuffer.allocateDirect(CHUNK_BYTES - CHUNK_BYTES % format.bytesPerSample());
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    @Override
    public int read(float[] iq, int maxSamples) {
        if (remaining <= 0) return -1;
        int want = (int) Math.min(Math.min(maxSamples, remaining), buffer.capacity() / format.bytesPerSample());
        buffer.clear().limit(want * format.bytesPerSample());
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer) < 0) throw new SourceException(file + ": data ended early (file shrank while reading)");
            }
        } catch (IOException e) {
            throw new SourceException(file + ": read failed (" + e.getMessage() + ")", e);
        }
        buffer.flip();
        format.decode(buffer, iq, want);
        remaining -= want;
        return want;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a read-only file: nothing to lose
        }
    }
}
