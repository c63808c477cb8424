package dev.g20.synth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes NumPy .npy files (format version 1.0): little-endian float32 arrays, or model-input
 * tensors in [0, 1] stored as uint8 in steps of 1/255 (a quarter of the bytes; the step is 0.24 dB
 * of a 60 dB display range, far below the spectrogram's own noise).
 */
public final class Npy {
    /** How a [0, 1] model-input tensor is stored: float32 as inference sees it, or uint8 in steps of 1/255. */
    public enum Dtype {
        FLOAT32("float32", 4), UINT8("uint8", 1);

        private final String label;
        private final int bytes;

        Dtype(String label, int bytes) {
            this.label = label;
            this.bytes = bytes;
        }

        /** The NumPy dtype name. */
        public String label() {
            return label;
        }

        /** Bytes per value on disk. */
        public int bytes() {
            return bytes;
        }

        /** "float32"/"f32" or "uint8"/"u8" (any case); IllegalArgumentException names the value otherwise. */
        public static Dtype parse(String text) {
            return switch (text.toLowerCase(java.util.Locale.ROOT)) {
                case "float32", "f32" -> FLOAT32;
                case "uint8", "u8" -> UINT8;
                default -> throw new IllegalArgumentException("must be float32 or uint8, got '" + text + "'");
            };
        }
    }

    private Npy() {
    }

    /** The .npy header for a C-order float32 array of {@code shape}: magic, version, length, dict, padded to 64 bytes. */
    public static byte[] header(int... shape) {
        return header("<f4", shape);
    }

    /** The .npy header for a C-order array of dtype {@code descr} (e.g. {@code <f4}, {@code |u1}). */
    public static byte[] header(String descr, int... shape) {
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < shape.length; i++) dims.append(i > 0 ? ", " : "").append(shape[i]);
        if (shape.length == 1) dims.append(',');
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        int unpadded = 10 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String text = dict + " ".repeat(pad) + "\n";
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(10 + t.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) t.length);
        b.put(t);
        return b.array();
    }

    /**
     * Writes {@code data} (length = product of shape) to {@code file}.
     *
     * @param scratch reusable buffer of at least 4 x data.length bytes (null to allocate)
     */
    public static void write(Path file, float[] data, ByteBuffer scratch, int... shape) throws IOException {
        long n = 1;
        for (int d : shape) n *= d;
        if (n != data.length) throw new IllegalArgumentException("shape does not match data length");
        ByteBuffer buf = scratch != null && scratch.capacity() >= 4 * data.length ? scratch : ByteBuffer.allocate(4 * data.length);
        buf.clear();
        buf.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(data);
        buf.limit(4 * data.length);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer h = ByteBuffer.wrap(header(shape));
            while (h.hasRemaining()) ch.write(h);
            while (buf.hasRemaining()) ch.write(buf);
        }
    }

    /**
     * Writes a [0, 1] tensor as {@code dtype}.
     *
     * @param scratch reusable buffer of at least dtype.bytes() x data.length bytes (null to allocate)
     */
    public static void write(Path file, float[] data, ByteBuffer scratch, Dtype dtype, int... shape) throws IOException {
        if (dtype == Dtype.UINT8) writeUnitBytes(file, data, scratch, shape);
        else write(file, data, scratch, shape);
    }

    /** Quantises a [0, 1] tensor to uint8: round(v * 255), values outside [0, 1] clipped. */
    public static byte toUnitByte(float v) {
        float q = v * 255f + 0.5f;
        return (byte) (q <= 0 ? 0 : q >= 255 ? 255 : (int) q);
    }

    /**
     * Writes a [0, 1] tensor as uint8 ({@link #toUnitByte}); readers divide by 255.
     *
     * @param scratch reusable buffer of at least data.length bytes (null to allocate)
     */
    public static void writeUnitBytes(Path file, float[] data, ByteBuffer scratch, int... shape) throws IOException {
        long n = 1;
        for (int d : shape) n *= d;
        if (n != data.length) throw new IllegalArgumentException("shape does not match data length");
        ByteBuffer buf = scratch != null && scratch.capacity() >= data.length ? scratch : ByteBuffer.allocate(data.length);
        buf.clear();
        for (float v : data) buf.put(toUnitByte(v));
        buf.flip();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer h = ByteBuffer.wrap(header("|u1", shape));
            while (h.hasRemaining()) ch.write(h);
            while (buf.hasRemaining()) ch.write(buf);
        }
    }
}
