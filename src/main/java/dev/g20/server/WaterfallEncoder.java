package dev.g20.server;

import dev.g20.spectrogram.SpectrogramFrame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Encodes a frame's rows as the binary waterfall messages of docs/protocol.md: a fixed
 * {@value #HEADER_BYTES}-byte little-endian header, then one 0-255 level per display bin.
 *
 * <p>For the browser the frame is reduced by max-hold (so a narrow strong signal never vanishes)
 * to at most {@code maxBins} bins and to a display row rate of at most {@code maxRowRate} rows per
 * second of signal time. Each display row covers a whole number of source rows of one frame, so
 * boxes in a frame's canonical space map exactly onto that frame's display rows.
 */
public final class WaterfallEncoder {
    /** ASCII "G20W". */
    public static final int MAGIC = 0x57303247;
    public static final int VERSION = 1;
    public static final int HEADER_BYTES = 72;

    private final int maxBins;
    private final double maxRowRate;

    public WaterfallEncoder(int maxBins, double maxRowRate) {
        if (maxBins < 16) throw new IllegalArgumentException("maxBins must be >= 16");
        if (!(maxRowRate > 0)) throw new IllegalArgumentException("maxRowRate must be > 0");
        this.maxBins = maxBins;
        this.maxRowRate = maxRowRate;
    }

    /** One frame's display rows, back to back, {@code rowBytes} each. */
    public record Encoded(long frameId, int rows, int rowBytes, byte[] data) {
    }

    /** Display rows for a frame: rows scaled to the row-rate cap, at least 1. */
    public int displayRows(SpectrogramFrame f) {
        double rowRate = f.sampleRateHz() / f.hop();
        long d = Math.round(f.rows() * maxRowRate / rowRate);
        return (int) Math.clamp(d, 1, f.rows());
    }

    public int displayBins(SpectrogramFrame f) {
        return Math.min(f.bins(), maxBins);
    }

    /** Encodes a frame: one allocation (the message bytes), no per-row objects. */
    public Encoded encode(SpectrogramFrame f) {
        int rows = f.rows(), bins = f.bins();
        int outRows = displayRows(f), outBins = displayBins(f);
        int rowBytes = HEADER_BYTES + outBins;
        byte[] data = new byte[outRows * rowBytes];
        ByteBuffer bb = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        byte[] hash = new byte[16];
        byte[] h = f.configHash().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(h, 0, hash, 0, Math.min(16, h.length));
        byte[] levels = f.levels();
        for (int r = 0; r < outRows; r++) {
            int r0 = (int) ((long) r * rows / outRows), r1 = (int) ((long) (r + 1) * rows / outRows);
            int base = r * rowBytes;
            bb.position(base);
            bb.putInt(MAGIC).putShort((short) VERSION).putShort((short) HEADER_BYTES)
                    .putLong(f.frameId())
                    .putLong(f.timestampNs() + Math.round((double) r0 * f.hop() * 1e9 / f.sampleRateHz()))
                    .putDouble(f.centerFreqHz()).putDouble(f.sampleRateHz())
                    .put(hash)
                    .putInt(r).putInt(outRows).putInt(outBins).putInt(bins);
            int out = base + HEADER_BYTES;
            for (int sr = r0; sr < r1; sr++) {
                int src = sr * bins;
                if (outBins == bins) {
                    for (int b = 0; b < bins; b++) {
                        int v = levels[src + b] & 0xff;
                        if (v > (data[out + b] & 0xff)) data[out + b] = (byte) v;
                    }
                } else {
                    for (int j = 0; j < outBins; j++) {
                        int b0 = (int) ((long) j * bins / outBins), b1 = (int) ((long) (j + 1) * bins / outBins);
                        int m = data[out + j] & 0xff;
                        for (int b = b0; b < b1; b++) {
                            int v = levels[src + b] & 0xff;
                            if (v > m) m = v;
                        }
                        data[out + j] = (byte) m;
                    }
                }
            }
        }
        return new Encoded(f.frameId(), outRows, rowBytes, data);
    }
}
