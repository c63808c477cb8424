package dev.g20.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SpectrogramConfigTest {
    static final SpectrogramConfig D = SpectrogramConfig.defaults();

    @Test
    void defaultHashIsFixedForEveryRunAndMachine() {
        // SHA-256 of the canonical string below, first 8 bytes: if this changes, every stored
        // track and every client loses its link to the spectrogram it was made from
        assertThat(D.canonicalString()).isEqualTo(
                "g20-spectrogram-v1;fft_size=4096;window=hann;hop=2048;overlap=0.5;psd_ref_dbm=-30.0;dynamic_range_db=60.0;rows_per_frame=256");
        assertThat(D.hash()).isEqualTo("e201a23d2e6b55b6");
        assertThat(G20Config.load(java.nio.file.Path.of("config")).spectrogram().hash()).isEqualTo("e201a23d2e6b55b6");
    }

    @Test
    void hashChangesWithEveryHashedField() {
        List<SpectrogramConfig> variants = List.of(
                new SpectrogramConfig(2048, StftWindow.HANN, 0.5, -30, 60, "viridis", 256, FftBackend.AUTO),
                new SpectrogramConfig(4096, StftWindow.HAMMING, 0.5, -30, 60, "viridis", 256, FftBackend.AUTO),
                new SpectrogramConfig(4096, StftWindow.HANN, 0.75, -30, 60, "viridis", 256, FftBackend.AUTO),
                new SpectrogramConfig(4096, StftWindow.HANN, 0.5, -40, 60, "viridis", 256, FftBackend.AUTO),
                new SpectrogramConfig(4096, StftWindow.HANN, 0.5, -30, 70, "viridis", 256, FftBackend.AUTO),
                new SpectrogramConfig(4096, StftWindow.HANN, 0.5, -30, 60, "viridis", 128, FftBackend.AUTO));
        List<String> hashes = variants.stream().map(SpectrogramConfig::hash).toList();
        assertThat(hashes).doesNotContain(D.hash()).doesNotHaveDuplicates();
        // a tiny change of a double is still a change
        assertThat(new SpectrogramConfig(4096, StftWindow.HANN, 0.5, -30.000001, 60, "viridis", 256, FftBackend.AUTO).hash()).isNotEqualTo(D.hash());
        assertThat(hashes).allMatch(h -> h.matches("[0-9a-f]{16}"));
    }

    @Test
    void colormapAndBackendDoNotChangeTheHash() {
        // neither changes the PSD nor the boxes: only how they are drawn or where they are computed
        assertThat(new SpectrogramConfig(4096, StftWindow.HANN, 0.5, -30, 60, "inferno", 256, FftBackend.CUDA).hash()).isEqualTo(D.hash());
    }

    @Test
    void hopIsFftSizeTimesOneMinusOverlap() {
        assertThat(D.hop()).isEqualTo(2048);
        assertThat(new SpectrogramConfig(4096, StftWindow.HANN, 0, -30, 60, "viridis", 256, FftBackend.AUTO).hop()).isEqualTo(4096);
        assertThat(new SpectrogramConfig(4096, StftWindow.HANN, 0.75, -30, 60, "viridis", 256, FftBackend.AUTO).hop()).isEqualTo(1024);
        assertThat(new SpectrogramConfig(16, StftWindow.HANN, 0.99, -30, 60, "viridis", 256, FftBackend.AUTO).hop()).isEqualTo(1);
    }
}
