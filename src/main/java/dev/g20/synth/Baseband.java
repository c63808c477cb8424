package dev.g20.synth;

/** A stateful generator of one waveform's unit-power complex baseband, sample after sample. */
interface Baseband {

    /**
     * Called before the first sample of each emission.
     *
     * @param length  samples in the whole emission
     * @param elapsed samples of it already gone (non-zero when it began before the scene)
     */
    default void begin(long length, long elapsed) {
    }

    /** Writes the next {@code n} samples to {@code re[0..n)} and {@code im[0..n)}. */
    void generate(float[] re, float[] im, int n);
}
