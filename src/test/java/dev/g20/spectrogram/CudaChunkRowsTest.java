package dev.g20.spectrogram;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The CUDA backend's default split of a frame into cuFFT batches (pure arithmetic, runs everywhere). */
class CudaChunkRowsTest {
    @Test
    void fourChunksOnSmallFramesSixteenOnLargeOnesNoneTooSmall() {
        assertThat(CudaStftBackend.defaultChunkRows(256, 4096)).isEqualTo(64);   // 4 chunks of 2^18 bins
        assertThat(CudaStftBackend.defaultChunkRows(256, 1024)).isEqualTo(64);   // 4 chunks of 2^16 bins
        assertThat(CudaStftBackend.defaultChunkRows(4096, 4096)).isEqualTo(256); // 16 chunks
        assertThat(CudaStftBackend.defaultChunkRows(4096, 1024)).isEqualTo(256); // 16 chunks
        assertThat(CudaStftBackend.defaultChunkRows(65536, 1024)).isEqualTo(4096); // 16 chunks
        assertThat(CudaStftBackend.defaultChunkRows(4096, 256)).isEqualTo(1024);   // >= 2^18 bins: 4 chunks
        assertThat(CudaStftBackend.defaultChunkRows(1, 1 << 20)).isEqualTo(1);
        assertThat(CudaStftBackend.defaultChunkRows(3, 16)).isEqualTo(1);
    }
}
