package dev.g20.synth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class NpyTest {
    @Test
    void headerIsNumpyV1AlignedTo64() {
        byte[] h = Npy.header(1, 640, 640);
        assertThat(h.length % 64).isZero();
        assertThat(h[0] & 0xff).isEqualTo(0x93);
        assertThat(new String(h, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
        int len = ByteBuffer.wrap(h, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
        assertThat(10 + len).isEqualTo(h.length);
        String dict = new String(h, 10, len, StandardCharsets.US_ASCII);
        assertThat(dict).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 640, 640), }").endsWith("\n");
        assertThat(new String(Npy.header(5), StandardCharsets.US_ASCII)).contains("'shape': (5,)");
    }

    @Test
    void dataFollowsTheHeaderLittleEndian(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a.npy");
        Npy.write(f, new float[]{1.5f, -2f, 0.25f, 3f, 4f, 5f}, null, 1, 2, 3);
        byte[] all = Files.readAllBytes(f);
        int hl = Npy.header(1, 2, 3).length;
        assertThat(all.length).isEqualTo(hl + 24);
        ByteBuffer b = ByteBuffer.wrap(all, hl, 24).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getFloat()).isEqualTo(1.5f);
        assertThat(b.getFloat()).isEqualTo(-2f);
    }

    @Test
    void unitTensorsStoredAsBytesReadBackWithinHalfAStep(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("u8.npy");
        float[] t = {0f, 1f, 0.5f, 0.25f, -0.3f, 1.7f};
        Npy.writeUnitBytes(f, t, null, 1, 2, 3);
        byte[] all = Files.readAllBytes(f);
        int hl = Npy.header("|u1", 1, 2, 3).length;
        assertThat(all.length).isEqualTo(hl + 6);
        assertThat(new String(all, 10, hl - 10, StandardCharsets.US_ASCII)).startsWith("{'descr': '|u1'");
        assertThat(all[hl] & 0xff).isZero();
        assertThat(all[hl + 1] & 0xff).isEqualTo(255);
        assertThat(all[hl + 2] & 0xff).isEqualTo(128);
        var read = dev.g20.synth.NpyArray.readTensor(f);
        assertThat(read.shape()).containsExactly(1, 2, 3);
        float[] expected = {0f, 1f, 0.5f, 0.25f, 0f, 1f};
        for (int i = 0; i < t.length; i++) assertThat(Math.abs(read.data()[i] - expected[i])).isLessThanOrEqualTo(0.5f / 255 + 1e-6f);
        assertThat(dev.g20.synth.NpyArray.read(f).data()[1]).isEqualTo(255f);
    }
}
