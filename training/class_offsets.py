"""Fit or apply per-class offsets on an exported model's class logits (a class-prior correction).

    # fit on a split that is neither training data nor the held-out set, scoring with the product's eval
    python training/class_offsets.py fit --model models/g20-detector.onnx --data data/split7777 \
        --g20 ./g20 --out models/g20-detector.onnx
    # apply the same offsets to another export of the same weights (the INT8 file)
    python training/class_offsets.py apply --model models/g20-detector-int8.onnx \
        --offsets=-0.5,0.5,1,1,-0.5,0,0,0,-1 --out models/g20-detector-int8.onnx

A class score is sigmoid(logit + offset[class]). The pipeline keeps each anchor's best class, so
where two classes look alike (am and cw, fsk and hopper, psk and qam16) the offsets decide which
one a box gets; each class's confidence shifts with its offset, and every anchor's box stays as it
was. `fit` searches the offsets coordinate by coordinate (steps of 0.5, then 0.25) for the best
best-class mAP@0.5 that `g20 eval` reports on --data (every step is one eval, about 20 s on two
cores for 594 frames). The offsets are added to the biases of the three 1x1 class predictors
(`cls_pred`, kept float in the INT8 model too) and recorded, summed over applications, in the
model metadata `class_logit_offsets` (`g20-detector.pt` holds the weights without them: export,
then apply).

Needs only the onnx package and numpy (and, for fit, a built `g20`).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

META_KEY = "class_logit_offsets"


def class_biases(model):
    """The bias initializers of the class predictors (``cls_pred``, one per detection level)."""
    return [t for t in model.graph.initializer if "cls_pred" in t.name and t.name.endswith("bias")]


def with_offsets(model, offsets):
    """A copy of ``model`` with ``offsets`` added to every class predictor's bias (and to its metadata)."""
    import numpy as np
    import onnx
    from onnx import numpy_helper

    m = onnx.ModelProto()
    m.CopyFrom(model)
    biases = class_biases(m)
    if not biases:
        raise SystemExit("class_offsets: no cls_pred bias in the model (is it a G20 detector export?)")
    for t in biases:
        a = numpy_helper.to_array(t).astype(np.float32)
        if a.shape != (len(offsets),):
            raise SystemExit(f"class_offsets: {t.name} has shape {a.shape}, expected ({len(offsets)},): one offset per class")
        t.CopyFrom(numpy_helper.from_array(a + np.asarray(offsets, np.float32), t.name))
    meta = {p.key: p for p in m.metadata_props}
    before = json.loads(meta[META_KEY].value) if META_KEY in meta else [0.0] * len(offsets)
    total = [round(a + b, 6) for a, b in zip(before, offsets)]
    if META_KEY in meta:
        meta[META_KEY].value = json.dumps(total)
    else:
        p = m.metadata_props.add()
        p.key, p.value = META_KEY, json.dumps(total)
    return m


def parse_offsets(text: str, n: int):
    try:
        vals = [float(x) for x in text.split(",")]
    except ValueError:
        raise SystemExit(f"class_offsets: --offsets must be {n} comma-separated numbers, got '{text}'")
    if len(vals) != n:
        raise SystemExit(f"class_offsets: --offsets has {len(vals)} values, the model has {n} classes")
    return vals


def class_count(model) -> int:
    biases = class_biases(model)
    if not biases:
        raise SystemExit("class_offsets: no cls_pred bias in the model")
    return biases[0].dims[0]


def fit(model, data: Path, g20: str, log):
    """Coordinate search for the offsets with the best best-class mAP@0.5 of `g20 eval` on ``data``."""
    import onnx

    n = class_count(model)
    cache = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "candidate.onnx"

        def score(off):
            key = tuple(round(x, 4) for x in off)
            if key not in cache:
                onnx.save(with_offsets(model, list(key)), path)
                r = subprocess.run([g20, "eval", "--data", str(data), "--model", str(path)], capture_output=True, text=True)
                if r.returncode != 0:
                    raise SystemExit(f"class_offsets: g20 eval failed:\n{r.stderr[-2000:]}")
                j = json.loads(r.stdout)
                cache[key] = (j["map50"], j["map50_95"])
                log(f"offsets {list(key)}: mAP@0.5 {cache[key][0]:.4f}, mAP@0.5:0.95 {cache[key][1]:.4f}")
            return cache[key]

        off = [0.0] * n
        best = score(off)
        for step in (0.5, 0.25):
            improved = True
            while improved:
                improved = False
                for c in range(n):
                    for d in (step, -step):
                        t = list(off)
                        t[c] += d
                        s = score(t)
                        if s[0] > best[0] + 1e-4:
                            off, best, improved = t, s, True
                            break
    return off, best, cache[tuple(0.0 for _ in range(n))]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("fit", help="search the offsets on a dataset split, write the model with them")
    f.add_argument("--model", required=True, type=Path)
    f.add_argument("--data", required=True, type=Path, help="a g20 dataset split (not training data, not the held-out set)")
    f.add_argument("--g20", default="./g20", help="the g20 launcher to score with (default: ./g20)")
    f.add_argument("--out", required=True, type=Path)
    a = sub.add_parser("apply", help="add given offsets to a model's class logits")
    a.add_argument("--model", required=True, type=Path)
    a.add_argument("--offsets", required=True, help="one number per class, comma-separated, in class-id order")
    a.add_argument("--out", required=True, type=Path)
    args = ap.parse_args(argv)

    import onnx

    if not args.model.is_file():
        raise SystemExit(f"class_offsets: no model at {args.model}")
    model = onnx.load(args.model)
    if args.cmd == "apply":
        offsets = parse_offsets(args.offsets, class_count(model))
        onnx.save(with_offsets(model, offsets), args.out)
        print(json.dumps({"out": str(args.out), "offsets": offsets}))
        return
    if not (args.data / "data.yaml").is_file():
        raise SystemExit(f"class_offsets: {args.data} is not a g20 dataset (no data.yaml)")
    off, best, base = fit(model, args.data, args.g20, lambda s: print(s, file=sys.stderr, flush=True))
    onnx.save(with_offsets(model, off), args.out)
    print(json.dumps({"out": str(args.out), "offsets": off, "map50": best[0], "map50_95": best[1],
                      "map50_without": base[0], "map50_95_without": base[1]}))


if __name__ == "__main__":
    main()
