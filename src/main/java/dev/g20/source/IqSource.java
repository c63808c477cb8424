package dev.g20.source;

/** A stream of complex baseband samples: a recording, a live radio, a synthetic scene. */
public interface IqSource extends AutoCloseable {

    SourceInfo info();

    /** True for a radio (rtl_tcp): it delivers in real time by itself and is never paced. */
    default boolean live() {
        return info().live();
    }

    /**
     * Reads up to {@code maxSamples} complex samples into {@code iq} as interleaved I, Q floats
     * (full scale = 1.0) starting at index 0. Blocks until at least one sample is available.
     *
     * @return samples read, or -1 at the end of the source
     */
    int read(float[] iq, int maxSamples);

    @Override
    void close();
}
