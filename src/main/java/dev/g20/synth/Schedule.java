package dev.g20.synth;

/** Turns a {@link Timing} into successive {@link Emission}s, drawn lazily from its own random stream. */
final class Schedule {
    /** Far enough in the future to mean "never" without overflow in sums. */
    static final long NEVER = Long.MAX_VALUE / 4;

    private final Timing timing;
    private final double fs;
    private final Rng rng;
    private long cursor;
    private boolean first = true;
    private int lastChannel = -1;
    /** Index of the current emission within its group ({@link Timing.Repeats}). */
    private int repeat;

    Schedule(Timing timing, double fs, long seed) {
        this.timing = timing;
        this.fs = fs;
        this.rng = new Rng(seed);
    }

    private long samples(double seconds) {
        return Math.max(1, Math.round(seconds * fs));
    }

    /** The next emission after the previous one; null when there are no more. */
    Emission next() {
        switch (timing) {
            case Timing.Continuous c -> {
                if (!first) return null;
                first = false;
                long start = Math.round(c.startS() * fs);
                long end = Double.isInfinite(c.stopS()) ? NEVER : Math.round(c.stopS() * fs);
                return new Emission(start, end, 0);
            }
            case Timing.Bursts b -> {
                long on = samples(rng.uniform(b.onMinS(), b.onMaxS()));
                long off = Math.round(rng.uniform(b.offMinS(), b.offMaxS()) * fs);
                long start;
                if (first) {
                    first = false;
                    // random phase in the on/off cycle: maybe already on at time 0
                    double duty = (double) on / (on + off);
                    start = rng.nextDouble() < duty ? -(long) (rng.nextDouble() * on) : (long) (rng.nextDouble() * off);
                } else {
                    start = cursor + off;
                }
                cursor = start + on;
                return new Emission(start, start + on, 0);
            }
            case Timing.Pulses p -> {
                long width = samples(p.widthS());
                double period = p.periodS() * fs;
                if (first) {
                    first = false;
                    cursor = -(long) (rng.nextDouble() * period);
                } else {
                    cursor += Math.round(period);
                }
                return new Emission(cursor, cursor + width, 0);
            }
            case Timing.Repeats rp -> {
                long on = samples(rp.onS());
                long gap = Math.round(rp.gapS() * fs);
                long start;
                if (first) {
                    first = false;
                    // a random point of one group and the idle after it: maybe mid-group at time 0
                    long period = on + gap;
                    long group = rp.count() * period;
                    long idle = Math.round(rng.uniform(rp.idleMinS(), rp.idleMaxS()) * fs);
                    long at = (long) (rng.nextDouble() * (group + idle));
                    if (at < group) {
                        repeat = (int) (at / period);
                        start = repeat * period - at;
                    } else {
                        repeat = 0;
                        start = group + idle - at;
                    }
                } else if (++repeat < rp.count()) {
                    start = cursor + gap;
                } else {
                    repeat = 0;
                    start = cursor + gap + Math.round(rng.uniform(rp.idleMinS(), rp.idleMaxS()) * fs);
                }
                cursor = start + on;
                return new Emission(start, start + on, 0);
            }
            case Timing.Hops h -> {
                long dwell = samples(h.dwellS());
                long on = Math.max(1, dwell - Math.round(h.guardS() * fs));
                if (first) {
                    first = false;
                    cursor = -(long) (rng.nextDouble() * dwell);
                } else {
                    cursor += dwell;
                }
                int c;
                do {
                    c = rng.nextInt(h.channels());
                } while (c == lastChannel);
                lastChannel = c;
                return new Emission(cursor, cursor + on, h.channelOffsetHz(c));
            }
        }
    }
}
