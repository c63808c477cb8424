package dev.g20.detect;

import dev.g20.source.SampleFormat;
import dev.g20.source.SigMf;
import dev.g20.source.SigMfAnnotation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The hand-computed eval fixture: one 16 x 64 frame (fft 64, hop 32, 16 rows, fs 32 kHz), a
 * 16 x 32 single-channel model with constant output, three annotations, five detections.
 *
 * <pre>
 * class cw: GT at x [4, 12] and [16, 20] px; detections 0.9 on [4, 12] (exact), 0.8 on [29, 31]
 *           (nothing there), 0.7 on [16, 22.5] (IoU 4 / 6.5 = 0.615 with the second GT)
 *   IoU 0.50-0.60: TP FP TP: recall .5 .5 1, precision 1 .5 .667 -> AP = (51 * 1 + 50 * 2/3) / 101
 *   IoU 0.65-0.95: TP FP FP: AP = 51 / 101
 * class fm: GT at x [20, 28] px; detections 0.95 on [0, 2] (FP), 0.6 on [20, 28] (exact)
 *   every IoU: FP TP: recall 0 1, precision 0 .5 -> AP = 0.5
 * all boxes span the whole frame in time.
 * </pre>
 */
final class EvalFixtures {
    static final double FS = 32_000;
    static final double AP50_CW = (51 + 50 * 2.0 / 3) / 101;
    static final double AP_HIGH_CW = 51.0 / 101;
    static final double AP5095_CW = (3 * AP50_CW + 7 * AP_HIGH_CW) / 10;
    static final double MAP50 = (AP50_CW + 0.5) / 2;
    static final double MAP5095 = (AP5095_CW + 0.5) / 2;

    private EvalFixtures() {
    }

    /** Canonical x of model pixel column {@code px} (width 32) as a frequency in Hz. */
    private static double hz(double px) {
        return (px / 32 - 0.5) * FS;
    }

    static Path configDir(Path dir) {
        try {
            Path c = dir.resolve("config");
            Files.createDirectories(c);
            Files.writeString(c.resolve("spectrogram.yaml"), "fft_size: 64\noverlap: 0.5\nrows_per_frame: 16\nfft_backend: cpu\n");
            Files.writeString(c.resolve("inference.yaml"), "detector: yolo\nmodel_path: " + dir.resolve("fixture.onnx") + "\n");
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A recording of exactly one frame (15 * 32 + 64 samples) of weak noise with the three annotations. */
    static Path oneFrameRecording(Path dir) {
        try {
            int samples = 15 * 32 + 64;
            float[] iq = new float[2 * samples];
            java.util.Random r = new java.util.Random(3);
            for (int i = 0; i < iq.length; i++) iq[i] = (float) (r.nextGaussian() * 1e-3);
            ByteBuffer b = ByteBuffer.allocate(8 * samples);
            SampleFormat.CF32_LE.encode(iq, samples, b);
            Files.write(dir.resolve("one.sigmf-data"), b.array());
            List<SigMfAnnotation> anns = List.of(
                    new SigMfAnnotation(0, samples, hz(4), hz(12), "cw", Map.of()),
                    new SigMfAnnotation(0, samples, hz(16), hz(20), "cw", Map.of()),
                    new SigMfAnnotation(0, samples, hz(20), hz(28), "fm", Map.of()));
            Path meta = dir.resolve("one.sigmf-meta");
            SigMf.writeMeta(meta, SigMf.newMeta(SampleFormat.CF32_LE, FS, 0, 0, "eval fixture"), anns);
            return meta;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The constant-output model of the fixture, written as dir/fixture.onnx. */
    static Path model(Path dir) {
        float[] out = OnnxModels.yolov8(2,
                new float[]{8, 8, 8, 16, 0.9f, 0},
                new float[]{30, 8, 2, 16, 0.8f, 0},
                new float[]{19.25f, 8, 6.5f, 16, 0.7f, 0},
                new float[]{1, 8, 2, 16, 0, 0.95f},
                new float[]{24, 8, 8, 16, 0, 0.6f});
        byte[] model = OnnxModels.constantOutput(new Object[]{1, 1, 16, 32}, new long[]{1, 6, 5}, out, Map.of("names", "{0: 'cw', 1: 'fm'}"));
        try {
            return OnnxModels.write(dir.resolve("fixture.onnx"), model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same scene as a dataset: data.yaml, val/images/a.npy ([1, 16, 32] zeros), val/labels/a.txt. */
    static Path dataset(Path dir) {
        try {
            Path d = dir.resolve("ds");
            Files.createDirectories(d.resolve("val/images"));
            Files.createDirectories(d.resolve("val/labels"));
            Files.writeString(d.resolve("data.yaml"), "path: .\ntrain: train/images\nval: val/images\nnames:\n  0: cw\n  1: fm\n");
            writeNpy(d.resolve("val/images/a.npy"), new int[]{1, 16, 32}, new float[16 * 32]);
            Files.writeString(d.resolve("val/labels/a.txt"), "0 0.25 0.5 0.25 1\n0 0.5625 0.5 0.125 1\n1 0.75 0.5 0.25 1\n");
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeNpy(Path file, int[] shape, float[] data) throws IOException {
        StringBuilder s = new StringBuilder("(");
        for (int x : shape) s.append(x).append(", ");
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + s.append(")") + ", }";
        int total = 10 + header.length() + 1;
        header = header + " ".repeat((64 - total % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (float v : data) b.putFloat(v);
        Files.write(file, b.array());
    }
}
