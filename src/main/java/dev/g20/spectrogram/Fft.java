package dev.g20.spectrogram;

/**
 * Forward complex FFT of a fixed power-of-two size on split real/imaginary floats. Tables and
 * work rows are built once; transforms allocate nothing. Not thread-safe (it owns its work rows):
 * one instance per thread.
 *
 * <p>Why this shape: HotSpot C2 (JDK 25) auto-vectorises a loop only when it can prove that its
 * array accesses do not overlap across iterations. Accesses like {@code x[a + q]} and
 * {@code y[b + q]} with run-time offsets a, b defeat that proof, and so do loop bodies much larger
 * than a radix-2 butterfly (C2 then declines to unroll them), so a textbook FFT runs scalar. Here
 * every butterfly is a loop {@code for q: a[q], b[q] = a[q] + b[q], (a[q] - b[q]) * w} over two
 * whole rows, each row its own array, all indexed by the same q: C2 vectorises that. The rows
 * come from the "six-step" decomposition N = R * C: sample j = r * C + c sits in row r, column c;
 * an R-point FFT runs down all C columns at once (radix-2 decimation in frequency, in place over
 * rows, so the output rows come out bit-reversed, which costs nothing because rows are only
 * renamed); each element is multiplied by the twiddle W_N^(k1 * c); the matrix is transposed (the
 * one scalar step); and a C-point FFT runs down the columns of the transpose. Output row k2 then
 * holds X[k2 * R .. k2 * R + R), in natural order within the row.
 *
 * <p>The STFT uses the row interface ({@link #inputRe()}, {@link #transformRows()},
 * {@link #outputRowRe(int)}) to fill and read the rows directly; {@link #transform} wraps it for
 * ordinary in-place use on flat arrays.
 */
public final class Fft {
    private final int n;
    private final int batch;
    private final int rows;
    private final int cols;
    /** Pass 1: R rows of batch * C; pass 2: C rows of batch * R. */
    private final float[][] aRe;
    private final float[][] aIm;
    private final float[][] bRe;
    private final float[][] bIm;
    /** Twiddles of the radix-2 stages of pass 1 and pass 2, see {@link #stageTwiddles}. */
    private final float[] tw1;
    private final float[] tw2;
    /** Six-step twiddles W_N^(k1 * c), as rows by k1 (natural order), columns c, repeated for each transform of the batch. */
    private final float[][] sixRe;
    private final float[][] sixIm;
    private final int[] rev1;
    private final int[] rev2;
    /** The pass-1 rows in output order (k1), so the transpose reads them without the bit-reversal table. */
    private final float[][] aReByK1;
    private final float[][] aImByK1;

    /** One transform at a time. */
    public Fft(int n) {
        this(n, 1);
    }

    /**
     * {@code batch} independent transforms side by side in every row: the row loops get
     * {@code batch} times longer, which C2's vector loops run more efficiently than many short
     * ones (the STFT transforms several rows at once).
     */
    public Fft(int n, int batch) {
        if (n < 2 || Integer.bitCount(n) != 1) throw new IllegalArgumentException("FFT size must be a power of two, got " + n);
        if (batch < 1 || (long) batch * n > 1 << 24) throw new IllegalArgumentException("batch must be in [1, 2^24 / n], got " + batch);
        this.n = n;
        this.batch = batch;
        int bits = Integer.numberOfTrailingZeros(n);
        rows = 1 << (bits / 2);
        cols = n / rows;
        aRe = new float[rows][batch * cols];
        aIm = new float[rows][batch * cols];
        bRe = new float[cols][batch * rows];
        bIm = new float[cols][batch * rows];
        tw1 = stageTwiddles(rows);
        tw2 = stageTwiddles(cols);
        sixRe = new float[rows][batch * cols];
        sixIm = new float[rows][batch * cols];
        for (int k1 = 0; k1 < rows; k1++) {
            for (int c = 0; c < cols; c++) {
                // angle reduced in long arithmetic first: exact for every size
                double a = -2 * Math.PI * (((long) k1 * c) % n) / n;
                for (int t = 0; t < batch; t++) {
                    sixRe[k1][t * cols + c] = (float) Math.cos(a);
                    sixIm[k1][t * cols + c] = (float) Math.sin(a);
                }
            }
        }
        rev1 = bitReversal(rows);
        rev2 = bitReversal(cols);
        aReByK1 = new float[rows][];
        aImByK1 = new float[rows][];
        for (int k1 = 0; k1 < rows; k1++) {
            aReByK1[k1] = aRe[rev1[k1]];
            aImByK1[k1] = aIm[rev1[k1]];
        }
    }

    /**
     * Twiddles of every stage of an in-place radix-2 DIF transform of {@code len} points: the stage
     * with butterfly span h uses W_(2h)^j for j in [0, h), stored from index 2 * (h - 1).
     */
    private static float[] stageTwiddles(int len) {
        float[] w = new float[2 * Math.max(1, len)];
        for (int h = 1; h < len; h <<= 1) {
            for (int j = 0; j < h; j++) {
                double a = -Math.PI * j / h;
                w[2 * (h - 1 + j)] = (float) Math.cos(a);
                w[2 * (h - 1 + j) + 1] = (float) Math.sin(a);
            }
        }
        return w;
    }

    private static int[] bitReversal(int len) {
        int bits = Integer.numberOfTrailingZeros(len);
        int[] r = new int[len];
        for (int i = 0; i < len; i++) r[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
        return r;
    }

    public int size() {
        return n;
    }

    /** Transforms computed together by {@link #transformRows()}. */
    public int batch() {
        return batch;
    }

    /**
     * Input rows (R rows of batch * C): write sample j = r * C + c of transform t at
     * [r][t * C + c], then call {@link #transformRows()}.
     */
    public float[][] inputRe() {
        return aRe;
    }

    /** Imaginary part of the input rows, laid out as {@link #inputRe()}. */
    public float[][] inputIm() {
        return aIm;
    }

    /** Rows of the input (R). */
    public int inputRows() {
        return rows;
    }

    /** Samples of one transform in one input row (C); the row holds batch * C. */
    public int inputRowLength() {
        return cols;
    }

    /** Rows of the output (C). */
    public int outputRows() {
        return cols;
    }

    /** Bins of one transform in one output row (R); the row holds batch * R. */
    public int outputRowLength() {
        return rows;
    }

    /**
     * After {@link #transformRows()}: Re X_t[k2 * R + i] of transform t at index t * R + i of this
     * row. The input rows are overwritten.
     */
    public float[] outputRowRe(int k2) {
        return bRe[rev2[k2]];
    }

    /** Imaginary part, as {@link #outputRowRe(int)}. */
    public float[] outputRowIm(int k2) {
        return bIm[rev2[k2]];
    }

    /**
     * X[k] = sum_j x[j] exp(-2 pi i j k / n), in place on flat arrays of at least n elements
     * (the first transform of the batch; the others compute whatever their rows hold).
     */
    public void transform(float[] re, float[] im) {
        if (re.length < n || im.length < n) throw new IllegalArgumentException("arrays shorter than the FFT size " + n);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(re, r * cols, aRe[r], 0, cols);
            System.arraycopy(im, r * cols, aIm[r], 0, cols);
        }
        transformRows();
        for (int k2 = 0; k2 < cols; k2++) {
            System.arraycopy(outputRowRe(k2), 0, re, k2 * rows, rows);
            System.arraycopy(outputRowIm(k2), 0, im, k2 * rows, rows);
        }
    }

    /** Transforms the input rows; read the result with {@link #outputRowRe(int)} / {@link #outputRowIm(int)}. */
    public void transformRows() {
        int width1 = batch * cols, width2 = batch * rows;
        difRows(aRe, aIm, rows, width1, tw1);
        // twiddle, then transpose: pass-1 output k1 sits in row rev1[k1]
        for (int k1 = 1; k1 < rows; k1++) cmulRows(aRe[rev1[k1]], aIm[rev1[k1]], sixRe[k1], sixIm[k1], width1);
        if (rows % 8 == 0) {
            transpose8(aReByK1, bRe);
            transpose8(aImByK1, bIm);
        } else {
            for (int k1 = 0; k1 < rows; k1++) {
                for (int t = 0; t < batch; t++) {
                    for (int c = 0; c < cols; c++) {
                        bRe[c][t * rows + k1] = aReByK1[k1][t * cols + c];
                        bIm[c][t * rows + k1] = aImByK1[k1][t * cols + c];
                    }
                }
            }
        }
        difRows(bRe, bIm, cols, width2, tw2);
    }

    /**
     * dst[c][t * R + k1] = src[k1][t * C + c]. The scalar step of the transform; eight source rows
     * held in locals and eight consecutive stores per column measured about twice as fast as
     * a plain tiled loop.
     */
    private void transpose8(float[][] src, float[][] dst) {
        for (int k0 = 0; k0 < rows; k0 += 8) {
            float[] r0 = src[k0], r1 = src[k0 + 1], r2 = src[k0 + 2], r3 = src[k0 + 3];
            float[] r4 = src[k0 + 4], r5 = src[k0 + 5], r6 = src[k0 + 6], r7 = src[k0 + 7];
            for (int t = 0; t < batch; t++) {
                int from = t * cols, to = t * rows + k0;
                for (int c = 0; c < cols; c++) {
                    float[] y = dst[c];
                    int s = from + c;
                    y[to] = r0[s];
                    y[to + 1] = r1[s];
                    y[to + 2] = r2[s];
                    y[to + 3] = r3[s];
                    y[to + 4] = r4[s];
                    y[to + 5] = r5[s];
                    y[to + 6] = r6[s];
                    y[to + 7] = r7[s];
                }
            }
        }
    }

    /** In-place radix-2 decimation-in-frequency FFT down the columns of {@code len} rows of {@code width}; output rows bit-reversed. */
    private static void difRows(float[][] re, float[][] im, int len, int width, float[] tw) {
        int h = len >> 1;
        // Stages in pairs (spans h and h/2) over groups of four rows: the second stage finds its
        // rows still in L1, which halves the passes over the (L2-sized) data while every loop stays
        // a small radix-2 butterfly that C2 vectorises.
        for (; h >= 2; h >>= 2) {
            int q = h >> 1;
            for (int start = 0; start < len; start += 2 * h) {
                for (int j = 0; j < q; j++) {
                    int a = start + j, b = a + q, c = a + h, d = c + q;
                    stage(re, im, a, c, j, h, tw, width);
                    stage(re, im, b, d, j + q, h, tw, width);
                    stage(re, im, a, b, j, q, tw, width);
                    stage(re, im, c, d, j, q, tw, width);
                }
            }
        }
        if (h == 1) {
            for (int start = 0; start < len; start += 2) butterflyPlain(re[start], im[start], re[start + 1], im[start + 1], width);
        }
    }

    /** Butterfly of rows x and y in the stage of span h, twiddle index j. */
    private static void stage(float[][] re, float[][] im, int x, int y, int j, int h, float[] tw, int width) {
        if (j == 0) {
            butterflyPlain(re[x], im[x], re[y], im[y], width);
        } else {
            int t = 2 * (h - 1 + j);
            butterfly(re[x], im[x], re[y], im[y], tw[t], tw[t + 1], width);
        }
    }

    private static void butterflyPlain(float[] ar, float[] ai, float[] br, float[] bi, int width) {
        for (int q = 0; q < width; q++) {
            float xr = ar[q], xi = ai[q], yr = br[q], yi = bi[q];
            ar[q] = xr + yr;
            ai[q] = xi + yi;
            br[q] = xr - yr;
            bi[q] = xi - yi;
        }
    }

    private static void butterfly(float[] ar, float[] ai, float[] br, float[] bi, float wr, float wi, int width) {
        for (int q = 0; q < width; q++) {
            float xr = ar[q], xi = ai[q], yr = br[q], yi = bi[q];
            ar[q] = xr + yr;
            ai[q] = xi + yi;
            float dr = xr - yr, di = xi - yi;
            br[q] = dr * wr - di * wi;
            bi[q] = dr * wi + di * wr;
        }
    }

    private static void cmulRows(float[] xr, float[] xi, float[] wr, float[] wi, int width) {
        for (int q = 0; q < width; q++) {
            float r = xr[q], m = xi[q];
            xr[q] = r * wr[q] - m * wi[q];
            xi[q] = r * wi[q] + m * wr[q];
        }
    }
}
