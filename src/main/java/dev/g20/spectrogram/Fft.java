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
    private final int rows;
    private final int cols;
    /** Pass 1: R rows of C; pass 2: C rows of R. */
    private final float[][] aRe;
    private final float[][] aIm;
    private final float[][] bRe;
    private final float[][] bIm;
    /** Twiddles of the radix-2 stages of pass 1 and pass 2, see {@link #stageTwiddles}. */
    private final float[] tw1;
    private final float[] tw2;
    /** Six-step twiddles W_N^(k1 * c), as rows by k1 (natural order), columns c. */
    private final float[][] sixRe;
    private final float[][] sixIm;
    private final int[] rev1;
    private final int[] rev2;

    public Fft(int n) {
        if (n < 2 || Integer.bitCount(n) != 1) throw new IllegalArgumentException("FFT size must be a power of two, got " + n);
        this.n = n;
        int bits = Integer.numberOfTrailingZeros(n);
        rows = 1 << (bits / 2);
        cols = n / rows;
        aRe = new float[rows][cols];
        aIm = new float[rows][cols];
        bRe = new float[cols][rows];
        bIm = new float[cols][rows];
        tw1 = stageTwiddles(rows);
        tw2 = stageTwiddles(cols);
        sixRe = new float[rows][cols];
        sixIm = new float[rows][cols];
        for (int k1 = 0; k1 < rows; k1++) {
            for (int c = 0; c < cols; c++) {
                // angle reduced in long arithmetic first: exact for every size
                double a = -2 * Math.PI * (((long) k1 * c) % n) / n;
                sixRe[k1][c] = (float) Math.cos(a);
                sixIm[k1][c] = (float) Math.sin(a);
            }
        }
        rev1 = bitReversal(rows);
        rev2 = bitReversal(cols);
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

    /** Input rows (R rows of C): write sample j = r * C + c at [r][c], then call {@link #transformRows()}. */
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

    /** Length of one input row (C). */
    public int inputRowLength() {
        return cols;
    }

    /** Rows of the output (C). */
    public int outputRows() {
        return cols;
    }

    /** Length of one output row (R). */
    public int outputRowLength() {
        return rows;
    }

    /** After {@link #transformRows()}: Re X[k2 * R + i] at index i of this row. The input rows are overwritten. */
    public float[] outputRowRe(int k2) {
        return bRe[rev2[k2]];
    }

    /** Imaginary part, as {@link #outputRowRe(int)}. */
    public float[] outputRowIm(int k2) {
        return bIm[rev2[k2]];
    }

    /** X[k] = sum_j x[j] exp(-2 pi i j k / n), in place on flat arrays of at least n elements. */
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
        difRows(aRe, aIm, rows, cols, tw1);
        // twiddle and transpose: pass-1 output k1 sits in row rev1[k1]
        for (int k1 = 0; k1 < rows; k1++) {
            float[] xr = aRe[rev1[k1]], xi = aIm[rev1[k1]];
            if (k1 != 0) cmulRows(xr, xi, sixRe[k1], sixIm[k1], cols);
            for (int c = 0; c < cols; c++) {
                bRe[c][k1] = xr[c];
                bIm[c][k1] = xi[c];
            }
        }
        difRows(bRe, bIm, cols, rows, tw2);
    }

    /** In-place radix-2 decimation-in-frequency FFT down the columns of {@code len} rows of {@code width}; output rows bit-reversed. */
    private static void difRows(float[][] re, float[][] im, int len, int width, float[] tw) {
        for (int h = len >> 1; h >= 1; h >>= 1) {
            for (int start = 0; start < len; start += 2 * h) {
                butterflyPlain(re[start], im[start], re[start + h], im[start + h], width);
                for (int j = 1; j < h; j++) {
                    int t = 2 * (h - 1 + j);
                    butterfly(re[start + j], im[start + j], re[start + j + h], im[start + j + h], tw[t], tw[t + 1], width);
                }
            }
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
