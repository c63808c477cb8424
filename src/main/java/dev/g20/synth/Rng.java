package dev.g20.synth;

/**
 * xoshiro256** pseudo-random generator: fast, small state, and identical on every JVM, so a
 * scene is a pure function of its seed. Child streams are derived with {@link #derive} so that
 * adding draws to one emitter never shifts another's.
 */
public final class Rng {
    private long s0;
    private long s1;
    private long s2;
    private long s3;

    public Rng(long seed) {
        long x = seed;
        s0 = splitMix(x += 0x9E3779B97F4A7C15L);
        s1 = splitMix(x += 0x9E3779B97F4A7C15L);
        s2 = splitMix(x += 0x9E3779B97F4A7C15L);
        s3 = splitMix(x + 0x9E3779B97F4A7C15L);
    }

    /** A seed for an independent stream named by {@code (seed, stream)}. */
    public static long derive(long seed, long stream) {
        return splitMix(splitMix(seed) ^ (stream * 0xD1B54A32D192ED03L + 0x632BE59BD9B4E019L));
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [lo, hi). */
    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    /** Log-uniform in [lo, hi) (both > 0): scale parameters such as bandwidths and durations. */
    public double logUniform(double lo, double hi) {
        return lo * Math.exp(Math.log(hi / lo) * nextDouble());
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        return (int) (((nextLong() >>> 33) * bound) >>> 31);
    }

    /** Uniform in [lo, hi] (inclusive). */
    public int between(int lo, int hi) {
        return lo + nextInt(hi - lo + 1);
    }

    public boolean chance(double p) {
        return nextDouble() < p;
    }

    /** Standard normal, via the shared table (exact marginal to ±4.3 sigma). */
    public double gaussian() {
        return Tables.GAUSS[(int) (nextLong() >>> (64 - Tables.GAUSS_BITS))];
    }

    public <T> T pick(java.util.List<T> items) {
        return items.get(nextInt(items.size()));
    }
}
