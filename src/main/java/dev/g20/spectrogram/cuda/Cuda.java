package dev.g20.spectrogram.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * FFM bindings of the CUDA driver, runtime, cuFFT and NVRTC functions the GPU STFT uses, bound to
 * one device. Every call checks its status and throws {@link CudaException} naming the call.
 * Device pointers, streams, events and functions are passed as raw {@code long} addresses (same
 * ABI class as a pointer on x86-64/aarch64), so the per-frame calls allocate nothing.
 */
public final class Cuda {
    private static final Linker LINKER = Linker.nativeLinker();

    public static final int MEMCPY_HOST_TO_DEVICE = 1;
    public static final int MEMCPY_DEVICE_TO_HOST = 2;
    private static final int CUFFT_C2C = 0x29;
    private static final int CUFFT_FORWARD = -1;
    private static final int STREAM_NON_BLOCKING = 1;
    private static final int ATTR_CC_MAJOR = 75;
    private static final int ATTR_CC_MINOR = 76;

    // driver
    private final MethodHandle cuInit, cuDeviceGet, cuDeviceGetName, cuDeviceGetAttribute, cuDriverGetVersion,
            cuCtxGetCurrent, cuCtxSetCurrent, cuModuleLoadData, cuModuleGetFunction, cuModuleUnload, cuLaunchKernel,
            cuGetErrorString;
    // runtime
    private final MethodHandle cudaGetDeviceCount, cudaSetDevice, cudaFree, cudaMalloc, cudaHostAlloc, cudaFreeHost,
            cudaMemcpy, cudaMemset, cudaMemcpyAsync, cudaStreamCreateWithFlags, cudaStreamDestroy,
            cudaStreamSynchronize, cudaStreamWaitEvent, cudaEventCreateWithFlags, cudaEventDestroy, cudaEventRecord,
            cudaEventSynchronize, cudaEventElapsedTime, cudaRuntimeGetVersion, cudaGetErrorString;
    // cuFFT
    private final MethodHandle cufftPlanMany, cufftSetStream, cufftExecC2C, cufftDestroy, cufftGetVersion;
    // NVRTC
    private final MethodHandle nvrtcVersion, nvrtcCreateProgram, nvrtcCompileProgram, nvrtcGetProgramLogSize,
            nvrtcGetProgramLog, nvrtcGetCUBINSize, nvrtcGetCUBIN, nvrtcGetPTXSize, nvrtcGetPTX, nvrtcDestroyProgram,
            nvrtcGetErrorString;

    private final int device;
    private final long context;
    private final String deviceName;
    private final int ccMajor;
    private final int ccMinor;
    private final String versions;
    private final List<String> libraries;

    private Cuda(CudaLibraries.Loaded libs, int ordinal) {
        SymbolLookup drv = libs.driver(), rt = libs.cudart(), fft = libs.cufft(), rtc = libs.nvrtc();
        FunctionDescriptor iI = FunctionDescriptor.of(JAVA_INT, JAVA_INT);
        FunctionDescriptor iP = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        FunctionDescriptor iL = FunctionDescriptor.of(JAVA_INT, JAVA_LONG);
        cuInit = bind(drv, "cuInit", iI);
        cuDeviceGet = bind(drv, "cuDeviceGet", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        cuDeviceGetName = bind(drv, "cuDeviceGetName", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        cuDeviceGetAttribute = bind(drv, "cuDeviceGetAttribute", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        cuDriverGetVersion = bind(drv, "cuDriverGetVersion", iP);
        cuCtxGetCurrent = bind(drv, "cuCtxGetCurrent", iP);
        cuCtxSetCurrent = bind(drv, "cuCtxSetCurrent", iL);
        cuModuleLoadData = bind(drv, "cuModuleLoadData", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        cuModuleGetFunction = bind(drv, "cuModuleGetFunction", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
        cuModuleUnload = bind(drv, "cuModuleUnload", iL);
        cuLaunchKernel = bind(drv, "cuLaunchKernel", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        cuGetErrorString = bind(drv, "cuGetErrorString", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));

        cudaGetDeviceCount = bind(rt, "cudaGetDeviceCount", iP);
        cudaSetDevice = bind(rt, "cudaSetDevice", iI);
        cudaFree = bind(rt, "cudaFree", iL);
        cudaMalloc = bind(rt, "cudaMalloc", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        cudaHostAlloc = bind(rt, "cudaHostAlloc", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
        cudaFreeHost = bind(rt, "cudaFreeHost", iL);
        cudaMemcpy = bind(rt, "cudaMemcpy", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT));
        cudaMemset = bind(rt, "cudaMemset", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG));
        cudaMemcpyAsync = bind(rt, "cudaMemcpyAsync", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG));
        cudaStreamCreateWithFlags = bind(rt, "cudaStreamCreateWithFlags", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        cudaStreamDestroy = bind(rt, "cudaStreamDestroy", iL);
        cudaStreamSynchronize = bind(rt, "cudaStreamSynchronize", iL);
        cudaStreamWaitEvent = bind(rt, "cudaStreamWaitEvent", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
        cudaEventCreateWithFlags = bind(rt, "cudaEventCreateWithFlags", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        cudaEventDestroy = bind(rt, "cudaEventDestroy", iL);
        cudaEventRecord = bind(rt, "cudaEventRecord", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
        cudaEventSynchronize = bind(rt, "cudaEventSynchronize", iL);
        cudaEventElapsedTime = bind(rt, "cudaEventElapsedTime", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        cudaRuntimeGetVersion = bind(rt, "cudaRuntimeGetVersion", iP);
        cudaGetErrorString = bind(rt, "cudaGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));

        cufftPlanMany = bind(fft, "cufftPlanMany", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS,
                JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        cufftSetStream = bind(fft, "cufftSetStream", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
        cufftExecC2C = bind(fft, "cufftExecC2C", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
        cufftDestroy = bind(fft, "cufftDestroy", iI);
        cufftGetVersion = bind(fft, "cufftGetVersion", iP);

        nvrtcVersion = bind(rtc, "nvrtcVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        nvrtcCreateProgram = bind(rtc, "nvrtcCreateProgram", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS,
                JAVA_INT, ADDRESS, ADDRESS));
        nvrtcCompileProgram = bind(rtc, "nvrtcCompileProgram", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS));
        nvrtcGetProgramLogSize = bind(rtc, "nvrtcGetProgramLogSize", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS));
        nvrtcGetProgramLog = bind(rtc, "nvrtcGetProgramLog", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS));
        nvrtcGetCUBINSize = bind(rtc, "nvrtcGetCUBINSize", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS));
        nvrtcGetCUBIN = bind(rtc, "nvrtcGetCUBIN", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS));
        nvrtcGetPTXSize = bind(rtc, "nvrtcGetPTXSize", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS));
        nvrtcGetPTX = bind(rtc, "nvrtcGetPTX", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS));
        nvrtcDestroyProgram = bind(rtc, "nvrtcDestroyProgram", iP);
        nvrtcGetErrorString = bind(rtc, "nvrtcGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));

        libraries = libs.picked();
        device = ordinal;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment i1 = a.allocate(JAVA_INT), i2 = a.allocate(JAVA_INT);
            drv("cuInit", (int) cuInit.invokeExact(0));
            rt("cudaGetDeviceCount", (int) cudaGetDeviceCount.invokeExact(i1));
            int count = i1.get(JAVA_INT, 0);
            if (ordinal < 0 || ordinal >= count)
                throw new CudaException("CUDA device " + ordinal + " requested, " + count + " present");
            drv("cuDeviceGet", (int) cuDeviceGet.invokeExact(i1, ordinal));
            int cuDevice = i1.get(JAVA_INT, 0);
            MemorySegment name = a.allocate(256);
            drv("cuDeviceGetName", (int) cuDeviceGetName.invokeExact(name, 256, cuDevice));
            deviceName = name.getString(0);
            drv("cuDeviceGetAttribute", (int) cuDeviceGetAttribute.invokeExact(i1, ATTR_CC_MAJOR, cuDevice));
            ccMajor = i1.get(JAVA_INT, 0);
            drv("cuDeviceGetAttribute", (int) cuDeviceGetAttribute.invokeExact(i1, ATTR_CC_MINOR, cuDevice));
            ccMinor = i1.get(JAVA_INT, 0);
            // the runtime creates and makes current the device's primary context; kernels loaded through
            // the driver API live in that same context, so runtime streams and driver launches mix
            rt("cudaSetDevice", (int) cudaSetDevice.invokeExact(ordinal));
            rt("cudaFree", (int) cudaFree.invokeExact(0L));
            MemorySegment ctx = a.allocate(ADDRESS);
            drv("cuCtxGetCurrent", (int) cuCtxGetCurrent.invokeExact(ctx));
            context = ctx.get(ADDRESS, 0).address();
            drv("cuDriverGetVersion", (int) cuDriverGetVersion.invokeExact(i1));
            int driverVersion = i1.get(JAVA_INT, 0);
            rt("cudaRuntimeGetVersion", (int) cudaRuntimeGetVersion.invokeExact(i1));
            int runtimeVersion = i1.get(JAVA_INT, 0);
            fft("cufftGetVersion", (int) cufftGetVersion.invokeExact(i1));
            int cufftVersion = i1.get(JAVA_INT, 0);
            rtc("nvrtcVersion", (int) nvrtcVersion.invokeExact(i1, i2));
            versions = "driver CUDA " + cudaVersion(driverVersion) + ", runtime " + cudaVersion(runtimeVersion)
                    + ", cuFFT " + cufftVersion + ", NVRTC " + i1.get(JAVA_INT, 0) + "." + i2.get(JAVA_INT, 0);
        } catch (CudaException e) {
            throw e;
        } catch (Throwable t) {
            throw new CudaException("CUDA initialisation failed: " + t, t);
        }
    }

    /** Loads the libraries, initialises the driver and binds device {@code ordinal}; throws with the reason when any step fails. */
    public static Cuda open(CudaLibraries where, int ordinal) {
        return new Cuda(where.load(), ordinal);
    }

    private static String cudaVersion(int v) {
        return (v / 1000) + "." + (v % 1000) / 10;
    }

    private static MethodHandle bind(SymbolLookup lib, String name, FunctionDescriptor fd) {
        MemorySegment sym = lib.find(name).orElseThrow(() -> new CudaException("symbol " + name + " not found in the CUDA libraries"));
        return LINKER.downcallHandle(sym, fd);
    }

    /** e.g. "NVIDIA H100 80GB HBM3 (sm_90), driver CUDA 13.0, runtime 13.0, cuFFT 12000, NVRTC 13.0". */
    public String describe() {
        return deviceName + " (sm_" + ccMajor + ccMinor + "), " + versions;
    }

    public String deviceName() {
        return deviceName;
    }

    public List<String> libraries() {
        return libraries;
    }

    public int computeCapability() {
        return ccMajor * 10 + ccMinor;
    }

    // ---- status checks ------------------------------------------------------------------------

    private void rt(String call, int status) {
        if (status != 0) throw new CudaException(call + " failed: " + runtimeError(status));
    }

    private String runtimeError(int status) {
        try {
            MemorySegment s = (MemorySegment) cudaGetErrorString.invokeExact(status);
            return "error " + status + " (" + s.reinterpret(4096).getString(0) + ")";
        } catch (Throwable t) {
            return "error " + status;
        }
    }

    private void drv(String call, int status) {
        if (status == 0) return;
        String text = "error " + status;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ADDRESS);
            if ((int) cuGetErrorString.invokeExact(status, p) == 0) {
                text += " (" + p.get(ADDRESS, 0).reinterpret(4096).getString(0) + ")";
            }
        } catch (Throwable ignored) {
            // keep the bare number
        }
        throw new CudaException(call + " failed: " + text);
    }

    private static void fft(String call, int status) {
        if (status == 0) return;
        String name = switch (status) {
            case 1 -> "CUFFT_INVALID_PLAN";
            case 2 -> "CUFFT_ALLOC_FAILED";
            case 3 -> "CUFFT_INVALID_TYPE";
            case 4 -> "CUFFT_INVALID_VALUE";
            case 5 -> "CUFFT_INTERNAL_ERROR";
            case 6 -> "CUFFT_EXEC_FAILED";
            case 7 -> "CUFFT_SETUP_FAILED";
            case 8 -> "CUFFT_INVALID_SIZE";
            default -> "cufftResult " + status;
        };
        throw new CudaException(call + " failed: " + name);
    }

    private void rtc(String call, int status) {
        if (status == 0) return;
        String text = "nvrtcResult " + status;
        try {
            MemorySegment s = (MemorySegment) nvrtcGetErrorString.invokeExact(status);
            text += " (" + s.reinterpret(4096).getString(0) + ")";
        } catch (Throwable ignored) {
            // keep the bare number
        }
        throw new CudaException(call + " failed: " + text);
    }

    private static CudaException wrap(String call, Throwable t) {
        return t instanceof CudaException c ? c : new CudaException(call + " failed: " + t, t);
    }

    // ---- context, memory ----------------------------------------------------------------------

    /** Makes this device's primary context current on the calling thread (runtime and driver API). */
    public void makeCurrent() {
        try {
            rt("cudaSetDevice", (int) cudaSetDevice.invokeExact(device));
            drv("cuCtxSetCurrent", (int) cuCtxSetCurrent.invokeExact(context));
        } catch (Throwable t) {
            throw wrap("cudaSetDevice", t);
        }
    }

    /** Device memory; returns its address. */
    public long malloc(long bytes) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ADDRESS);
            rt("cudaMalloc(" + bytes + " bytes)", (int) cudaMalloc.invokeExact(p, bytes));
            return p.get(ADDRESS, 0).address();
        } catch (Throwable t) {
            throw wrap("cudaMalloc", t);
        }
    }

    public void free(long devicePtr) {
        if (devicePtr == 0) return;
        try {
            rt("cudaFree", (int) cudaFree.invokeExact(devicePtr));
        } catch (Throwable t) {
            throw wrap("cudaFree", t);
        }
    }

    /** Page-locked host memory (DMA-able, so async copies really overlap); returns a segment of that size. */
    public MemorySegment hostAlloc(long bytes) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ADDRESS);
            rt("cudaHostAlloc(" + bytes + " bytes)", (int) cudaHostAlloc.invokeExact(p, bytes, 0));
            return p.get(ADDRESS, 0).reinterpret(bytes);
        } catch (Throwable t) {
            throw wrap("cudaHostAlloc", t);
        }
    }

    public void freeHost(MemorySegment host) {
        if (host == null || host.address() == 0) return;
        try {
            rt("cudaFreeHost", (int) cudaFreeHost.invokeExact(host.address()));
        } catch (Throwable t) {
            throw wrap("cudaFreeHost", t);
        }
    }

    /** Synchronous copy (setup only). */
    public void memcpy(long dst, long src, long bytes, int kind) {
        try {
            rt("cudaMemcpy", (int) cudaMemcpy.invokeExact(dst, src, bytes, kind));
        } catch (Throwable t) {
            throw wrap("cudaMemcpy", t);
        }
    }

    public void memset(long dst, int value, long bytes) {
        try {
            rt("cudaMemset", (int) cudaMemset.invokeExact(dst, value, bytes));
        } catch (Throwable t) {
            throw wrap("cudaMemset", t);
        }
    }

    public void memcpyAsync(long dst, long src, long bytes, int kind, long stream) {
        try {
            int s = (int) cudaMemcpyAsync.invokeExact(dst, src, bytes, kind, stream);
            if (s != 0) rt("cudaMemcpyAsync", s);
        } catch (Throwable t) {
            throw wrap("cudaMemcpyAsync", t);
        }
    }

    // ---- streams, events ----------------------------------------------------------------------

    public long streamCreate() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ADDRESS);
            rt("cudaStreamCreateWithFlags", (int) cudaStreamCreateWithFlags.invokeExact(p, STREAM_NON_BLOCKING));
            return p.get(ADDRESS, 0).address();
        } catch (Throwable t) {
            throw wrap("cudaStreamCreateWithFlags", t);
        }
    }

    public void streamDestroy(long stream) {
        if (stream == 0) return;
        try {
            rt("cudaStreamDestroy", (int) cudaStreamDestroy.invokeExact(stream));
        } catch (Throwable t) {
            throw wrap("cudaStreamDestroy", t);
        }
    }

    public void streamSynchronize(long stream) {
        try {
            int s = (int) cudaStreamSynchronize.invokeExact(stream);
            if (s != 0) rt("cudaStreamSynchronize", s);
        } catch (Throwable t) {
            throw wrap("cudaStreamSynchronize", t);
        }
    }

    public void streamWaitEvent(long stream, long event) {
        try {
            int s = (int) cudaStreamWaitEvent.invokeExact(stream, event, 0);
            if (s != 0) rt("cudaStreamWaitEvent", s);
        } catch (Throwable t) {
            throw wrap("cudaStreamWaitEvent", t);
        }
    }

    /** An event with timing enabled (cudaEventElapsedTime works on it). */
    public long eventCreate() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ADDRESS);
            rt("cudaEventCreateWithFlags", (int) cudaEventCreateWithFlags.invokeExact(p, 0));
            return p.get(ADDRESS, 0).address();
        } catch (Throwable t) {
            throw wrap("cudaEventCreateWithFlags", t);
        }
    }

    public void eventDestroy(long event) {
        if (event == 0) return;
        try {
            rt("cudaEventDestroy", (int) cudaEventDestroy.invokeExact(event));
        } catch (Throwable t) {
            throw wrap("cudaEventDestroy", t);
        }
    }

    public void eventRecord(long event, long stream) {
        try {
            int s = (int) cudaEventRecord.invokeExact(event, stream);
            if (s != 0) rt("cudaEventRecord", s);
        } catch (Throwable t) {
            throw wrap("cudaEventRecord", t);
        }
    }

    public void eventSynchronize(long event) {
        try {
            int s = (int) cudaEventSynchronize.invokeExact(event);
            if (s != 0) rt("cudaEventSynchronize", s);
        } catch (Throwable t) {
            throw wrap("cudaEventSynchronize", t);
        }
    }

    /** Milliseconds between two completed events; {@code scratch} holds at least one float. */
    public float eventElapsedMs(long start, long end, MemorySegment scratch) {
        try {
            int s = (int) cudaEventElapsedTime.invokeExact(scratch.address(), start, end);
            if (s != 0) rt("cudaEventElapsedTime", s);
            return scratch.get(JAVA_FLOAT, 0);
        } catch (Throwable t) {
            throw wrap("cudaEventElapsedTime", t);
        }
    }

    // ---- cuFFT --------------------------------------------------------------------------------

    /** A batched 1-D complex-to-complex plan over contiguous rows of {@code n} samples, run on {@code stream}. */
    public int fftPlanC2C(int n, int batch, long stream) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment plan = a.allocate(JAVA_INT);
            MemorySegment dims = a.allocateFrom(JAVA_INT, n);
            fft("cufftPlanMany(n=" + n + ", batch=" + batch + ")", (int) cufftPlanMany.invokeExact(plan, 1, dims,
                    MemorySegment.NULL, 1, n, MemorySegment.NULL, 1, n, CUFFT_C2C, batch));
            int handle = plan.get(JAVA_INT, 0);
            fft("cufftSetStream", (int) cufftSetStream.invokeExact(handle, stream));
            return handle;
        } catch (Throwable t) {
            throw wrap("cufftPlanMany", t);
        }
    }

    public void fftForward(int plan, long in, long out) {
        try {
            int s = (int) cufftExecC2C.invokeExact(plan, in, out, CUFFT_FORWARD);
            if (s != 0) fft("cufftExecC2C", s);
        } catch (Throwable t) {
            throw wrap("cufftExecC2C", t);
        }
    }

    public void fftDestroy(int plan) {
        try {
            fft("cufftDestroy", (int) cufftDestroy.invokeExact(plan));
        } catch (Throwable t) {
            throw wrap("cufftDestroy", t);
        }
    }

    // ---- NVRTC + modules ----------------------------------------------------------------------

    /**
     * Compiles CUDA C source for this device: a cubin for its exact sm_XY (no driver JIT), or PTX
     * for compute_XY when this NVRTC does not know the architecture. Returns the image bytes.
     */
    public byte[] compile(String source, String name) {
        String[] attempts = {"--gpu-architecture=sm_" + ccMajor + ccMinor, "--gpu-architecture=compute_" + ccMajor + ccMinor};
        CudaException first = null;
        for (int i = 0; i < attempts.length; i++) {
            try {
                return compileOnce(source, name, attempts[i], i == 0);
            } catch (CudaException e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
        }
        throw first;
    }

    private byte[] compileOnce(String source, String name, String arch, boolean cubin) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment progOut = a.allocate(ADDRESS);
            rtc("nvrtcCreateProgram", (int) nvrtcCreateProgram.invokeExact(progOut, a.allocateFrom(source),
                    a.allocateFrom(name), 0, MemorySegment.NULL, MemorySegment.NULL));
            long prog = progOut.get(ADDRESS, 0).address();
            try {
                String[] opts = {arch};
                MemorySegment optPtrs = a.allocate(MemoryLayout.sequenceLayout(opts.length, ADDRESS));
                for (int i = 0; i < opts.length; i++) optPtrs.setAtIndex(ADDRESS, i, a.allocateFrom(opts[i]));
                int status = (int) nvrtcCompileProgram.invokeExact(prog, opts.length, optPtrs);
                if (status != 0) {
                    MemorySegment size = a.allocate(JAVA_LONG);
                    String log = "";
                    if ((int) nvrtcGetProgramLogSize.invokeExact(prog, size) == 0) {
                        MemorySegment buf = a.allocate(Math.max(1, size.get(JAVA_LONG, 0)));
                        if ((int) nvrtcGetProgramLog.invokeExact(prog, buf) == 0) log = buf.getString(0);
                    }
                    throw new CudaException("NVRTC compile of " + name + " (" + arch + ") failed: " + log.strip());
                }
                MemorySegment size = a.allocate(JAVA_LONG);
                if (cubin) rtc("nvrtcGetCUBINSize", (int) nvrtcGetCUBINSize.invokeExact(prog, size));
                else rtc("nvrtcGetPTXSize", (int) nvrtcGetPTXSize.invokeExact(prog, size));
                MemorySegment buf = a.allocate(size.get(JAVA_LONG, 0));
                if (cubin) rtc("nvrtcGetCUBIN", (int) nvrtcGetCUBIN.invokeExact(prog, buf));
                else rtc("nvrtcGetPTX", (int) nvrtcGetPTX.invokeExact(prog, buf));
                return buf.toArray(JAVA_BYTE);
            } finally {
                rtc("nvrtcDestroyProgram", (int) nvrtcDestroyProgram.invokeExact(progOut));
            }
        } catch (Throwable t) {
            throw wrap("NVRTC", t);
        }
    }

    /** Loads a cubin or PTX image (PTX must end in a NUL, which {@link #compile} keeps). */
    public long moduleLoad(byte[] image) {
        try (Arena a = Arena.ofConfined()) {
            // 16-byte aligned and NUL-terminated: the driver reads cubin headers in place and PTX as a C string
            MemorySegment img = a.allocate(image.length + 1L, 16);
            MemorySegment.copy(image, 0, img, JAVA_BYTE, 0, image.length);
            MemorySegment p = a.allocate(ADDRESS);
            drv("cuModuleLoadData", (int) cuModuleLoadData.invokeExact(p, img));
            return p.get(ADDRESS, 0).address();
        } catch (Throwable t) {
            throw wrap("cuModuleLoadData", t);
        }
    }

    public long moduleFunction(long module, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ADDRESS);
            drv("cuModuleGetFunction(" + name + ")", (int) cuModuleGetFunction.invokeExact(p, module,
                    a.allocateFrom(name, StandardCharsets.US_ASCII)));
            return p.get(ADDRESS, 0).address();
        } catch (Throwable t) {
            throw wrap("cuModuleGetFunction", t);
        }
    }

    public void moduleUnload(long module) {
        if (module == 0) return;
        try {
            drv("cuModuleUnload", (int) cuModuleUnload.invokeExact(module));
        } catch (Throwable t) {
            throw wrap("cuModuleUnload", t);
        }
    }

    /** 1-D launch; {@code params} is the address of a void*[] of argument addresses (copied at launch). */
    public void launch(long function, int blocks, int threads, long stream, long params) {
        try {
            int s = (int) cuLaunchKernel.invokeExact(function, blocks, 1, 1, threads, 1, 1, 0, stream, params, 0L);
            if (s != 0) drv("cuLaunchKernel", s);
        } catch (Throwable t) {
            throw wrap("cuLaunchKernel", t);
        }
    }
}
