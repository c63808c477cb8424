package dev.g20.detect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds small ONNX models in tests, with no Python and no downloaded weights: a minimal protobuf
 * encoder for the ModelProto fields we need (onnx.proto3 field numbers), ir_version 8, opset 17.
 */
final class OnnxModels {

    private OnnxModels() {
    }

    /** Protobuf wire-format writer: varints, length-delimited fields, packed floats. */
    static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        private void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        private void tag(int field, int wire) {
            varint(((long) field << 3) | wire);
        }

        Proto i64(int field, long v) {
            tag(field, 0);
            varint(v);
            return this;
        }

        Proto bytes(int field, byte[] b) {
            tag(field, 2);
            varint(b.length);
            out.writeBytes(b);
            return this;
        }

        Proto str(int field, String s) {
            return bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        Proto msg(int field, Proto m) {
            return bytes(field, m.toBytes());
        }

        Proto f32(int field, float v) {
            tag(field, 5);
            int bits = Float.floatToRawIntBits(v);
            for (int i = 0; i < 4; i++) out.write((bits >>> (8 * i)) & 0xFF);
            return this;
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }

    static final int FLOAT = 1;

    /** TensorProto with float raw_data. */
    static Proto tensor(String name, long[] dims, float[] values) {
        Proto t = new Proto();
        for (long d : dims) t.i64(1, d);
        t.i64(2, FLOAT);
        t.str(8, name);
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        t.bytes(9, b.array());
        return t;
    }

    /** ValueInfoProto of a float tensor; a null entry in {@code dims} is a named dynamic dim. */
    static Proto valueInfo(String name, Object... dims) {
        Proto shape = new Proto();
        int k = 0;
        for (Object d : dims) {
            Proto dim = new Proto();
            if (d instanceof Number n) dim.i64(1, n.longValue());
            else dim.str(2, d == null ? "d" + k : d.toString());
            shape.msg(1, dim);
            k++;
        }
        Proto tensorType = new Proto().i64(1, FLOAT).msg(2, shape);
        Proto type = new Proto().msg(1, tensorType);
        return new Proto().str(1, name).msg(2, type);
    }

    /** NodeProto; attributes as (name, AttributeProto) pairs. */
    static Proto node(String op, String[] inputs, String[] outputs, Proto... attributes) {
        Proto n = new Proto();
        for (String i : inputs) n.str(1, i);
        for (String o : outputs) n.str(2, o);
        n.str(3, op + "_" + outputs[0]);
        n.str(4, op);
        for (Proto a : attributes) n.msg(5, a);
        return n;
    }

    static Proto intAttr(String name, long v) {
        return new Proto().str(1, name).i64(3, v).i64(20, 2);
    }

    static Proto intsAttr(String name, long... v) {
        Proto a = new Proto().str(1, name);
        for (long x : v) a.i64(8, x);
        return a.i64(20, 7);
    }

    /** A whole ModelProto. */
    static byte[] model(Proto graph, Map<String, String> metadata) {
        Proto m = new Proto();
        m.i64(1, 8);                                    // ir_version
        m.str(2, "g20-tests");                          // producer_name
        m.msg(7, graph);                                // graph
        m.msg(8, new Proto().str(1, "").i64(2, 17));    // opset_import: default domain, 17
        for (var e : metadata.entrySet()) m.msg(14, new Proto().str(1, e.getKey()).str(2, e.getValue()));
        return m.toBytes();
    }

    /**
     * A model whose output is the constant {@code values} of shape {@code outShape}, whatever the
     * input: output0 = const + 0 * ReduceSum(images). The reduction keeps the input in the graph
     * so the session really reads it.
     *
     * @param inDims input dims; null entries are dynamic
     */
    static byte[] constantOutput(Object[] inDims, long[] outShape, float[] values, Map<String, String> metadata) {
        Proto g = new Proto();
        g.msg(1, node("ReduceSum", new String[]{"images"}, new String[]{"s"}, intAttr("keepdims", 0)));
        g.msg(1, node("Mul", new String[]{"s", "zero"}, new String[]{"z"}));
        g.msg(1, node("Add", new String[]{"const", "z"}, new String[]{"output0"}));
        g.str(2, "constant_detector");
        g.msg(5, tensor("const", outShape, values));
        g.msg(5, tensor("zero", new long[0], new float[]{0f}));
        g.msg(11, valueInfo("images", inDims));
        Object[] od = new Object[outShape.length];
        for (int i = 0; i < od.length; i++) od[i] = outShape[i];
        g.msg(12, valueInfo("output0", od));
        return model(g, metadata);
    }

    static Path write(Path file, byte[] model) throws IOException {
        Files.write(file, model);
        return file;
    }

    /**
     * YOLOv8-layout output [1, 4 + nc, N] from boxes given as rows {cx, cy, w, h, score0..score(nc-1)}.
     */
    static float[] yolov8(int nc, float[]... anchors) {
        int n = anchors.length, k = 4 + nc;
        float[] out = new float[k * n];
        for (int a = 0; a < n; a++) for (int j = 0; j < k; j++) out[j * n + a] = anchors[a][j];
        return out;
    }

    /**
     * A small convolutional network with the YOLOv8 output layout, random weights, for latency
     * measurements: strided 3x3 convs with ReLU down to stride 16, then a 1x1 head to 4 + nc
     * channels reshaped to [1, 4 + nc, (H/16)*(W/16)] with a sigmoid.
     */
    static byte[] convNet(int channels, int h, int w, int nc, int width, long seed) {
        Random rnd = new Random(seed);
        Proto g = new Proto();
        List<Proto> inits = new ArrayList<>();
        String x = "images";
        int cin = channels;
        int[] widths = {width, width * 2, width * 4, width * 4};
        for (int l = 0; l < widths.length; l++) {
            int cout = widths[l];
            float[] wts = new float[cout * cin * 9];
            double std = Math.sqrt(2.0 / (cin * 9));
            for (int i = 0; i < wts.length; i++) wts[i] = (float) (rnd.nextGaussian() * std);
            inits.add(tensor("w" + l, new long[]{cout, cin, 3, 3}, wts));
            inits.add(tensor("b" + l, new long[]{cout}, new float[cout]));
            g.msg(1, node("Conv", new String[]{x, "w" + l, "b" + l}, new String[]{"c" + l},
                    intsAttr("kernel_shape", 3, 3), intsAttr("strides", 2, 2), intsAttr("pads", 1, 1, 1, 1)));
            g.msg(1, node("Relu", new String[]{"c" + l}, new String[]{"r" + l}));
            x = "r" + l;
            cin = cout;
        }
        int k = 4 + nc;
        float[] hw = new float[k * cin];
        for (int i = 0; i < hw.length; i++) hw[i] = (float) (rnd.nextGaussian() * 0.05);
        inits.add(tensor("wh", new long[]{k, cin, 1, 1}, hw));
        inits.add(tensor("bh", new long[]{k}, new float[k]));
        g.msg(1, node("Conv", new String[]{x, "wh", "bh"}, new String[]{"head"}, intsAttr("kernel_shape", 1, 1)));
        g.msg(1, node("Sigmoid", new String[]{"head"}, new String[]{"sig"}));
        int n = (h / 16) * (w / 16);
        Proto shape = new Proto();
        ByteBuffer sb = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putLong(1).putLong(k).putLong(n);
        shape.i64(1, 3).i64(2, 7).str(8, "shape").bytes(9, sb.array());
        inits.add(shape);
        g.msg(1, node("Reshape", new String[]{"sig", "shape"}, new String[]{"output0"}));
        g.str(2, "conv_detector");
        for (Proto p : inits) g.msg(5, p);
        g.msg(11, valueInfo("images", 1, channels, h, w));
        g.msg(12, valueInfo("output0", 1, k, n));
        StringBuilder names = new StringBuilder("{");
        for (int c = 0; c < nc; c++) names.append(c == 0 ? "" : ", ").append(c).append(": 'c").append(c).append("'");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("names", names.append("}").toString());
        return model(g, meta);
    }
}
