"""Turn chosen convolutions of a QDQ INT8 model back to float, with the FP32 model's own weights.

    python training/float_convs.py --int8 models/g20-detector-int8.onnx --fp32 models/g20-detector.onnx \
        --convs /net/stem/ /net/heads.0/box/ /net/heads.1/box/ /net/heads.2/box/ \
        --out models/g20-detector-int8.onnx

(how the shipped INT8 file was made from the percentile-calibrated one quantize.py wrote with the
stem and box.1 float)

Each convolution whose node name starts with one of the --convs prefixes reads its input before
the QuantizeLinear/DequantizeLinear pair in front of it, and the FP32 model's weight and bias in
place of the dequantised int8 ones; the rest of the graph stays as quantised. It is the graph that
`quantize.py --float-convs` makes with ONNX Runtime's nodes_to_exclude, obtained from an existing
INT8 model without calibrating again (and without onnxruntime: only the onnx package is needed).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def float_convs(q, f, prefixes):
    """Rewires the matching Conv nodes of QDQ model ``q`` to float, taking weights from FP32 model ``f``."""
    from onnx import numpy_helper

    g = q.graph
    producer = {o: n for n in g.node for o in n.output}
    fp32_init = {i.name: i for i in f.graph.initializer}
    fp32_conv = {n.name: n for n in f.graph.node if n.op_type == "Conv"}
    have = {i.name for i in g.initializer}
    changed = []
    for n in g.node:
        if n.op_type != "Conv" or not any(n.name.startswith(p) for p in prefixes):
            continue
        ref = fp32_conv.get(n.name)
        if ref is None:
            raise SystemExit(f"float_convs: {n.name} is not a convolution of the FP32 model")
        dq = producer.get(n.input[0])
        if dq is not None and dq.op_type == "DequantizeLinear":
            qn = producer.get(dq.input[0])
            if qn is not None and qn.op_type == "QuantizeLinear":
                n.input[0] = qn.input[0]
        for k in range(1, len(n.input)):
            src = ref.input[k]
            name = src + "_float"
            if name not in have:
                t = numpy_helper.from_array(numpy_helper.to_array(fp32_init[src]), name)
                g.initializer.append(t)
                have.add(name)
            n.input[k] = name
        changed.append(n.name)
    prune(g)
    return changed


def prune(g):
    """Removes nodes whose outputs nobody reads (the orphaned Q/DQ pairs) and unused initializers."""
    outputs = {o.name for o in g.output}
    while True:
        used = {i for n in g.node for i in n.input} | outputs
        dead = [n for n in g.node if not any(o in used for o in n.output)]
        if not dead:
            break
        for n in dead:
            g.node.remove(n)
    used = {i for n in g.node for i in n.input}
    for t in [t for t in g.initializer if t.name not in used]:
        g.initializer.remove(t)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--int8", required=True, help="QDQ model from quantize.py")
    ap.add_argument("--fp32", required=True, help="the FP32 model it was quantised from")
    ap.add_argument("--convs", nargs="+", required=True, help="node-name prefixes of the convolutions to keep float")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    import onnx
    q, f = onnx.load(args.int8), onnx.load(args.fp32)
    changed = float_convs(q, f, args.convs)
    if not changed:
        raise SystemExit(f"float_convs: no convolution matches {args.convs}")
    meta = {p.key: p.value for p in q.metadata_props}
    if "quantization" in meta:
        meta["quantization"] += f"; float convolutions: {', '.join(args.convs)}"
        del q.metadata_props[:]
        for k, v in meta.items():
            p = q.metadata_props.add()
            p.key, p.value = k, v
    onnx.checker.check_model(q)
    onnx.save(q, args.out)
    print(json.dumps({"out": args.out, "bytes": Path(args.out).stat().st_size, "float_convs": changed}), flush=True)


if __name__ == "__main__":
    sys.exit(main())
