package dev.g20.spectrogram;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * dB of positive floats without Math.log10, which dominated the per-bin cost of the PSD. log2(x)
 * = exponent + log2(1 + f) where f in [0, 1) is the mantissa fraction and log2(1 + f) is a
 * degree-6 minimax-fitted polynomial: absolute error below 2.2e-6 in log2, i.e. below 1e-5 dB,
 * for every normal float (callers floor x at a tiny positive value first).
 *
 * <p>The bulk form {@link #db(MemorySegment, int[], float[], int, int)} is written so that C2
 * vectorises it: reading the float bits as ints through a MemorySegment view vectorises (where
 * Float.floatToRawIntBits in a loop does not), and the arithmetic is then plain int and float
 * arithmetic over arrays of different types.
 */
public final class FastLog {
    private static final float DB_PER_LOG2 = (float) (10 * Math.log10(2));
    private static final float INV_2_23 = 1f / (1 << 23);
    private static final float C1 = 1.442553162574768f;
    private static final float C2 = -0.718282163143158f;
    private static final float C3 = 0.4582720994949341f;
    private static final float C4 = -0.27954113483428955f;
    private static final float C5 = 0.12345457822084427f;
    private static final float C6 = -0.0264586191624403f;

    private FastLog() {
    }

    /** log2(x) for normal positive x. */
    public static float log2(float x) {
        return log2Bits(Float.floatToRawIntBits(x));
    }

    private static float log2Bits(int bits) {
        float e = (bits >>> 23) - 127;
        float f = (bits & 0x7fffff) * INV_2_23;
        return e + f * (C1 + f * (C2 + f * (C3 + f * (C4 + f * (C5 + f * C6)))));
    }

    /** 10 * log10(x). */
    public static float db(float x) {
        return log2(x) * DB_PER_LOG2;
    }

    /**
     * dB of {@code count} floats read through {@code floats} (a view of a float[]), written to
     * {@code out} from {@code outOffset}; {@code bits} is scratch of at least {@code count}.
     */
    public static void db(MemorySegment floats, int[] bits, float[] out, int outOffset, int count) {
        for (int i = 0; i < count; i++) bits[i] = floats.getAtIndex(ValueLayout.JAVA_INT, i);
        for (int i = 0; i < count; i++) {
            int b = bits[i];
            float e = (b >>> 23) - 127;
            float f = (b & 0x7fffff) * INV_2_23;
            out[outOffset + i] = (e + f * (C1 + f * (C2 + f * (C3 + f * (C4 + f * (C5 + f * C6)))))) * DB_PER_LOG2;
        }
    }

    private static final float LOG2_PER_DB = (float) (Math.log(10) / Math.log(2) / 10);
    private static final int EXP_TABLE_BITS = 10;
    private static final float[] EXP2_FRACTION = new float[(1 << EXP_TABLE_BITS) + 1];

    static {
        for (int i = 0; i <= 1 << EXP_TABLE_BITS; i++) EXP2_FRACTION[i] = (float) Math.pow(2, (double) i / (1 << EXP_TABLE_BITS));
    }

    /**
     * 10^(db/10): linear power of a dB value, by 2^x = 2^floor(x) * table(fraction) with linear
     * interpolation (relative error below 1e-6). Values below -300 dB return 0.
     */
    public static float power(float db) {
        float x = db * LOG2_PER_DB;
        if (x < -126) return 0f;
        if (x > 127) return Float.MAX_VALUE;
        int e = (int) Math.floor(x);
        float f = (x - e) * (1 << EXP_TABLE_BITS);
        int i = (int) f;
        float lo = EXP2_FRACTION[i];
        float m = lo + (EXP2_FRACTION[Math.min(i + 1, 1 << EXP_TABLE_BITS)] - lo) * (f - i);
        return m * Float.intBitsToFloat((e + 127) << 23);
    }
}
