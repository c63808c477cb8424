package dev.g20.config;

import java.util.List;

/**
 * Detector configuration (config/inference.yaml): the original keys plus the detector choice and
 * the ONNX Runtime execution provider.
 *
 * @param inputSize model input as [width, height] in pixels (the order the file has always used)
 */
public record InferenceConfig(DetectorKind detector, String modelPath, int[] inputSize, double confidenceThreshold,
                              double nmsThreshold, ExecutionProvider executionProvider, boolean trtFp16, boolean trtInt8,
                              String trtEngineCacheDir) {

    /** The detectors' wire names, in the order messages list them. */
    public static final List<String> DETECTORS = WireName.names(DetectorKind.class);

    public static InferenceConfig defaults() {
        return new InferenceConfig(DetectorKind.YOLO, "models/g20-detector.onnx", new int[]{640, 640}, 0.25, 0.45, ExecutionProvider.CPU, true, false, "models/trt-cache");
    }

    public InferenceConfig {
        inputSize = inputSize.clone();
    }

    @Override
    public int[] inputSize() {
        return inputSize.clone();
    }

    public int inputWidth() {
        return inputSize[0];
    }

    public int inputHeight() {
        return inputSize[1];
    }

    public InferenceConfig withDetector(DetectorKind d) {
        return new InferenceConfig(d, modelPath, inputSize, confidenceThreshold, nmsThreshold, executionProvider, trtFp16, trtInt8, trtEngineCacheDir);
    }

    public InferenceConfig withModelPath(String p) {
        return new InferenceConfig(detector, p, inputSize, confidenceThreshold, nmsThreshold, executionProvider, trtFp16, trtInt8, trtEngineCacheDir);
    }

    public static InferenceConfig from(ConfigNode n) {
        InferenceConfig d = defaults();
        DetectorKind det = n.getEnum("detector", d.detector, DetectorKind.class);
        String model = n.getString("model_path", d.modelPath);
        int[] size = n.getIntArray("input_size", d.inputSize);
        n.require(size.length == 2 && size[0] >= 8 && size[1] >= 8 && size[0] <= 8192 && size[1] <= 8192,
                "input_size", "must be [width, height] with each in [8, 8192]");
        double conf = n.getDouble("confidence_threshold", d.confidenceThreshold);
        n.require(conf >= 0 && conf <= 1, "confidence_threshold", "must be in [0, 1], got " + conf);
        double nms = n.getDouble("nms_threshold", d.nmsThreshold);
        n.require(nms >= 0 && nms <= 1, "nms_threshold", "must be in [0, 1], got " + nms);
        ExecutionProvider ep = n.getEnum("execution_provider", d.executionProvider, ExecutionProvider.class);
        ConfigNode trt = n.child("tensorrt");
        boolean fp16 = trt.getBoolean("fp16", d.trtFp16);
        boolean int8 = trt.getBoolean("int8", d.trtInt8);
        String cache = trt.getString("engine_cache_dir", d.trtEngineCacheDir);
        return new InferenceConfig(det, model, size, conf, nms, ep, fp16, int8, cache);
    }
}
