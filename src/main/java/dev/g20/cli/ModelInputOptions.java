package dev.g20.cli;

import dev.g20.config.G20Config;
import dev.g20.synth.Npy;
import picocli.CommandLine.Option;

import java.util.Locale;

/** The model-input tensor options `dataset` and `calibrate` share: size, channels and storage dtype. */
final class ModelInputOptions {
    @Option(names = "--input-size", paramLabel = "WxH", description = "model input size (default: inference.yaml input_size)")
    String inputSize;

    @Option(names = "--channels", paramLabel = "C", defaultValue = "1", description = "tensor channels (default: ${DEFAULT-VALUE})")
    int channels;

    @Option(names = "--dtype", paramLabel = "T", defaultValue = "float32",
            description = "tensor storage: float32, or uint8 (value / 255; a quarter of the disk: a full-resolution 4096x256 input is 1 MB instead of 4) (default: ${DEFAULT-VALUE})")
    String dtype;

    /** --channels, checked. */
    int channels() {
        if (channels < 1 || channels > 16) throw new UserError("--channels must be in [1, 16], got " + channels);
        return channels;
    }

    /** --dtype, checked. */
    Npy.Dtype dtype() {
        try {
            return Npy.Dtype.parse(dtype);
        } catch (IllegalArgumentException e) {
            throw new UserError("--dtype " + e.getMessage());
        }
    }

    /** {width, height}: --input-size, else inference.yaml's input_size. */
    int[] size(G20Config config) {
        if (inputSize == null) return new int[]{config.inference().inputWidth(), config.inference().inputHeight()};
        String[] p = inputSize.toLowerCase(Locale.ROOT).split("x");
        int w, h;
        try {
            if (p.length != 2) throw new NumberFormatException();
            w = Integer.parseInt(p[0].trim());
            h = Integer.parseInt(p[1].trim());
        } catch (NumberFormatException e) {
            throw new UserError("--input-size must be WxH (e.g. 4096x256), got '" + inputSize + "'");
        }
        if (w < 8 || h < 8 || w > 8192 || h > 8192) throw new UserError("--input-size: width and height must be in [8, 8192], got " + inputSize);
        return new int[]{w, h};
    }
}
