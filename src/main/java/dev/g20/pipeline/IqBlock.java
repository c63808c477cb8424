package dev.g20.pipeline;

/**
 * A reusable buffer of interleaved IQ handed from the source to the spectrogram stage, with the
 * time it arrived (for end-to-end latency) and the samples dropped just before it.
 */
final class IqBlock {
    static final IqBlock END = new IqBlock(0);
    final float[] iq;
    int samples;
    long gapBefore;
    long arrivalNanos;

    IqBlock(int capacity) {
        iq = new float[2 * capacity];
    }
}
