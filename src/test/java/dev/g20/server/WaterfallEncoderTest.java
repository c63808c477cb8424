package dev.g20.server;

import dev.g20.spectrogram.SpectrogramFrame;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class WaterfallEncoderTest {

    static SpectrogramFrame frame(int rows, int bins, double fs, int hop, long seed) {
        byte[] levels = new byte[rows * bins];
        new Random(seed).nextBytes(levels);
        return new SpectrogramFrame(9, 1_000_000_000L, "abcdef0123456789", 2.4e9, fs, 4242, hop, rows, bins,
                new float[0], levels, new byte[0]);
    }

    @Test
    void maxHoldOverUnevenGroupsOfRowsAndBins() {
        // 1000 bins -> 300 display bins, 50 rows -> 7 display rows (uneven groups both ways)
        SpectrogramFrame f = frame(50, 1000, 1e6, 1000, 1);
        WaterfallEncoder enc = new WaterfallEncoder(300, 140); // 1000 rows/s -> round(50 * 0.14) = 7
        WaterfallEncoder.Encoded e = enc.encode(f);
        assertThat(e.rows()).isEqualTo(7);
        assertThat(e.rowBytes()).isEqualTo(WaterfallEncoder.HEADER_BYTES + 300);
        ByteBuffer b = ByteBuffer.wrap(e.data()).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < 7; r++) {
            int base = r * e.rowBytes();
            int r0 = r * 50 / 7, r1 = (r + 1) * 50 / 7;
            assertThat(b.getInt(base)).isEqualTo(WaterfallEncoder.MAGIC);
            assertThat(b.getLong(base + 8)).isEqualTo(9);
            assertThat(b.getLong(base + 16)).isEqualTo(1_000_000_000L + Math.round(r0 * 1000 * 1e9 / 1e6));
            assertThat(b.getInt(base + 56)).isEqualTo(r);
            assertThat(b.getInt(base + 60)).isEqualTo(7);
            assertThat(b.getInt(base + 64)).isEqualTo(300);
            assertThat(b.getInt(base + 68)).isEqualTo(1000);
            for (int j = 0; j < 300; j++) {
                int b0 = j * 1000 / 300, b1 = (j + 1) * 1000 / 300, max = 0;
                for (int rr = r0; rr < r1; rr++)
                    for (int k = b0; k < b1; k++) max = Math.max(max, f.level(rr, k));
                assertThat(e.data()[base + WaterfallEncoder.HEADER_BYTES + j] & 0xff).isEqualTo(max);
            }
        }
    }

    @Test
    void smallFramesPassThroughUnchanged() {
        SpectrogramFrame f = frame(4, 64, 1e3, 100, 2); // 10 rows/s of signal: under the cap
        WaterfallEncoder.Encoded e = new WaterfallEncoder(1024, 100).encode(f);
        assertThat(e.rows()).isEqualTo(4);
        for (int r = 0; r < 4; r++)
            for (int k = 0; k < 64; k++)
                assertThat(e.data()[r * e.rowBytes() + WaterfallEncoder.HEADER_BYTES + k]).isEqualTo(f.levels()[r * 64 + k]);
    }

    @Test
    void oneDisplayRowAtLeast() {
        SpectrogramFrame f = frame(256, 4096, 100e6, 2048, 3); // 48828 rows/s of signal
        assertThat(new WaterfallEncoder(1024, 100).displayRows(f)).isEqualTo(1);
    }
}
