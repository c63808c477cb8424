"""Static INT8 quantisation of the G20 detector with ONNX Runtime (seed Tasks 5.2-5.3).

    ./g20 calibrate --count 500 --out calib/
    python training/quantize.py --model models/g20-detector.onnx --calib calib/ \
        --out models/g20-detector-int8.onnx

QDQ format, per-channel int8 weights, uint8 activations (ONNX Runtime's recommended U8S8 on
x86; pass --symmetric for int8 activations, the form TensorRT expects). Calibration reads the
.npy inference inputs that `./g20 calibrate` wrote through the production inference path.
The decode tail (the 1x1 predictor convolutions, exp, sigmoid, concat of pixel boxes with
scores) stays float: one int8 scale cannot hold pixel coordinates up to 512 and scores in [0, 1].
So do, by default (--float-convs), the stem convolution: its input holds the pooled mean power
and the 8 folded bins of each column, and one uint8 scale over them cost 1.7 points of held-out
mAP@0.5 (cw and psk most), where keeping that one small convolution float costs 0.3 and no time;
and both convolutions of each box branch (box.0, box.1), whose uint8 outputs feed the box
predictor: with them quantised the step-7 model lost 3.6 points of held-out mAP@0.5:0.95 (0.738
against 0.774; box.1 alone float was enough there), the step-8 model 4.1 (0.709 against 0.750 on
v3, where box.1 alone recovered nothing), for under a millisecond: the heads run on the small
stride-8/16/32 grids.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import load_input  # noqa: E402

MAX_IR_VERSION = 10
# Convolutions kept float by default: the stem and each level's box branch.
FLOAT_CONVS = ("/net/stem/", "/net/heads.0/box/", "/net/heads.1/box/", "/net/heads.2/box/")


class NpyReader:
    """onnxruntime CalibrationDataReader over a directory of [C,H,W] (or [1,C,H,W]) .npy files."""

    def __init__(self, directory: Path, input_name: str, shape, limit: int):
        self.files = sorted(Path(directory).glob("*.npy"))[:limit]
        if not self.files:
            raise SystemExit(f"quantize: no .npy files in {directory}")
        self.input_name, self.shape = input_name, tuple(shape)
        self.i = 0

    def get_next(self):
        if self.i >= len(self.files):
            return None
        f = self.files[self.i]
        self.i += 1
        a = load_input(f)
        if a.ndim == 3:
            a = a[None]
        if a.shape != self.shape:
            raise SystemExit(f"quantize: {f} has shape {a.shape}, model input is {self.shape}")
        return {self.input_name: a}

    def rewind(self):
        self.i = 0


def float_tail(model) -> list[str]:
    """Names of the nodes from the graph output back to (and including) the last convolutions."""
    producers = {o: n for n in model.graph.node for o in n.output}
    tail, stack, seen = [], [o.name for o in model.graph.output], set()
    while stack:
        t = stack.pop()
        n = producers.get(t)
        if n is None or n.name in seen:
            continue
        seen.add(n.name)
        tail.append(n.name)
        if n.op_type != "Conv":
            stack.extend(n.input)
    return tail


def float_head(model) -> list[str]:
    """Names of the nodes between the graph input and the first convolutions (the frequency fold and
    the pooled power: exp/mean/log over a 60 dB range that one uint8 scale would flatten)."""
    consumers = {}
    for n in model.graph.node:
        for i in n.input:
            consumers.setdefault(i, []).append(n)
    head, stack, seen = [], [i.name for i in model.graph.input], set()
    while stack:
        for n in consumers.get(stack.pop(), []):
            if n.op_type == "Conv" or n.name in seen:
                continue
            seen.add(n.name)
            head.append(n.name)
            stack.extend(n.output)
    return head


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="FP32 ONNX from export.py")
    ap.add_argument("--calib", required=True, help="directory of .npy inference inputs (./g20 calibrate)")
    ap.add_argument("--out", default="models/g20-detector-int8.onnx")
    ap.add_argument("--count", type=int, default=500, help="calibration inputs to use")
    ap.add_argument("--method", default="minmax", choices=["minmax", "percentile", "entropy"])
    ap.add_argument("--symmetric", action="store_true", help="int8 symmetric activations (TensorRT-style)")
    ap.add_argument("--float-convs", nargs="*", default=list(FLOAT_CONVS),
                    help="node-name prefixes of convolutions kept float (default: the stem and both convolutions of each box branch)")
    args = ap.parse_args()

    import onnx
    from onnxruntime.quantization import CalibrationMethod, QuantFormat, QuantType, quantize_static
    from onnxruntime.quantization.shape_inference import quant_pre_process

    src = onnx.load(args.model)
    meta = {p.key: p.value for p in src.metadata_props}
    inp = src.graph.input[0]
    shape = [d.dim_value for d in inp.type.tensor_type.shape.dim]
    with tempfile.TemporaryDirectory() as td:
        pre = str(Path(td) / "pre.onnx")
        quant_pre_process(args.model, pre, skip_symbolic_shape=True)
        pre_model = onnx.load(pre)
        exclude = float_tail(pre_model)
        head = float_head(pre_model)
        n_conv = sum(1 for n in pre_model.graph.node if n.op_type == "Conv")
        n_conv_float = sum(1 for n in pre_model.graph.node if n.name in exclude and n.op_type == "Conv")
        print(f"quantize: {n_conv} convolutions, {n_conv_float} predictor convolutions and "
              f"{len(exclude) - n_conv_float} decode nodes kept float, and {len(head)} input nodes "
              f"({', '.join(sorted({n.op_type for n in pre_model.graph.node if n.name in head}))})", flush=True)
        kept = [n.name for n in pre_model.graph.node
                if n.op_type == "Conv" and any(n.name.startswith(p) for p in args.float_convs)]
        if args.float_convs and not kept:
            raise SystemExit(f"quantize: no convolution matches --float-convs {args.float_convs}")
        print(f"quantize: also float: {', '.join(kept) or 'nothing'}", flush=True)
        exclude += head + kept
        method = {"minmax": CalibrationMethod.MinMax, "percentile": CalibrationMethod.Percentile,
                  "entropy": CalibrationMethod.Entropy}[args.method]
        extra = {"ActivationSymmetric": bool(args.symmetric), "WeightSymmetric": True}
        if args.method == "percentile":
            extra["CalibPercentile"] = 99.999
        reader = NpyReader(Path(args.calib), inp.name, shape, args.count)
        print(f"quantize: calibrating on {len(reader.files)} inputs ({args.method})", flush=True)
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        quantize_static(pre, args.out, reader, quant_format=QuantFormat.QDQ, per_channel=True,
                        activation_type=QuantType.QInt8 if args.symmetric else QuantType.QUInt8,
                        weight_type=QuantType.QInt8, calibrate_method=method, nodes_to_exclude=exclude,
                        extra_options=extra)
    q = onnx.load(args.out)
    meta.update({"quantization": f"static int8 QDQ, per-channel weights, "
                                 f"{'int8 symmetric' if args.symmetric else 'uint8'} activations, "
                                 f"{args.method} calibration on {len(reader.files)} inputs from ./g20 calibrate"
                                 + (f"; float convolutions: {', '.join(args.float_convs)}" if args.float_convs else ""),
                 "description": meta.get("description", "") + " (INT8)"})
    del q.metadata_props[:]
    for k, v in meta.items():
        p = q.metadata_props.add()
        p.key, p.value = k, v
    q.ir_version = min(q.ir_version, MAX_IR_VERSION)
    onnx.checker.check_model(q)
    onnx.save(q, args.out)
    dims = [d.dim_value for d in q.graph.output[0].type.tensor_type.shape.dim]
    ops = sorted({n.op_type for n in q.graph.node})
    print(json.dumps({"out": args.out, "bytes": Path(args.out).stat().st_size, "output_shape": dims,
                      "opset": [(o.domain, o.version) for o in q.opset_import], "ir_version": q.ir_version,
                      "ops": ops}), flush=True)


if __name__ == "__main__":
    sys.exit(main())
