package dev.g20.spectrogram;

/**
 * CUDA C source of the two small STFT kernels around cuFFT, compiled at run time with NVRTC.
 * Both loop grid-stride over rows x n elements of one chunk (n a power of two, so index splits are
 * shifts). The arithmetic mirrors {@link CpuStftBackend} step by step so both backends agree to
 * float rounding: same window floats, same power scale, log2 times the same dB-per-log2 constant,
 * same clamp-and-round to 0-255.
 */
final class StftKernels {
    static final String WINDOW = "g20_window_rows";
    static final String POWER = "g20_power_db";

    private StftKernels() {
    }

    static final String SOURCE = """
            // g20 STFT kernels (dev.g20.spectrogram.StftKernels)
            extern "C" __global__ void g20_window_rows(const float2* __restrict__ in, const float* __restrict__ window,
                                                       float2* __restrict__ out, int log2n, int hop, int row0, int rows)
            {
                const int n = 1 << log2n;
                const long long total = (long long)rows << log2n;
                for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < total;
                     i += (long long)gridDim.x * blockDim.x) {
                    const int r = (int)(i >> log2n);
                    const int k = (int)(i & (n - 1));
                    const float2 v = in[(long long)(row0 + r) * hop + k];
                    const float w = window[k];
                    float2 o;
                    o.x = v.x * w;
                    o.y = v.y * w;
                    out[i] = o;
                }
            }

            // fft-shift: output bin k reads FFT bin (k + n/2) mod n, which for a power of two is k ^ (n/2)
            extern "C" __global__ void g20_power_db(const float2* __restrict__ spectrum, float* __restrict__ psd,
                                                    unsigned char* __restrict__ levels, int log2n, int rows,
                                                    float powerScale, float floorDb, float levelsPerDb, float dbPerLog2)
            {
                const int n = 1 << log2n;
                const int half = n >> 1;
                const long long total = (long long)rows << log2n;
                for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < total;
                     i += (long long)gridDim.x * blockDim.x) {
                    const long long rowStart = i & ~(long long)(n - 1);
                    const int k = (int)(i & (n - 1));
                    const float2 v = spectrum[rowStart + (k ^ half)];
                    const float p = __fmul_rn(__fadd_rn(__fmul_rn(v.x, v.x), __fmul_rn(v.y, v.y)), powerScale);
                    const float db = __fmul_rn(log2f(fmaxf(p, 1e-30f)), dbPerLog2);
                    psd[i] = db;
                    const float l = __fmul_rn(__fsub_rn(db, floorDb), levelsPerDb);
                    levels[i] = (unsigned char)(l <= 0.0f ? 0 : l >= 255.0f ? 255 : (int)(l + 0.5f));
                }
            }
            """;
}
