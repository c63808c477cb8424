package dev.g20.source;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/** Complex sample encodings: SigMF datatype names, and what they decode to (full scale 1.0). */
public enum SampleFormat {
    CF32_LE("cf32_le", 8),
    CI16_LE("ci16_le", 4),
    CI8("ci8", 2),
    CU8("cu8", 2);

    private final String sigmf;
    private final int bytesPerSample;

    SampleFormat(String sigmf, int bytesPerSample) {
        this.sigmf = sigmf;
        this.bytesPerSample = bytesPerSample;
    }

    public String sigmfName() {
        return sigmf;
    }

    /** Bytes in one complex sample (I and Q). */
    public int bytesPerSample() {
        return bytesPerSample;
    }

    public static SampleFormat fromSigmf(String datatype, String where) {
        for (SampleFormat f : values()) if (f.sigmf.equals(datatype)) return f;
        throw new SourceException(where + ": unsupported datatype '" + datatype + "' (supported: cf32_le, ci16_le, ci8, cu8)");
    }

    /** Also accepts the raw-file names cf32, cs16, cs8 and cu8 (and file extensions). */
    public static SampleFormat fromName(String name, String where) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "cf32", "cf32_le", "fc32" -> CF32_LE;
            case "cs16", "ci16", "ci16_le", "sc16" -> CI16_LE;
            case "cs8", "ci8", "sc8" -> CI8;
            case "cu8" -> CU8;
            default -> throw new SourceException(where + ": unknown sample format '" + name + "' (expected cf32, cs16, cs8 or cu8)");
        };
    }

    /** Decodes {@code samples} complex samples from {@code src} (little-endian) into interleaved floats. */
    public void decode(ByteBuffer src, float[] dst, int samples) {
        src.order(ByteOrder.LITTLE_ENDIAN);
        int n = samples * 2;
        switch (this) {
            case CF32_LE -> {
                for (int i = 0; i < n; i++) dst[i] = src.getFloat();
            }
            case CI16_LE -> {
                for (int i = 0; i < n; i++) dst[i] = src.getShort() * (1f / 32768f);
            }
            case CI8 -> {
                for (int i = 0; i < n; i++) dst[i] = src.get() * (1f / 128f);
            }
            case CU8 -> {
                for (int i = 0; i < n; i++) dst[i] = ((src.get() & 0xff) - 127.5f) * (1f / 127.5f);
            }
        }
    }

    /** Encodes interleaved floats (full scale 1.0, clipped) into {@code dst} (little-endian). */
    public void encode(float[] src, int samples, ByteBuffer dst) {
        dst.order(ByteOrder.LITTLE_ENDIAN);
        int n = samples * 2;
        switch (this) {
            case CF32_LE -> {
                for (int i = 0; i < n; i++) dst.putFloat(src[i]);
            }
            case CI16_LE -> {
                for (int i = 0; i < n; i++) dst.putShort((short) Math.max(-32768, Math.min(32767, Math.round(src[i] * 32768f))));
            }
            case CI8 -> {
                for (int i = 0; i < n; i++) dst.put((byte) Math.max(-128, Math.min(127, Math.round(src[i] * 128f))));
            }
            case CU8 -> {
                for (int i = 0; i < n; i++) dst.put((byte) Math.max(0, Math.min(255, Math.round(src[i] * 127.5f + 127.5f))));
            }
        }
    }
}
