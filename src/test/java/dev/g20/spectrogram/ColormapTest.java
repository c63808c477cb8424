package dev.g20.spectrogram;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ColormapTest {
    @Test
    void endpointsAreMatplotlibs() {
        assertThat(Colormap.of("viridis").rgb(0)).isEqualTo(0x440154);
        assertThat(Colormap.of("viridis").rgb(255)).isEqualTo(0xfde725);
        assertThat(Colormap.of("inferno").rgb(0)).isEqualTo(0x000004);
        assertThat(Colormap.of("inferno").rgb(255)).isEqualTo(0xfcffa4);
        assertThat(Colormap.of("gray").rgb(0)).isEqualTo(0x000000);
        assertThat(Colormap.of("gray").rgb(128)).isEqualTo(0x808080);
        assertThat(Colormap.of("gray").rgb(255)).isEqualTo(0xffffff);
        // viridis midpoint, matplotlib's #21918c
        assertThat(Colormap.VIRIDIS.rgb(128)).isEqualTo(0x21918c);
    }

    @Test
    void rgbaIsOpaqueAndBytesAreInRgbaOrder() {
        assertThat(Colormap.VIRIDIS.rgba(0)).isEqualTo(0x440154ff);
        byte[] out = new byte[12];
        Colormap.VIRIDIS.toRgba(new byte[]{0, (byte) 255, 9}, 0, 2, out, 4);
        assertThat(out).containsExactly(0, 0, 0, 0, 0x44, 0x01, 0x54, 0xff - 256, 0xfd - 256, 0xe7 - 256, 0x25, 0xff - 256);
    }

    @Test
    void unknownNameFails() {
        assertThatThrownBy(() -> Colormap.of("jet")).isInstanceOf(IllegalArgumentException.class);
    }
}
