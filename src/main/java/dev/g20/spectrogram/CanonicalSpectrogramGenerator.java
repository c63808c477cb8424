package dev.g20.spectrogram;

import dev.g20.config.SpectrogramConfig;
import dev.g20.source.SourceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Turns a stream of IQ samples into canonical {@link SpectrogramFrame}s of rows_per_frame STFT
 * rows. Samples are gathered into one frame buffer; rows are computed when a frame's samples are
 * complete, then the overlap tail is kept for the next frame. Frame ids and timestamps depend only
 * on the sample stream, so replaying a recording yields the same frames.
 */
public final class CanonicalSpectrogramGenerator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CanonicalSpectrogramGenerator.class);

    private final Consumer<SpectrogramFrame> sink;
    private final Function<SpectrogramConfig, StftBackend> backendFactory;
    private final SourceInfo source;

    private SpectrogramConfig config;
    private String configHash;
    private StftBackend backend;
    private Colormap colormap;
    private float[] frameSamples;
    private int filled;
    private long nextFrameId;
    private long bufferStartSample;
    /** Samples at the start of the buffer that rows already emitted have covered. */
    private int covered;

    public CanonicalSpectrogramGenerator(SpectrogramConfig config, SourceInfo source, Consumer<SpectrogramFrame> sink) {
        this(config, source, sink, StftBackends::create);
    }

    public CanonicalSpectrogramGenerator(SpectrogramConfig config, SourceInfo source, Consumer<SpectrogramFrame> sink,
                                         Function<SpectrogramConfig, StftBackend> backendFactory) {
        this.sink = sink;
        this.source = source;
        this.backendFactory = backendFactory;
        apply(config);
    }

    private void apply(SpectrogramConfig c) {
        if (backend != null) backend.close();
        config = c;
        configHash = c.hash();
        backend = backendFactory.apply(c);
        colormap = Colormap.of(c.colormap());
        frameSamples = new float[2 * samplesPerFrame(c)];
        filled = 0;
        covered = 0;
    }

    /** Samples one frame's rows read: (rows - 1) * hop + fft_size. */
    public static int samplesPerFrame(SpectrogramConfig c) {
        return (c.rowsPerFrame() - 1) * c.hop() + c.fftSize();
    }

    public SpectrogramConfig config() {
        return config;
    }

    public String configHash() {
        return configHash;
    }

    public String backendName() {
        return backend.name();
    }

    /** Frames emitted so far (also the id of the next frame). */
    public long framesEmitted() {
        return nextFrameId;
    }

    /**
     * Switches to a new config: logs a warning with both hashes and drops the partial frame, so no
     * frame ever mixes two configs. Frame ids keep counting up.
     */
    public void reconfigure(SpectrogramConfig next) {
        if (next.equals(config)) return;
        LOG.warn("spectrogram config changed: hash {} -> {}; generator reset, {} buffered samples dropped",
                configHash, next.hash(), filled);
        bufferStartSample += filled;
        apply(next);
    }

    /**
     * Marks a gap of {@code samples} lost upstream (a live source that overran): drops the partial
     * frame so that no frame spans the gap, and advances the sample clock so timestamps stay true.
     */
    public void skip(long samples) {
        if (samples <= 0) return;
        bufferStartSample += filled + samples;
        filled = 0;
        covered = 0;
    }

    /** Feeds {@code samples} interleaved complex samples; emits every frame they complete. */
    public void accept(float[] iq, int samples) {
        int offset = 0;
        while (offset < samples) {
            int capacity = frameSamples.length / 2;
            int take = Math.min(samples - offset, capacity - filled);
            System.arraycopy(iq, 2 * offset, frameSamples, 2 * filled, 2 * take);
            filled += take;
            offset += take;
            if (filled == capacity) emitFrame();
        }
    }

    /**
     * The end of the stream: emits the buffered samples that no emitted row has covered yet as one
     * last frame (a recording shorter than one frame, or the trailing partial frame of any). Its
     * samples past the end are zeros and its {@link SpectrogramFrame#validRows()} says how many
     * rows are real: the rows with at least half of their window inside the recording (at least
     * one). Does nothing when every sample is already in an emitted row.
     *
     * @return true when a frame was emitted
     */
    public boolean flush() {
        if (filled <= covered) return false;
        int n = config.fftSize(), hop = config.hop();
        int valid = filled >= n / 2 ? (filled - n / 2) / hop + 1 : 1;
        valid = Math.clamp(valid, 1, config.rowsPerFrame());
        java.util.Arrays.fill(frameSamples, 2 * filled, frameSamples.length, 0f);
        emit(valid);
        filled = 0;
        covered = 0;
        return true;
    }

    private void emitFrame() {
        emit(config.rowsPerFrame());
        // keep the samples the next frame's first rows still need
        int advance = config.rowsPerFrame() * config.hop();
        int keep = filled - advance;
        System.arraycopy(frameSamples, 2 * advance, frameSamples, 0, 2 * keep);
        filled = keep;
        covered = keep;
        bufferStartSample += advance;
    }

    private void emit(int validRows) {
        int rows = config.rowsPerFrame();
        int bins = config.fftSize();
        float[] psd = new float[rows * bins];
        byte[] levels = new byte[rows * bins];
        backend.computeRows(frameSamples, rows, psd, levels);
        byte[] rgba = new byte[rows * bins * 4];
        colormap.toRgba(levels, 0, levels.length, rgba, 0);
        SpectrogramFrame frame = new SpectrogramFrame(nextFrameId++, source.timestampNs(bufferStartSample), configHash,
                source.centerFreqHz(), source.sampleRateHz(), bufferStartSample, config.hop(), rows, bins, psd, levels, rgba, validRows);
        sink.accept(frame);
    }

    @Override
    public void close() {
        backend.close();
    }
}
