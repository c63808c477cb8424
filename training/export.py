"""Export a trained G20 detector to ONNX (opset 17) in the YOLOv8 layout.

    python training/export.py --weights runs/x/best.pt --out models/g20-detector.onnx \
        [--check-data DIR/val/images]

Graph: input `images` [1, C, H, W] float32 in [0, 1] (W = grid width x freq_fold: with fold 8, the
4096 bins of the frame); output `output0` [1, 4 + nc, N] with cx, cy, w, h in input pixels, then
per-class sigmoid scores (decode is inside the graph).
Metadata (Ultralytics conventions plus ours): names "{0: 'cw', 1: 'am', ...}", stride, imgsz
[H, W], input_size [W, H], task, channels, description.
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import load_input  # noqa: E402
from model import Decoded, G20Detector, ModelConfig, fuse_conv_bn  # noqa: E402

OPSET = 17
# ONNX Runtime 1.20 (the Java runtime G20 ships) reads IR versions up to 10.
MAX_IR_VERSION = 10


def load_model(weights: str) -> G20Detector:
    ckpt = torch.load(weights, map_location="cpu", weights_only=False)
    cfg = ModelConfig.from_dict(ckpt["cfg"])
    net = G20Detector(cfg)
    state = ckpt.get("ema") or ckpt["model"]
    net.load_state_dict(state)
    return net.eval()


def names_metadata(names) -> str:
    """Ultralytics' format: str() of a dict, e.g. {0: 'cw', 1: 'am'}."""
    return str({i: n for i, n in enumerate(names)})


def export(net: G20Detector, out: Path, description: str, extra_meta: dict | None = None) -> Path:
    cfg = net.cfg
    fuse_conv_bn(net)
    model = Decoded(net).eval()
    x = torch.rand(1, cfg.in_channels, cfg.input_height, cfg.image_width)
    out.parent.mkdir(parents=True, exist_ok=True)
    kwargs = dict(opset_version=OPSET, input_names=["images"], output_names=["output0"], do_constant_folding=True)
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False  # TorchScript exporter: honours opset 17 and gives a plain graph
    with torch.no_grad():
        torch.onnx.export(model, x, str(out), **kwargs)

    import onnx
    m = onnx.load(str(out))
    meta = {
        "names": names_metadata(cfg.names),
        "stride": str(max(cfg.strides)),
        "imgsz": str([cfg.input_height, cfg.image_width]),
        "input_size": str([cfg.image_width, cfg.input_height]),
        "freq_fold": str(cfg.freq_fold),
        "channels": str(cfg.in_channels),
        "task": "detect",
        "batch": "1",
        "description": description,
        "author": "G20",
        "output_layout": "[1, 4+nc, N]: cx, cy, w, h (input px), per-class sigmoid scores",
    }
    meta.update(extra_meta or {})
    del m.metadata_props[:]
    for k, v in meta.items():
        p = m.metadata_props.add()
        p.key, p.value = k, v
    m.ir_version = min(m.ir_version, MAX_IR_VERSION)
    m.producer_name = "g20-training"
    onnx.checker.check_model(m)
    onnx.save(m, str(out))
    return out


def check(onnx_path: Path, net: G20Detector, images=None, threads=2):
    """Shape/metadata check; with onnxruntime also parity against PyTorch and CPU latency."""
    import onnx
    cfg = net.cfg
    m = onnx.load(str(onnx_path))
    dims = [d.dim_value for d in m.graph.output[0].type.tensor_type.shape.dim]
    n = net.num_anchors
    assert dims == [1, 4 + cfg.num_classes, n], f"output dims {dims}, expected [1, {4 + cfg.num_classes}, {n}]"
    idims = [d.dim_value for d in m.graph.input[0].type.tensor_type.shape.dim]
    assert idims == [1, cfg.in_channels, cfg.input_height, cfg.image_width], idims
    result = {"output_shape": dims, "opset": m.opset_import[0].version, "ir_version": m.ir_version}
    try:
        import onnxruntime as ort
    except ImportError:
        print("onnxruntime not installed: shape checked, parity and latency not", flush=True)
        return result
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    t0 = time.perf_counter()
    sess = ort.InferenceSession(str(onnx_path), so, providers=["CPUExecutionProvider"])
    result["session_ms"] = round((time.perf_counter() - t0) * 1e3, 1)
    if images is None:
        images = [np.random.rand(cfg.in_channels, cfg.input_height, cfg.image_width).astype(np.float32)]
    ref = Decoded(net).eval()
    worst = 0.0
    for img in images[:8]:
        x = np.ascontiguousarray(img[None], np.float32)
        o = sess.run(None, {"images": x})[0]
        assert o.shape == (1, 4 + cfg.num_classes, n), o.shape
        with torch.no_grad():
            r = ref(torch.from_numpy(x)).numpy()
        worst = max(worst, float(np.abs(o[:, 4:] - r[:, 4:]).max()))
        box_err = float((np.abs(o[:, :4] - r[:, :4]) / (np.abs(r[:, :4]) + 1)).max())
        assert box_err < 1e-2, f"box parity error {box_err}"
    assert worst < 1e-3, f"score parity error {worst}"
    result["score_parity_max_abs"] = worst
    x = np.ascontiguousarray(images[0][None], np.float32)
    for _ in range(10):
        sess.run(None, {"images": x})
    ts = []
    for _ in range(100):
        t = time.perf_counter()
        sess.run(None, {"images": x})
        ts.append((time.perf_counter() - t) * 1e3)
    result[f"ort_cpu_{threads}t_median_ms"] = round(float(np.median(ts)), 2)
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--weights", required=True, help="best.pt or last.pt from train.py")
    ap.add_argument("--out", default="models/g20-detector.onnx")
    ap.add_argument("--check-data", default="", help="directory of .npy inputs for the parity check")
    ap.add_argument("--description", default="")
    ap.add_argument("--meta", default="{}", help="extra metadata as JSON (e.g. data recipe)")
    args = ap.parse_args()
    net = load_model(args.weights)
    cfg = net.cfg
    desc = args.description or (f"G20 spectrogram signal detector: {cfg.image_width}x{cfg.input_height}x{cfg.in_channels} "
                                f"(W=frequency, H=time)" + (f", {cfg.freq_fold} bins folded per grid column" if cfg.freq_fold > 1 else "")
                                + f", {cfg.num_classes} classes, anchor-free, strides {list(cfg.strides)}")
    path = export(net, Path(args.out), desc, json.loads(args.meta))
    imgs = None
    if args.check_data:
        files = sorted(Path(args.check_data).glob("*.npy"))[:8]
        imgs = [load_input(f) for f in files] or None
    ref_net = load_model(args.weights)  # unfused reference
    r = check(path, ref_net, imgs)
    r["file"] = str(path)
    r["bytes"] = path.stat().st_size
    print(json.dumps(r), flush=True)


if __name__ == "__main__":
    main()
