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

    /** The next {@link #generate} call's first sample falls at scene sample {@code sceneSample}. */
    default void position(long sceneSample) {
    }

    /** When speech is audible, for voice waveforms (whose pauses show a bare carrier); null for the others. */
    default AudibleRuns audibleRuns() {
        return null;
    }

    /** Writes the next {@code n} samples to {@code re[0..n)} and {@code im[0..n)}. */
    void generate(float[] re, float[] im, int n);
}
