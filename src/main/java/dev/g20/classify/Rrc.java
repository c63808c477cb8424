package dev.g20.classify;

/** The root-raised-cosine pulse, for the matched filter. */
final class Rrc {
    private Rrc() {
    }

    /** RRC impulse response at t symbols, roll-off a (peak 1 - a + 4a/pi at t = 0). */
    static double pulse(double t, double a) {
        double at = Math.abs(t);
        if (at < 1e-9) return 1 - a + 4 * a / Math.PI;
        if (Math.abs(at - 1 / (4 * a)) < 1e-9) {
            return a / Math.sqrt(2) * ((1 + 2 / Math.PI) * Math.sin(Math.PI / (4 * a)) + (1 - 2 / Math.PI) * Math.cos(Math.PI / (4 * a)));
        }
        double num = Math.sin(Math.PI * t * (1 - a)) + 4 * a * t * Math.cos(Math.PI * t * (1 + a));
        double den = Math.PI * t * (1 - (4 * a * t) * (4 * a * t));
        return num / den;
    }
}
