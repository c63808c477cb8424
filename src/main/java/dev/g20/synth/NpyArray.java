package dev.g20.synth;

import dev.g20.source.SourceException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NumPy .npy array read as float32 (format versions 1-3; dtypes float32, float64, float16 and
 * uint8, little-endian, C order): the dataset's model-input tensors and calibration inputs.
 */
public record NpyArray(long[] shape, float[] data) {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** Reads {@code file} as stored (uint8 values stay 0-255); errors name the file (a user error). */
    public static NpyArray read(Path file) {
        return read(file, false);
    }

    /**
     * Reads a model-input tensor: as {@link #read}, except that uint8 data is a [0, 1] tensor in
     * steps of 1/255 ({@code g20 dataset --dtype uint8}) and comes back divided by 255.
     */
    public static NpyArray readTensor(Path file) {
        return read(file, true);
    }

    private static NpyArray read(Path file, boolean unitBytes) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SourceException(file + ": file not found");
        } catch (IOException e) {
            throw new SourceException(file + ": cannot read (" + e.getMessage() + ")");
        }
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if (all.length < 10 || (all[0] & 0xff) != 0x93 || !new String(all, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY"))
            throw new SourceException(file + ": not a .npy file");
        int major = all[6];
        int headerLen, start;
        if (major == 1) {
            headerLen = b.getShort(8) & 0xffff;
            start = 10;
        } else if (major == 2 || major == 3) {
            headerLen = b.getInt(8);
            start = 12;
        } else {
            throw new SourceException(file + ": unsupported .npy version " + major);
        }
        if (start + headerLen > all.length) throw new SourceException(file + ": truncated .npy header");
        String header = new String(all, start, headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header), f = FORTRAN.matcher(header), s = SHAPE.matcher(header);
        if (!d.find() || !s.find()) throw new SourceException(file + ": .npy header lacks descr or shape");
        if (f.find() && f.group(1).equals("True")) throw new SourceException(file + ": Fortran-order arrays are not supported");
        String[] parts = s.group(1).split(",");
        int dims = 0;
        for (String p : parts) if (!p.isBlank()) dims++;
        long[] shape = new long[dims];
        long count = 1;
        int k = 0;
        for (String p : parts) {
            if (p.isBlank()) continue;
            shape[k] = Long.parseLong(p.strip());
            count *= shape[k++];
        }
        String descr = d.group(1);
        int size = switch (descr) {
            case "<f4" -> 4;
            case "<f8" -> 8;
            case "<f2" -> 2;
            case "|u1", "<u1" -> 1;
            default -> throw new SourceException(file + ": unsupported dtype '" + descr + "' (expected <f4, <f8, <f2 or |u1)");
        };
        int data = start + headerLen;
        if (count > Integer.MAX_VALUE || data + count * size > all.length)
            throw new SourceException(file + ": truncated .npy data (shape says " + count + " values)");
        float[] out = new float[(int) count];
        for (int i = 0; i < out.length; i++) {
            int o = data + i * size;
            out[i] = switch (size) {
                case 4 -> b.getFloat(o);
                case 8 -> (float) b.getDouble(o);
                case 2 -> Float.float16ToFloat(b.getShort(o));
                default -> unitBytes ? (all[o] & 0xff) / 255f : all[o] & 0xff;
            };
        }
        return new NpyArray(shape, out);
    }
}
