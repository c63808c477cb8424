"""End-to-end self-check of the training scripts without the Java dataset generator.

    python training/selftest.py [--workdir /tmp/g20-selftest]

Writes a tiny fake dataset in the `./g20 dataset` layout (noise plus class-textured rectangles:
thin tall carriers, wide short bursts, small blobs), runs a smoke training, exports ONNX and
checks the output layout and metadata (with onnxruntime when it is installed).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
NAMES = ["cw", "am", "fm", "fsk", "psk", "qam16", "ofdm", "chirp", "hopper"]


def fake_dataset(root: Path, n_train=96, n_val=24, w=512, h=256, seed=1, fold=1):
    """Fake frames on a w x h grid; with fold > 1 stored as `./g20 dataset --dtype uint8` at w * fold bins."""
    rng = np.random.default_rng(seed)
    for split, n in (("train", n_train), ("val", n_val)):
        (root / split / "images").mkdir(parents=True, exist_ok=True)
        (root / split / "labels").mkdir(parents=True, exist_ok=True)
        for i in range(n):
            img = np.clip(rng.normal(0.25, 0.04, (1, h, w)), 0, 1).astype(np.float32)
            lines = []
            for _ in range(rng.integers(1, 6)):
                c = int(rng.integers(0, len(NAMES)))
                if c == 0:    # thin, tall
                    bw, bh = 4, int(rng.integers(100, h))
                elif c == 7:  # wide, short
                    bw, bh = int(rng.integers(150, w - 10)), int(rng.integers(4, 20))
                elif c == 8:  # tiny
                    bw, bh = int(rng.integers(4, 12)), int(rng.integers(3, 10))
                else:
                    bw, bh = int(rng.integers(8, 80)), int(rng.integers(20, h))
                x1, y1 = int(rng.integers(0, w - bw)), int(rng.integers(0, h - bh))
                level = 0.5 + 0.05 * c
                patch = level + 0.1 * np.sin(np.arange(bw) * (c + 1) * 0.7)[None, :]
                img[0, y1:y1 + bh, x1:x1 + bw] = np.clip(patch, 0, 1)
                lines.append(f"{c} {(x1 + bw / 2) / w:.6f} {(y1 + bh / 2) / h:.6f} {bw / w:.6f} {bh / h:.6f}")
            if fold > 1:
                img = (np.repeat(img, fold, axis=2) * 255 + 0.5).astype(np.uint8)
            np.save(root / split / "images" / f"{i:06d}.npy", img)
            (root / split / "labels" / f"{i:06d}.txt").write_text("\n".join(lines) + "\n")
    (root / "data.yaml").write_text(
        "# fake selftest dataset\n"
        f"path: {root}\ntrain: train/images\nval: val/images\nnc: {len(NAMES)}\n"
        "names:\n" + "".join(f"  {i}: {n}\n" for i, n in enumerate(NAMES)) +
        f"channels: 1\ninput_width: {w * fold}\ninput_height: {h}\ndtype: {'uint8' if fold > 1 else 'float32'}\n")


def check_grow_refuses_c2f_width():
    """A widened C2f changes how its split routes channels: check_grown must refuse it. (A net fresh
    from init barely depends on its input, so the weights are made to matter first.)"""
    import torch
    from model import G20Detector, ModelConfig
    from train import check_grown, grown_state
    torch.manual_seed(0)
    old_cfg = ModelConfig(input_width=64, input_height=32)
    old = G20Detector(old_cfg)
    for m in old.modules():
        if isinstance(m, torch.nn.Conv2d):
            torch.nn.init.normal_(m.weight, std=(2.0 / (m.in_channels * m.kernel_size[0] * m.kernel_size[1])) ** 0.5)
    for widths, ok in (((24, 32, 48, 96, 160), True), ((16, 48, 48, 96, 160), False)):
        net = G20Detector(ModelConfig(input_width=64, input_height=32, widths=widths))
        net.load_state_dict(grown_state(net, old.state_dict(), log=lambda m: None))
        try:
            check_grown(net, G20Detector(old_cfg), old.state_dict(), log=lambda m: None)
            refused = False
        except AssertionError:
            refused = True
        assert refused != ok, f"grow to {widths}: {'refused' if refused else 'accepted'}"


def check_class_offsets(model):
    """class_offsets.py: offsets land on every class predictor's bias and add up in the metadata."""
    import numpy as np
    from onnx import numpy_helper
    from class_offsets import class_biases, with_offsets
    off = [0.5 * k - 2 for k in range(len(NAMES))]
    once = with_offsets(model, off)
    back = with_offsets(once, [-x for x in off])
    bias = lambda m: [numpy_helper.to_array(t) for t in class_biases(m)]
    assert len(bias(model)) == 3, "one class predictor per level"
    for a, b, c in zip(bias(model), bias(once), bias(back)):
        assert np.allclose(b - a, off, atol=1e-6) and np.allclose(c, a, atol=1e-6)
    meta = {p.key: p.value for p in back.metadata_props}
    assert json.loads(meta["class_logit_offsets"]) == [0.0] * len(NAMES), meta["class_logit_offsets"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--workdir", default="/tmp/g20-selftest")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--n-train", type=int, default=96)
    ap.add_argument("--fold", type=int, default=8, help="freq_fold of the model (8, with the pooled channel: the shipped 4096-bin input)")
    ap.add_argument("--train-seconds", type=float, default=0, help="after the smoke: train this long (throughput check)")
    args = ap.parse_args()
    wd = Path(args.workdir)
    data = wd / "data"
    if not (data / "data.yaml").exists():
        fake_dataset(data, n_train=args.n_train, fold=args.fold)
    sys.path.insert(0, str(HERE))
    from common import read_data_yaml
    meta = read_data_yaml(data)
    assert meta["names"] == NAMES, meta
    run = wd / "run"
    py = sys.executable
    subprocess.run([py, str(HERE / "train.py"), "--data", str(data), "--out", str(run), "--smoke",
                    "--epochs", str(args.epochs), "--freq-fold", str(args.fold)] + (["--pooled-channel"] if args.fold > 1 else []),
                   check=True)
    assert (run / "last.pt").exists()
    subprocess.run([py, str(HERE / "export.py"), "--weights", str(run / "last.pt"), "--out", str(wd / "model.onnx"),
                    "--check-data", str(data / "val" / "images")], check=True)
    import onnx
    m = onnx.load(str(wd / "model.onnx"))
    meta = {p.key: p.value for p in m.metadata_props}
    assert meta["names"].startswith("{0: 'cw'"), meta
    assert m.opset_import[0].version == 17, m.opset_import
    out = m.graph.output[0].type.tensor_type.shape.dim
    assert [d.dim_value for d in out] == [1, 4 + len(NAMES), 2688], out
    inp = m.graph.input[0].type.tensor_type.shape.dim
    assert [d.dim_value for d in inp] == [1, 1, 256, 512 * args.fold], inp
    # Growing the stem from those weights: train.py checks that the grown net computes what the
    # old one did (and aborts if not), so a finished run is the check; a C2f width must be refused.
    grown = wd / "run-grown"
    subprocess.run([py, str(HERE / "train.py"), "--data", str(data), "--out", str(grown), "--smoke", "--epochs", "1",
                    "--init", str(run / "last.pt"), "--model", '{"widths": [24, 32, 48, 96, 160]}'], check=True)
    assert "largest difference to the old net (outputs, heads' inputs) 0.00e+00" in (grown / "train_log.txt").read_text()
    check_grow_refuses_c2f_width()
    check_class_offsets(m)
    print("selftest ok:", json.dumps(meta), flush=True)
    if args.train_seconds:
        subprocess.run([py, str(HERE / "train.py"), "--data", str(data), "--out", str(wd / "run-long"),
                        "--time-budget", str(args.train_seconds / 60), "--eval-every", "30", "--freq-fold", str(args.fold)], check=True)


if __name__ == "__main__":
    main()
