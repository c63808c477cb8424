package dev.g20.synth;

import java.util.Arrays;

/**
 * The scene-sample intervals in which a voice emitter's speech is audible, so that its sidebands
 * show in a spectrogram; in between, a frame shows the bare carrier. Written by the baseband at
 * each on/off transition (a few per second), read by the annotation log.
 */
final class AudibleRuns {
    private long[] starts = new long[16];
    private long[] ends = new long[16];
    private int count;
    private boolean on;
    /** Scene sample at which the next generated sample falls. */
    private long cursor;

    /** The next generated sample falls at {@code sceneSample}; a jump (the gap between emissions) ends an audible run. */
    synchronized void position(long sceneSample) {
        if (on && sceneSample != cursor) {
            ends[count - 1] = cursor;
            on = false;
        }
        cursor = sceneSample;
    }

    /** Whether the speech was audible at the last generated sample. */
    synchronized boolean on() {
        return on;
    }

    /** Speech turns audible ({@code audible}) or silent at sample {@code offset} of the block being generated. */
    synchronized void turn(boolean audible, int offset) {
        long t = cursor + offset;
        if (audible == on) return;
        on = audible;
        if (!audible) {
            ends[count - 1] = t;
            return;
        }
        if (count > 0 && ends[count - 1] == t) { // resumes the run that just ended
            ends[count - 1] = Long.MAX_VALUE;
            return;
        }
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, 2 * count);
            ends = Arrays.copyOf(ends, 2 * count);
        }
        starts[count] = t;
        ends[count] = Long.MAX_VALUE;
        count++;
    }

    /** The block of {@code n} samples is done. */
    synchronized void advance(int n) {
        cursor += n;
    }

    /** Audible samples within [from, to) among those generated. */
    synchronized long audibleWithin(long from, long to) {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            long end = on && i == count - 1 ? cursor : ends[i];
            long a = Math.max(from, starts[i]), b = Math.min(to, end);
            if (b > a) sum += b - a;
        }
        return sum;
    }

    /** Forgets runs that ended before {@code sample} (bounds memory for endless live scenes). */
    synchronized void forgetBefore(long sample) {
        int keep = 0;
        for (int i = 0; i < count; i++) {
            boolean open = on && i == count - 1;
            if (!open && ends[i] <= sample) continue;
            starts[keep] = starts[i];
            ends[keep] = ends[i];
            keep++;
        }
        count = keep;
    }
}
