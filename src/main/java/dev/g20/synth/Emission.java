package dev.g20.synth;

/**
 * One on-period of an emitter, in samples from the scene start: [start, end). {@code start}
 * may be negative (under way when the scene starts). {@code hopOffsetHz} is added to the
 * emitter's centre (hoppers).
 */
record Emission(long start, long end, double hopOffsetHz) {
    long length() {
        return end - start;
    }
}
