package dev.g20.synth;

/**
 * An emitter's centre frequency over time: starts at {@code offsetHz} and moves linearly at
 * {@code rateHzPerS}, reflecting off [loHz, hiHz] (so an unbounded scene never drifts out of
 * band). A zero rate is a fixed carrier.
 */
record Drift(double offsetHz, double rateHzPerS, double loHz, double hiHz, double fs) {

    Drift {
        if (rateHzPerS != 0 && !(hiHz > loHz && offsetHz >= loHz && offsetHz <= hiHz))
            throw new IllegalArgumentException("drift limits must contain the start offset");
    }

    static Drift fixed(double offsetHz, double fs) {
        return new Drift(offsetHz, 0, offsetHz, offsetHz, fs);
    }

    boolean moving() {
        return rateHzPerS != 0;
    }

    /** Position along the unfolded path, in Hz from loHz. */
    private double unfolded(long n) {
        return offsetHz - loHz + rateHzPerS * (n / fs);
    }

    /** Centre offset (Hz from the tuned centre) at sample {@code n}. */
    double at(long n) {
        if (!moving()) return offsetHz;
        double span = hiHz - loHz;
        double p = unfolded(n) % (2 * span);
        if (p < 0) p += 2 * span;
        return loHz + (p <= span ? p : 2 * span - p);
    }

    /** Frequency slope at sample {@code n} in Hz/s (sign flips at each reflection). */
    double slopeAt(long n) {
        if (!moving()) return 0;
        double span = hiHz - loHz;
        double p = unfolded(n) % (2 * span);
        if (p < 0) p += 2 * span;
        return p < span ? rateHzPerS : -rateHzPerS;
    }

    /** First sample after {@code n} at which the drift reflects; {@link Schedule#NEVER} if fixed. */
    long nextTurn(long n) {
        if (!moving()) return Schedule.NEVER;
        double span = hiHz - loHz;
        double u = unfolded(n);
        double k = rateHzPerS > 0 ? Math.floor(u / span) + 1 : Math.ceil(u / span) - 1;
        double t = (k * span - (offsetHz - loHz)) / rateHzPerS;
        long s = (long) Math.ceil(t * fs);
        return Math.max(s, n + 1);
    }

    /** [min, max] of the centre over samples [a, b). */
    double[] range(long a, long b) {
        double f1 = at(a), f2 = at(Math.max(a, b - 1));
        double lo = Math.min(f1, f2), hi = Math.max(f1, f2);
        if (moving()) {
            long t = nextTurn(a);
            int guard = 0;
            while (t < b && guard++ < 4) {
                // a reflection inside the interval reaches one of the limits
                double f = at(t);
                if (Math.abs(f - loHz) < Math.abs(f - hiHz)) lo = loHz;
                else hi = hiHz;
                t = nextTurn(t);
            }
        }
        return new double[]{lo, hi};
    }
}
