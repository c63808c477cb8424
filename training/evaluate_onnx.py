"""Score an exported ONNX detector on a dataset split with ONNX Runtime (Python), plus CPU latency.

    python training/evaluate_onnx.py --model models/g20-detector.onnx --data DIR [--split val] [--threads 2]

Same COCO-style mAP as train.py (common.evaluate_map), ranking each anchor's best class, and
under "multi_label" every class it scores (as `./g20 eval` reports both). The product's own number comes from
`./g20 eval`; this is the quick check on the training machine (e.g. FP32 vs INT8).
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import evaluate_map, list_split, load_input, postprocess_numpy, read_labels  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--data", nargs="+", required=True)
    ap.add_argument("--split", default="val")
    ap.add_argument("--threads", type=int, default=2, help="intra-op threads for the latency measurement")
    ap.add_argument("--eval-threads", type=int, default=0, help="threads for the mAP pass (0 = ORT default)")
    ap.add_argument("--max-images", type=int, default=0)
    ap.add_argument("--conf", type=float, default=0.001)
    ap.add_argument("--iou", type=float, default=0.6)
    ap.add_argument("--json-out", default="")
    args = ap.parse_args()

    import onnxruntime as ort
    so = ort.SessionOptions()
    if args.eval_threads:
        so.intra_op_num_threads = args.eval_threads
    sess = ort.InferenceSession(args.model, so, providers=["CPUExecutionProvider"])
    meta = sess.get_modelmeta().custom_metadata_map
    names = ast.literal_eval(meta["names"])
    nc = len(names)
    _, c, h, w = sess.get_inputs()[0].shape
    in_name = sess.get_inputs()[0].name
    imgs, labels = [], []
    for d in args.data:
        i, l = list_split(Path(d), args.split)
        imgs += i
        labels += l
    if args.max_images:
        imgs, labels = imgs[:args.max_images], labels[:args.max_images]
    preds, preds_ml, gts = [], [], []
    t0 = time.time()
    for fi, fl in zip(imgs, labels):
        x = load_input(fi)[None]
        assert x.shape == (1, c, h, w), (fi, x.shape)
        out = sess.run(None, {in_name: x})[0][0]
        preds.append(postprocess_numpy(out, args.conf, args.iou))
        preds_ml.append(postprocess_numpy(out, args.conf, args.iou, multi_label=True))
        gts.append(read_labels(fl, w, h, nc))
    t_eval = time.time() - t0
    r = evaluate_map(preds, gts, nc)
    ml = evaluate_map(preds_ml, gts, nc)
    r["multi_label"] = {k: ml[k] for k in ("map50", "map50_95", "ap50_per_class")}

    so = ort.SessionOptions()
    so.intra_op_num_threads = args.threads
    so.inter_op_num_threads = 1
    t0 = time.perf_counter()
    s2 = ort.InferenceSession(args.model, so, providers=["CPUExecutionProvider"])
    session_ms = (time.perf_counter() - t0) * 1e3
    x = load_input(imgs[0])[None]
    for _ in range(20):
        s2.run(None, {in_name: x})
    ts = []
    for _ in range(200):
        t = time.perf_counter()
        s2.run(None, {in_name: x})
        ts.append((time.perf_counter() - t) * 1e3)
    r.update(model=args.model, images=len(imgs), eval_seconds=round(t_eval, 1), session_ms=round(session_ms, 1),
             latency_threads=args.threads, latency_median_ms=round(float(np.median(ts)), 2),
             latency_p90_ms=round(float(np.percentile(ts, 90)), 2), names=[names[k] for k in sorted(names)])
    print(json.dumps(r), flush=True)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(r, indent=1))


if __name__ == "__main__":
    main()
