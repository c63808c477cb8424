package dev.g20.synth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Writes little-endian float32 arrays as NumPy .npy files (format version 1.0). */
public final class Npy {
    private Npy() {
    }

    /** The .npy header for a C-order float32 array of {@code shape}: magic, version, length, dict, padded to 64 bytes. */
    public static byte[] header(int... shape) {
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < shape.length; i++) dims.append(i > 0 ? ", " : "").append(shape[i]);
        if (shape.length == 1) dims.append(',');
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
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
}
