package dev.g20.spectrogram;

import dev.g20.config.SpectrogramConfig;
import dev.g20.spectrogram.cuda.Cuda;
import dev.g20.spectrogram.cuda.CudaException;
import dev.g20.spectrogram.cuda.CudaLibraries;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * STFT on an NVIDIA GPU: cuFFT through the FFM API, window and power/dB/levels in two small
 * NVRTC-compiled kernels, same calibration as {@link CpuStftBackend} (a full-scale complex tone
 * reads 0 dB). A frame is split into chunks of rows; each chunk's input is copied into pinned
 * memory and sent on the copy-in stream, windowed into a contiguous batch, transformed by one
 * batched cuFFT plan and reduced to dB and 0-255 levels on the compute stream, and sent back on the
 * copy-out stream, so transfers of one chunk overlap the work of its neighbours. Only the PSD and
 * the levels come back. All buffers are allocated up front (grown once if a call asks for more
 * rows than configured); a call allocates nothing. Not thread-safe: one instance per thread.
 */
public final class CudaStftBackend implements StftBackend {
    private static final int THREADS_PER_BLOCK = 256;
    private static final int MAX_BLOCKS = 1 << 16;
    private static final float DB_PER_LOG2 = (float) (10 * Math.log10(2));

    /**
     * Tuning knobs, from system properties g20.cuda.chunkBins (bins per chunk; 0 = automatic) and
     * g20.cuda.copyThreads (threads for the Java-heap copies besides the caller; default a quarter
     * of the cores, at most 4; 0 = the caller copies alone).
     */
    public record Options(int chunkBins, int copyThreads) {
        public static Options fromSystemProperties() {
            int cores = Runtime.getRuntime().availableProcessors();
            return new Options(Integer.getInteger("g20.cuda.chunkBins", 0),
                    Integer.getInteger("g20.cuda.copyThreads", Math.min(4, cores / 4)));
        }
    }

    /** Result of looking for a usable GPU: {@link Ready} or {@link Unavailable} with the reason. */
    public sealed interface Availability permits Ready, Unavailable {
    }

    /** A bound device with the STFT kernels compiled for it. */
    public record Ready(Cuda cuda, byte[] kernelImage) implements Availability {
    }

    /** Why the CUDA backend cannot be used here. */
    public record Unavailable(String reason) implements Availability {
    }

    private static volatile Availability systemProbe;

    /** Probes once per process with the default library search and device g20.cuda.device (default 0). */
    public static Availability probe() {
        Availability p = systemProbe;
        if (p == null) {
            synchronized (CudaStftBackend.class) {
                p = systemProbe;
                if (p == null) systemProbe = p = probe(CudaLibraries.fromEnvironment(), Integer.getInteger("g20.cuda.device", 0));
            }
        }
        return p;
    }

    /** Loads the libraries, binds the device, compiles and test-loads the kernels; never throws. */
    public static Availability probe(CudaLibraries libraries, int device) {
        try {
            Cuda cuda = Cuda.open(libraries, device);
            byte[] image = cuda.compile(StftKernels.SOURCE, "g20_stft.cu");
            cuda.moduleUnload(cuda.moduleLoad(image));
            return new Ready(cuda, image);
        } catch (CudaException e) {
            return new Unavailable(e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            return new Unavailable(e.toString());
        }
    }

    private final Cuda cuda;
    private final int n;
    private final int log2n;
    private final int hop;
    private final int chunkRows;
    private final float powerScale;
    private final float floorDb;
    private final float levelsPerDb;

    private final Arena arena = Arena.ofShared();
    private final long module;
    private final long windowFn;
    private final long powerFn;
    private final long streamIn;
    private final long streamCompute;
    private final long streamOut;
    private final int plan;
    private final long dWindow;
    private final long dBatch;
    private final MemorySegment windowParams;
    private final MemorySegment powerParams;
    private final MemorySegment elapsed;
    private final ChunkCopiers copiers;

    private int capacityRows;
    private long dIn;
    private long dPsd;
    private long dLevels;
    private MemorySegment hIn;
    private MemorySegment hPsd;
    private MemorySegment hLevels;
    private long[] evIn = new long[0];
    private long[] evKernels = new long[0];
    private long[] evOut = new long[0];
    private long[] evProfile;
    private Thread boundThread;
    private boolean closed;
    private RuntimeException failure;

    // the call in progress, for the copy tasks (written before ChunkCopiers.start publishes them)
    private float[] jobIq;
    private float[] jobPsd;
    private byte[] jobLevels;
    private int jobRows;

    public CudaStftBackend(SpectrogramConfig config, Ready ready) {
        this(config, ready, Options.fromSystemProperties());
    }

    public CudaStftBackend(SpectrogramConfig config, Ready ready, Options options) {
        this.cuda = ready.cuda();
        this.n = config.fftSize();
        this.log2n = Integer.numberOfTrailingZeros(n);
        this.hop = config.hop();
        float[] window = WindowFunction.coefficients(config.window(), n);
        double sum = 0;
        for (float w : window) sum += w;
        this.powerScale = (float) (1.0 / (sum * sum));
        this.floorDb = (float) (config.psdRefDbm() - config.dynamicRangeDb());
        this.levelsPerDb = (float) (255.0 / config.dynamicRangeDb());
        int rows = config.rowsPerFrame();
        this.chunkRows = options.chunkBins() > 0
                ? Math.max(1, Math.min(rows, options.chunkBins() / n))
                : defaultChunkRows(rows, n);

        bindThread();
        module = cuda.moduleLoad(ready.kernelImage());
        windowFn = cuda.moduleFunction(module, StftKernels.WINDOW);
        powerFn = cuda.moduleFunction(module, StftKernels.POWER);
        streamIn = cuda.streamCreate();
        streamCompute = cuda.streamCreate();
        streamOut = cuda.streamCreate();
        plan = cuda.fftPlanC2C(n, chunkRows, streamCompute);
        dWindow = cuda.malloc(4L * n);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment w = a.allocateFrom(JAVA_FLOAT, window);
            cuda.memcpy(dWindow, w.address(), 4L * n, Cuda.MEMCPY_HOST_TO_DEVICE);
        }
        dBatch = cuda.malloc(8L * chunkRows * n);
        cuda.memset(dBatch, 0, 8L * chunkRows * n);
        windowParams = kernelParams(7);
        powerParams = kernelParams(9);
        elapsed = arena.allocate(JAVA_FLOAT);
        ensureCapacity(rows);
        copiers = new ChunkCopiers(Math.max(0, options.copyThreads()), "g20-cuda-copy", this::copyIn, this::copyOut);
    }

    /**
     * Enough chunks for transfers and copies to overlap (at least 4, up to 16 on large frames), but
     * no chunk under 2^18 bins while there are more than 4, since each chunk costs some ten driver
     * calls (about 30 us). Measured on an H100 (docs/gpu.md): 16 chunks beat 4 and 64 on 4096-row
     * frames, 4 beat 1 on 256-row frames.
     */
    static int defaultChunkRows(int rows, int n) {
        int atLeastBins = Math.max(1, (1 << 18) / n);
        return Math.max(1, Math.min((rows + 3) / 4, Math.max((rows + 15) / 16, atLeastBins)));
    }

    /** A void*[count] whose entries point at count 8-byte value slots right after it. */
    private MemorySegment kernelParams(int count) {
        MemorySegment p = arena.allocate(16L * count, 8);
        for (int i = 0; i < count; i++) p.setAtIndex(ADDRESS, i, p.asSlice(8L * count + 8L * i, 8));
        return p;
    }

    private static void setLong(MemorySegment params, int count, int i, long v) {
        params.set(JAVA_LONG, 8L * count + 8L * i, v);
    }

    private static void setInt(MemorySegment params, int count, int i, int v) {
        params.set(JAVA_INT, 8L * count + 8L * i, v);
    }

    private static void setFloat(MemorySegment params, int count, int i, float v) {
        params.set(JAVA_FLOAT, 8L * count + 8L * i, v);
    }

    private void ensureCapacity(int rows) {
        if (rows <= capacityRows) return;
        freeFrameBuffers();
        long samples = (long) (rows - 1) * hop + n;
        long bins = (long) rows * n;
        dIn = cuda.malloc(8 * samples);
        dPsd = cuda.malloc(4 * bins);
        dLevels = cuda.malloc(bins);
        hIn = cuda.hostAlloc(8 * samples);
        hPsd = cuda.hostAlloc(4 * bins);
        hLevels = cuda.hostAlloc(bins);
        int chunks = (rows + chunkRows - 1) / chunkRows;
        evIn = events(chunks);
        evKernels = events(chunks);
        evOut = events(chunks);
        capacityRows = rows;
    }

    private long[] events(int count) {
        long[] e = new long[count];
        for (int i = 0; i < count; i++) e[i] = cuda.eventCreate();
        return e;
    }

    private void freeFrameBuffers() {
        cuda.free(dIn);
        cuda.free(dPsd);
        cuda.free(dLevels);
        cuda.freeHost(hIn);
        cuda.freeHost(hPsd);
        cuda.freeHost(hLevels);
        for (long[] evs : new long[][]{evIn, evKernels, evOut}) for (long e : evs) cuda.eventDestroy(e);
        dIn = dPsd = dLevels = 0;
        hIn = hPsd = hLevels = null;
    }

    private void bindThread() {
        Thread t = Thread.currentThread();
        if (t != boundThread) {
            cuda.makeCurrent();
            boundThread = t;
        }
    }

    @Override
    public String name() {
        return "cuda";
    }

    /** Rows per chunk (one cuFFT batch). */
    public int chunkRows() {
        return chunkRows;
    }

    public int copyThreads() {
        return copiers.workers();
    }

    public String deviceDescription() {
        return cuda.describe();
    }

    @Override
    public void computeRows(float[] iq, int rows, float[] psdDb, byte[] levels) {
        run(iq, rows, psdDb, levels, true);
    }

    /** A failed call leaves streams and copy workers mid-job: stop the workers and refuse further calls. */
    private void fail(RuntimeException e) {
        if (failure == null) failure = e;
        copiers.close();
    }

    /**
     * The same GPU work as {@link #computeRows} (copies to and from pinned memory, kernels, FFT) but
     * without the Java-heap copies: what the device path costs when the caller's data already lives
     * in pinned memory. For the benchmark.
     */
    public void computeRowsPinnedOnly(int rows) {
        run(null, rows, null, null, false);
    }

    private void run(float[] iq, int rows, float[] psdDb, byte[] levels, boolean heap) {
        if (closed) throw new IllegalStateException("CUDA STFT backend is closed");
        if (failure != null) throw new IllegalStateException("CUDA STFT backend failed earlier: " + failure.getMessage(), failure);
        if (rows <= 0) return;
        int needSamples = (rows - 1) * hop + n;
        if (heap) {
            if (iq.length < 2 * needSamples)
                throw new IllegalArgumentException("iq holds " + iq.length / 2 + " samples, " + rows + " rows need " + needSamples);
            if (psdDb.length < rows * n || levels.length < rows * n)
                throw new IllegalArgumentException("output arrays hold fewer than " + rows + " x " + n + " bins");
        }
        try {
            enqueueAndCollect(iq, rows, psdDb, levels, heap);
        } catch (RuntimeException e) {
            fail(e);
            throw e;
        }
    }

    private void enqueueAndCollect(float[] iq, int rows, float[] psdDb, byte[] levels, boolean heap) {
        bindThread();
        ensureCapacity(rows);
        int chunks = (rows + chunkRows - 1) / chunkRows;
        boolean crew = heap && copiers.workers() > 0;
        jobIq = iq;
        jobPsd = psdDb;
        jobLevels = levels;
        jobRows = rows;
        if (crew) copiers.start(chunks);
        for (int c = 0; c < chunks; c++) {
            int r0 = c * chunkRows;
            int r1 = Math.min(rows, r0 + chunkRows);
            // only the samples no earlier chunk has sent; this chunk's first rows reuse the previous tail on the device
            int from = inputStart(c), to = (r1 - 1) * hop + n;
            if (crew) copiers.awaitInput(c);
            else if (heap) copyIn(c);
            cuda.memcpyAsync(dIn + 8L * from, hIn.address() + 8L * from, 8L * (to - from), Cuda.MEMCPY_HOST_TO_DEVICE, streamIn);
            cuda.eventRecord(evIn[c], streamIn);

            cuda.streamWaitEvent(streamCompute, evIn[c]);
            enqueueKernels(r0, r1 - r0, streamCompute);
            cuda.eventRecord(evKernels[c], streamCompute);

            cuda.streamWaitEvent(streamOut, evKernels[c]);
            long off = (long) r0 * n, bins = (long) (r1 - r0) * n;
            cuda.memcpyAsync(hPsd.address() + 4 * off, dPsd + 4 * off, 4 * bins, Cuda.MEMCPY_DEVICE_TO_HOST, streamOut);
            cuda.memcpyAsync(hLevels.address() + off, dLevels + off, bins, Cuda.MEMCPY_DEVICE_TO_HOST, streamOut);
            cuda.eventRecord(evOut[c], streamOut);
        }
        try {
            for (int c = 0; c < chunks; c++) {
                cuda.eventSynchronize(evOut[c]);
                if (crew) copiers.ready(c + 1);
                else if (heap) copyOut(c);
            }
            if (crew) copiers.finish();
        } finally {
            jobIq = null;
            jobPsd = null;
            jobLevels = null;
        }
    }

    /** First sample chunk {@code c} sends: where the previous chunk's rows ended. */
    private int inputStart(int c) {
        return c == 0 ? 0 : (c * chunkRows - 1) * hop + n;
    }

    /** Window, FFT and power/dB/levels for {@code rows} rows starting at row {@code r0}, on {@code stream}. */
    private void enqueueKernels(int r0, int rows, long stream) {
        launchWindow(r0, rows, stream);
        cuda.fftForward(plan, dBatch, dBatch);
        launchPower(r0, rows, stream);
    }

    private void launchWindow(int r0, int rows, long stream) {
        setLong(windowParams, 7, 0, dIn);
        setLong(windowParams, 7, 1, dWindow);
        setLong(windowParams, 7, 2, dBatch);
        setInt(windowParams, 7, 3, log2n);
        setInt(windowParams, 7, 4, hop);
        setInt(windowParams, 7, 5, r0);
        setInt(windowParams, 7, 6, rows);
        cuda.launch(windowFn, blocks((long) rows * n), THREADS_PER_BLOCK, stream, windowParams.address());
    }

    private void launchPower(int r0, int rows, long stream) {
        long off = (long) r0 * n;
        setLong(powerParams, 9, 0, dBatch);
        setLong(powerParams, 9, 1, dPsd + 4 * off);
        setLong(powerParams, 9, 2, dLevels + off);
        setInt(powerParams, 9, 3, log2n);
        setInt(powerParams, 9, 4, rows);
        setFloat(powerParams, 9, 5, powerScale);
        setFloat(powerParams, 9, 6, floorDb);
        setFloat(powerParams, 9, 7, levelsPerDb);
        setFloat(powerParams, 9, 8, DB_PER_LOG2);
        cuda.launch(powerFn, blocks((long) rows * n), THREADS_PER_BLOCK, stream, powerParams.address());
    }

    private static int blocks(long elements) {
        return (int) Math.min(MAX_BLOCKS, (elements + THREADS_PER_BLOCK - 1) / THREADS_PER_BLOCK);
    }

    private void copyIn(int c) {
        int from = inputStart(c), to = (Math.min(jobRows, (c + 1) * chunkRows) - 1) * hop + n;
        MemorySegment.copy(jobIq, 2 * from, hIn, JAVA_FLOAT, 8L * from, 2 * (to - from));
    }

    private void copyOut(int c) {
        int r0 = c * chunkRows;
        int r1 = Math.min(jobRows, r0 + chunkRows);
        int off = r0 * n, bins = (r1 - r0) * n;
        MemorySegment.copy(hPsd, JAVA_FLOAT, 4L * off, jobPsd, off, bins);
        MemorySegment.copy(hLevels, JAVA_BYTE, off, jobLevels, off, bins);
    }

    /**
     * Where one frame's time goes, each stage run alone (no overlap) and timed with CUDA events
     * (device stages) or the wall clock (host copies), in milliseconds.
     */
    public record Breakdown(double hostCopyInMs, double h2dMs, double windowMs, double fftMs, double powerMs,
                            double d2hMs, double hostCopyOutMs) {
        public double sumMs() {
            return hostCopyInMs + h2dMs + windowMs + fftMs + powerMs + d2hMs + hostCopyOutMs;
        }
    }

    /** Computes one frame with every stage serialised and timed; output equals {@link #computeRows}. */
    public Breakdown profile(float[] iq, int rows, float[] psdDb, byte[] levels) {
        bindThread();
        ensureCapacity(rows);
        int chunks = (rows + chunkRows - 1) / chunkRows;
        if (evProfile == null || evProfile.length < 3 * chunks + 4) {
            if (evProfile != null) for (long e : evProfile) cuda.eventDestroy(e);
            evProfile = events(3 * chunks + 4);
        }
        long[] ev = evProfile;
        int samples = (rows - 1) * hop + n;
        long bins = (long) rows * n;
        long s = streamCompute;

        long t0 = System.nanoTime();
        MemorySegment.copy(iq, 0, hIn, JAVA_FLOAT, 0, 2 * samples);
        long t1 = System.nanoTime();
        cuda.eventRecord(ev[0], s);
        cuda.memcpyAsync(dIn, hIn.address(), 8L * samples, Cuda.MEMCPY_HOST_TO_DEVICE, s);
        cuda.eventRecord(ev[1], s);
        for (int c = 0; c < chunks; c++) {
            int r0 = c * chunkRows;
            int cr = Math.min(rows, r0 + chunkRows) - r0;
            launchWindow(r0, cr, s);
            cuda.eventRecord(ev[2 + 3 * c], s);
            cuda.fftForward(plan, dBatch, dBatch);
            cuda.eventRecord(ev[3 + 3 * c], s);
            launchPower(r0, cr, s);
            cuda.eventRecord(ev[4 + 3 * c], s);
        }
        int last = 4 + 3 * (chunks - 1);
        cuda.memcpyAsync(hPsd.address(), dPsd, 4 * bins, Cuda.MEMCPY_DEVICE_TO_HOST, s);
        cuda.memcpyAsync(hLevels.address(), dLevels, bins, Cuda.MEMCPY_DEVICE_TO_HOST, s);
        cuda.eventRecord(ev[last + 1], s);
        cuda.eventSynchronize(ev[last + 1]);
        long t2 = System.nanoTime();
        MemorySegment.copy(hPsd, JAVA_FLOAT, 0, psdDb, 0, (int) bins);
        MemorySegment.copy(hLevels, JAVA_BYTE, 0, levels, 0, (int) bins);
        long t3 = System.nanoTime();

        double window = 0, fft = 0, power = 0;
        long prev = ev[1];
        for (int c = 0; c < chunks; c++) {
            window += cuda.eventElapsedMs(prev, ev[2 + 3 * c], elapsed);
            fft += cuda.eventElapsedMs(ev[2 + 3 * c], ev[3 + 3 * c], elapsed);
            power += cuda.eventElapsedMs(ev[3 + 3 * c], ev[4 + 3 * c], elapsed);
            prev = ev[4 + 3 * c];
        }
        return new Breakdown((t1 - t0) / 1e6, cuda.eventElapsedMs(ev[0], ev[1], elapsed), window, fft, power,
                cuda.eventElapsedMs(ev[last], ev[last + 1], elapsed), (t3 - t2) / 1e6);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        copiers.close();
        try {
            bindThread();
            cuda.streamSynchronize(streamIn);
            cuda.streamSynchronize(streamCompute);
            cuda.streamSynchronize(streamOut);
            freeFrameBuffers();
            if (evProfile != null) for (long e : evProfile) cuda.eventDestroy(e);
            cuda.fftDestroy(plan);
            cuda.free(dBatch);
            cuda.free(dWindow);
            cuda.streamDestroy(streamIn);
            cuda.streamDestroy(streamCompute);
            cuda.streamDestroy(streamOut);
            cuda.moduleUnload(module);
        } finally {
            arena.close();
        }
    }
}
