package dev.g20.detect;

import dev.g20.util.Errors;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.providers.OrtTensorRTProviderOptions;
import dev.g20.config.ConfigException;
import dev.g20.config.ExecutionProvider;
import dev.g20.config.InferenceConfig;
import dev.g20.config.SpectrogramConfig;
import dev.g20.spectrogram.SpectrogramFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The model detector: an ONNX Runtime session on a YOLOv8-layout model (models/MODEL_CARD.md). The input tensor [1, C, H, W] is built from the canonical frame by
 * {@link InferenceInput} into one direct buffer that the session reads in place on every frame;
 * when the output shape is static, the output is written into one pinned buffer too, so a frame
 * allocates only its detections. The execution provider comes from inference.yaml (cpu, cuda,
 * tensorrt); one that this ONNX Runtime cannot use falls back to cpu with one log line.
 * Not thread-safe: one caller thread, as {@link Detector} says.
 */
public final class YoloDetector implements Detector {
    private static final Logger LOG = LoggerFactory.getLogger(YoloDetector.class);
    private static final int MAX_DETECTIONS = 300;

    private final Path modelFile;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String provider;
    private final String inputName;
    private final String outputName;
    private final InferenceInput input;
    private final float[] tensor;
    private final FloatBuffer inputBuffer;
    private final OnnxTensor inputTensor;
    private final Map<String, OnnxTensor> inputs;
    private final long[] pinnedShape;
    private final FloatBuffer pinnedBuffer;
    private final OnnxTensor pinnedTensor;
    private final Map<String, OnnxTensor> pinned;
    private final List<String> names;
    private final int metadataClasses;
    private final YoloDecoder decoder;
    private YoloDecoder everyClassDecoder;
    private List<Detection> everyClass = List.of();
    private final double sessionMs;
    private final double warmupMs;
    private long frames;
    private long inferenceNanos;

    /**
     * Loads the model and runs a warm-up inference.
     *
     * @param modelFile   the .onnx file (already resolved against the G20 home)
     * @param trtCacheDir TensorRT engine cache directory (resolved), used with the tensorrt provider
     * @throws ConfigException when the file is missing, not an ONNX model, or not a YOLO layout
     */
    public YoloDetector(Path modelFile, InferenceConfig config, SpectrogramConfig spectrogram, Path trtCacheDir) {
        this.modelFile = modelFile;
        if (!Files.isRegularFile(modelFile))
            throw new ConfigException(modelFile + ": model file not found (inference.yaml model_path or --model; --detector energy needs no model)");
        env = OrtEnvironment.getEnvironment();
        long t0 = System.nanoTime();
        String[] used = {"cpu"};
        session = open(modelFile, config, trtCacheDir, used);
        provider = used[0];
        sessionMs = (System.nanoTime() - t0) / 1e6;
        try {
            if (session.getNumInputs() != 1) throw bad("has " + session.getNumInputs() + " inputs, expected 1 image input [1, C, H, W]");
            var in = session.getInputInfo().entrySet().iterator().next();
            inputName = in.getKey();
            long[] inShape = tensorShape(in.getValue(), "input '" + inputName + "'");
            if (inShape.length != 4) throw bad("input '" + inputName + "' has shape " + Arrays.toString(inShape) + ", expected [1, C, H, W]");
            // dynamic dims: batch 1, 3 channels as YOLOv8 exports, H and W from inference.yaml input_size
            int c = inShape[1] > 0 ? (int) inShape[1] : 3;
            int h = inShape[2] > 0 ? (int) inShape[2] : config.inputHeight();
            int w = inShape[3] > 0 ? (int) inShape[3] : config.inputWidth();
            if (inShape[0] > 1) throw bad("input batch is " + inShape[0] + ", expected 1");
            if (c != 1 && c != 3) throw bad("input has " + c + " channels, expected 1 or 3");
            input = InferenceInput.forModel(c, h, w, spectrogram);

            Map<String, NodeInfo> outs = session.getOutputInfo();
            outputName = outs.containsKey("output0") ? "output0" : outs.keySet().iterator().next();
            long[] outShape = tensorShape(outs.get(outputName), "output '" + outputName + "'");
            if (outShape.length != 3) throw bad("output '" + outputName + "' has shape " + Arrays.toString(outShape)
                    + ", expected [1, 4 + classes, N] or [1, N, 6]");

            Map<String, String> meta = session.getMetadata().getCustomMetadata();
            List<String> fromMeta = ModelClassNames.parse(meta.get("names"));
            if (meta.containsKey("names") && fromMeta == null)
                LOG.warn("yolo: {}: metadata 'names' is not a dict or list ({}); looking for a sidecar", modelFile, abbreviate(meta.get("names")));
            List<String> named = fromMeta;
            if (named == null) {
                for (Path p : ModelClassNames.sidecars(modelFile)) {
                    named = ModelClassNames.readSidecar(p);
                    if (named != null) break;
                }
            }
            metadataClasses = named == null ? -1 : named.size();
            long[] fixed = outShape.clone();
            if (fixed[0] < 0) fixed[0] = 1;
            YoloDecoder.Layout layout = fixed[1] > 0 && fixed[2] > 0 ? YoloDecoder.layoutOf(fixed, metadataClasses) : null;
            if (layout == null && fixed[1] > 0 && fixed[2] > 0)
                throw bad("output '" + outputName + "' has shape " + Arrays.toString(outShape) + ", expected [1, 4 + classes, N] or [1, N, 6]");
            int nc = layout == YoloDecoder.Layout.YOLOV8 ? (int) fixed[1] - 4 : -1;
            if (named == null) named = nc > 0 ? ModelClassNames.fallback(nc) : SignalClasses.NAMES;
            else if (nc > 0 && named.size() != nc) {
                LOG.warn("yolo: {}: model has {} classes but its names list {}; unnamed ones are class<id>", modelFile, nc, named.size());
                named = nc < named.size() ? named.subList(0, nc) : named;
            }
            names = List.copyOf(named);
            decoder = new YoloDecoder(config.confidenceThreshold(), config.nmsThreshold(), MAX_DETECTIONS);

            tensor = input.newTensor();
            inputBuffer = ByteBuffer.allocateDirect(4 * input.size()).order(ByteOrder.nativeOrder()).asFloatBuffer();
            inputTensor = OnnxTensor.createTensor(env, inputBuffer, new long[]{1, c, h, w});
            inputs = Map.of(inputName, inputTensor);
            if (layout != null) {
                pinnedShape = fixed;
                pinnedBuffer = ByteBuffer.allocateDirect((int) (4 * fixed[0] * fixed[1] * fixed[2])).order(ByteOrder.nativeOrder()).asFloatBuffer();
                pinnedTensor = OnnxTensor.createTensor(env, pinnedBuffer, fixed);
                pinned = Map.of(outputName, pinnedTensor);
            } else {
                pinnedShape = null;
                pinnedBuffer = null;
                pinnedTensor = null;
                pinned = null;
            }
        } catch (OrtException e) {
            closeQuietly();
            throw bad("cannot be read by ONNX Runtime (" + firstLine(e) + ")");
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
        // warm-up: the first run allocates and plans; then time a few to report a steady figure
        long w0 = System.nanoTime();
        try {
            detectTensor(tensor);
            warmupMs = (System.nanoTime() - w0) / 1e6;
            frames = 0;
            inferenceNanos = 0;
            for (int i = 0; i < 3; i++) detectTensor(tensor);
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
        LOG.info(String.format(Locale.ROOT, "yolo: session %.0f ms, inference %.1f ms/frame (first %.1f ms), provider %s, input [1, %d, %d, %d], %d classes, %s",
                sessionMs, meanInferenceMs(), warmupMs, provider, input.channels(), input.height(), input.width(), names.size(), modelFile.getFileName()));
        frames = 0;
        inferenceNanos = 0;
    }

    private OrtSession open(Path file, InferenceConfig config, Path trtCacheDir, String[] used) {
        ExecutionProvider want = config.executionProvider();
        if (want != ExecutionProvider.CPU) {
            EnumSet<OrtProvider> available = OrtEnvironment.getAvailableProviders();
            OrtProvider needed = want == ExecutionProvider.CUDA ? OrtProvider.CUDA : OrtProvider.TENSOR_RT;
            if (!available.contains(needed)) {
                LOG.warn("yolo: execution provider '{}' is not in this ONNX Runtime build (has {}); falling back to cpu", want, available);
            } else {
                try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
                    if (want == ExecutionProvider.TENSORRT) {
                        try (OrtTensorRTProviderOptions trt = new OrtTensorRTProviderOptions(0)) {
                            trt.add("trt_fp16_enable", config.trtFp16() ? "1" : "0");
                            trt.add("trt_int8_enable", config.trtInt8() ? "1" : "0");
                            trt.add("trt_engine_cache_enable", "1");
                            trt.add("trt_engine_cache_path", trtCacheDir.toString());
                            Files.createDirectories(trtCacheDir);
                            opts.addTensorrt(trt);
                        }
                        // nodes TensorRT cannot take run on CUDA rather than the CPU
                        if (available.contains(OrtProvider.CUDA)) opts.addCUDA(0);
                    } else {
                        opts.addCUDA(0);
                    }
                    OrtSession s = env.createSession(file.toString(), opts);
                    used[0] = want.wireName();
                    return s;
                } catch (OrtException | java.io.IOException | RuntimeException e) {
                    LOG.warn("yolo: execution provider '{}' failed to start ({}); falling back to cpu", want, firstLine(e));
                }
            }
        }
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            return env.createSession(file.toString(), opts);
        } catch (OrtException e) {
            throw bad("is not a valid ONNX model (" + firstLine(e) + ")");
        }
    }

    private long[] tensorShape(NodeInfo info, String what) {
        if (!(info.getInfo() instanceof TensorInfo ti)) throw bad(what + " is not a tensor");
        if (ti.type != OnnxJavaType.FLOAT) throw bad(what + " is " + ti.type + ", expected float32");
        return ti.getShape();
    }

    private ConfigException bad(String what) {
        return new ConfigException(modelFile + ": model " + what);
    }

    @Override
    public String name() {
        return "yolo";
    }

    @Override
    public List<String> classNames() {
        return names;
    }

    /** Execution provider in use: cpu, cuda or tensorrt. */
    public String provider() {
        return provider;
    }

    public InferenceInput input() {
        return input;
    }

    /**
     * For scoring: with {@code on}, each frame is also decoded with every class an anchor scores
     * at or above the threshold as a detection, not only its best (the YOLOv8 tooling's val,
     * {@code multi_label}); {@link #everyClassDetections()} returns that list. What
     * {@link #detect} returns is unchanged.
     */
    public void alsoRankEveryClass(boolean on) {
        everyClassDecoder = on ? new YoloDecoder(decoder.confidence(), decoder.nms(), MAX_DETECTIONS, true) : null;
        everyClass = List.of();
    }

    /** True after {@link #alsoRankEveryClass(boolean) alsoRankEveryClass(true)}. */
    public boolean ranksEveryClass() {
        return everyClassDecoder != null;
    }

    /** The last frame's detections with every passing class of an anchor (empty unless {@link #ranksEveryClass()}). */
    public List<Detection> everyClassDetections() {
        return everyClass;
    }

    public double sessionMillis() {
        return sessionMs;
    }

    /** Mean time per frame since start (inference input, run, decode), in ms. */
    public double meanInferenceMs() {
        return frames == 0 ? 0 : inferenceNanos / 1e6 / frames;
    }

    @Override
    public List<Detection> detect(SpectrogramFrame frame) {
        long t0 = System.nanoTime();
        input.fill(frame, tensor);
        inferenceNanos += System.nanoTime() - t0;
        List<Detection> out = detectTensor(tensor);
        // boxes wholly in padding (a partial frame's, or the rows a short-hop frame leaves) go
        return frame.partial() || input.usedHeight() < input.height() ? clipToRealRows(out, frame.validHeight()) : out;
    }

    /** A partial frame: boxes end where the real rows end; a box wholly in the padding is dropped. */
    private static List<Detection> clipToRealRows(List<Detection> in, double validHeight) {
        List<Detection> out = new java.util.ArrayList<>(in.size());
        for (Detection d : in) {
            Box b = d.box();
            if (b.y1() >= validHeight) continue;
            out.add(b.y2() <= validHeight ? d : new Detection(new Box(b.x1(), b.y1(), b.x2(), validHeight), d.classId(), d.className(), d.confidence()));
        }
        return out;
    }

    /** Detections for a ready model-input tensor [C, H, W] (e.g. from a dataset's .npy files). */
    public List<Detection> detectTensor(float[] chw) {
        if (chw.length != input.size())
            throw new IllegalArgumentException("tensor has " + chw.length + " values, model input needs " + input.size());
        long t0 = System.nanoTime();
        inputBuffer.clear();
        inputBuffer.put(chw);
        List<Detection> out;
        try {
            if (pinned != null) {
                try (OrtSession.Result ignored = session.run(inputs, pinned)) {
                    YoloDecoder.Layout layout = YoloDecoder.layoutOf(pinnedShape, metadataClasses);
                    out = decoder.decode(pinnedBuffer, pinnedShape, layout, names, input);
                    if (everyClassDecoder != null) everyClass = everyClassDecoder.decode(pinnedBuffer, pinnedShape, layout, names, input);
                }
            } else {
                try (OrtSession.Result r = session.run(inputs)) {
                    OnnxValue v = r.get(outputName).orElseThrow();
                    OnnxTensor t = (OnnxTensor) v;
                    long[] shape = t.getInfo().getShape();
                    YoloDecoder.Layout layout = YoloDecoder.layoutOf(shape, metadataClasses);
                    if (layout == null) throw bad("output has shape " + Arrays.toString(shape) + ", expected [1, 4 + classes, N] or [1, N, 6]");
                    out = decoder.decode(t.getFloatBuffer(), shape, layout, names, input);
                    if (everyClassDecoder != null) everyClass = everyClassDecoder.decode(t.getFloatBuffer(), shape, layout, names, input);
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException(modelFile + ": inference failed: " + firstLine(e), e);
        }
        inferenceNanos += System.nanoTime() - t0;
        frames++;
        return out;
    }

    private static String firstLine(Throwable e) {
        return abbreviate(Errors.oneLine(e));
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException ignored) {
            // already failing; the original error is the one to report
        }
    }

    @Override
    public void close() {
        if (pinnedTensor != null) pinnedTensor.close();
        if (inputTensor != null) inputTensor.close();
        try {
            if (session != null) session.close();
        } catch (OrtException e) {
            LOG.warn("yolo: closing the session failed: {}", e.getMessage());
        }
    }
}
