"""Shared helpers for the G20 training scripts: dataset reading, box maths, NMS, COCO-style mAP."""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np


# ----------------------------------------------------------------------------------------------
# Dataset layout: DIR/{train,val}/images/NNNNNN.npy (float32 [C,H,W] in [0,1], or uint8 = value * 255),
#                 DIR/{train,val}/labels/NNNNNN.txt ("class cx cy w h", normalised), DIR/data.yaml
# ----------------------------------------------------------------------------------------------

def read_data_yaml(root: Path) -> dict:
    """Reads the flat keys of data.yaml (names, nc, channels, ...) without needing PyYAML."""
    p = Path(root) / "data.yaml"
    if not p.exists():
        return {}
    try:
        import yaml  # type: ignore
        with open(p) as f:
            d = yaml.safe_load(f) or {}
        if isinstance(d.get("names"), dict):
            d["names"] = [d["names"][k] for k in sorted(d["names"])]
        return d
    except ImportError:
        pass
    out, names, in_names = {}, {}, False
    for line in p.read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if in_names and line.startswith((" ", "\t", "-")):
            s = line.strip()
            if s.startswith("-"):
                names[len(names)] = s[1:].strip().strip("'\"")
            else:
                k, _, v = s.partition(":")
                names[int(k)] = v.strip().strip("'\"")
            continue
        in_names = False
        k, _, v = line.partition(":")
        k, v = k.strip(), v.split("#")[0].strip()
        if k == "names":
            if v.startswith("["):
                out["names"] = [s.strip().strip("'\"") for s in v.strip("[]").split(",") if s.strip()]
            else:
                in_names = True
            continue
        out[k] = v
    if names:
        out["names"] = [names[i] for i in sorted(names)]
    return out


def list_split(root: Path, split: str):
    """(image paths, label paths) of one split, sorted by name; label path may not exist (no objects)."""
    img_dir = Path(root) / split / "images"
    if not img_dir.is_dir():
        return [], []
    imgs = sorted(img_dir.glob("*.npy"))
    labels = [Path(root) / split / "labels" / (p.stem + ".txt") for p in imgs]
    return imgs, labels


def read_labels(path: Path, width: int, height: int, num_classes: int) -> np.ndarray:
    """YOLO label file -> [K, 5] float32 rows (class, x1, y1, x2, y2) in input pixels."""
    if not path.exists():
        return np.zeros((0, 5), np.float32)
    rows = []
    for ln, line in enumerate(path.read_text().splitlines(), 1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 5:
            raise ValueError(f"{path}:{ln}: expected 'class cx cy w h', got {line!r}")
        c, cx, cy, w, h = int(parts[0]), *map(float, parts[1:])
        if not 0 <= c < num_classes:
            raise ValueError(f"{path}:{ln}: class {c} outside [0, {num_classes})")
        rows.append((c, (cx - w / 2) * width, (cy - h / 2) * height, (cx + w / 2) * width, (cy + h / 2) * height))
    a = np.array(rows, np.float32).reshape(-1, 5)
    a[:, 1:5:2] = a[:, 1:5:2].clip(0, width)
    a[:, 2:5:2] = a[:, 2:5:2].clip(0, height)
    return a


def load_input(path) -> np.ndarray:
    """One model input as float32 [C, H, W] in [0, 1] (uint8 files hold value * 255)."""
    a = np.load(path)
    return a.astype(np.float32) / 255.0 if a.dtype == np.uint8 else a.astype(np.float32)


def load_split(roots, split, num_classes, max_images=None, dtype=np.float16, threads=16, log=print):
    """Loads every image of a split (memory-mapped reads) into one [N, C, H, W] array plus labels.

    Float images become ``dtype``; uint8 images stay uint8 (value * 255, a quarter of fp32's memory).
    """
    imgs, labels = [], []
    for r in roots:
        i, l = list_split(r, split)
        imgs += i
        labels += l
    if max_images:
        imgs, labels = imgs[:max_images], labels[:max_images]
    if not imgs:
        return None, []
    first = np.load(imgs[0], mmap_mode="r")
    assert first.ndim == 3, f"{imgs[0]}: expected [C,H,W], got shape {first.shape}"
    c, h, w = first.shape
    if first.dtype == np.uint8:
        dtype = np.uint8
    data = np.empty((len(imgs), c, h, w), dtype)

    def load(i):
        a = np.load(imgs[i], mmap_mode="r")
        if a.shape != (c, h, w):
            raise ValueError(f"{imgs[i]}: shape {a.shape}, expected {(c, h, w)}")
        if (a.dtype == np.uint8) != (dtype == np.uint8):
            raise ValueError(f"{imgs[i]}: dtype {a.dtype}, but {imgs[0]} is {first.dtype}")
        data[i] = a
        return read_labels(labels[i], w, h, num_classes)

    with ThreadPoolExecutor(threads) as ex:
        boxes = list(ex.map(load, range(len(imgs))))
    n_obj = sum(len(b) for b in boxes)
    log(f"{split}: {len(imgs)} images [{c},{h},{w}], {n_obj} objects, "
        f"{np.bincount(np.concatenate([b[:, 0].astype(int) for b in boxes] + [np.zeros(0, int)]), minlength=num_classes).tolist()} per class")
    return data, boxes


# ----------------------------------------------------------------------------------------------
# Box maths (numpy)
# ----------------------------------------------------------------------------------------------

def iou_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """IoU of xyxy boxes a [D,4] against b [G,4] -> [D,G]."""
    if len(a) == 0 or len(b) == 0:
        return np.zeros((len(a), len(b)), np.float64)
    ix1 = np.maximum(a[:, None, 0], b[None, :, 0])
    iy1 = np.maximum(a[:, None, 1], b[None, :, 1])
    ix2 = np.minimum(a[:, None, 2], b[None, :, 2])
    iy2 = np.minimum(a[:, None, 3], b[None, :, 3])
    inter = np.clip(ix2 - ix1, 0, None) * np.clip(iy2 - iy1, 0, None)
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    return inter / np.maximum(area_a[:, None] + area_b[None, :] - inter, 1e-12)


def nms_numpy(boxes: np.ndarray, scores: np.ndarray, iou_thr: float, max_keep: int = 1 << 30) -> np.ndarray:
    """Greedy NMS; returns kept indices in descending score order (at most max_keep)."""
    order = np.argsort(-scores, kind="stable")
    keep = []
    while len(order) and len(keep) < max_keep:
        i = order[0]
        keep.append(i)
        if len(order) == 1:
            break
        ious = iou_matrix(boxes[i:i + 1], boxes[order[1:]])[0]
        order = order[1:][ious <= iou_thr]
    return np.array(keep, np.int64)


def postprocess_numpy(out: np.ndarray, conf_thr=0.001, iou_thr=0.6, max_det=100, max_candidates=3000, multi_label=False):
    """One image of the YOLOv8 layout [4 + nc, N] -> (xyxy [K,4], score [K], class [K]); per-class NMS.

    Each anchor is one candidate of its best class, or with ``multi_label`` one candidate for every
    class scoring above ``conf_thr`` (the YOLOv8 tooling's val; `./g20 eval` reports both)."""
    boxes_cxcywh = out[:4].T
    scores = out[4:].T
    if multi_label:
        anchor, cls = np.nonzero(scores > conf_thr)
        conf = scores[anchor, cls]
    else:
        cls = scores.argmax(1)
        conf = scores[np.arange(len(cls)), cls]
        anchor = np.arange(len(cls))
        keep = conf > conf_thr
        anchor, cls, conf = anchor[keep], cls[keep], conf[keep]
    m = np.arange(len(conf))
    if len(m) > max_candidates:
        m = m[np.argsort(-conf, kind="stable")[:max_candidates]]
    b, conf, cls = boxes_cxcywh[anchor[m]], conf[m], cls[m]
    xyxy = np.stack([b[:, 0] - b[:, 2] / 2, b[:, 1] - b[:, 3] / 2, b[:, 0] + b[:, 2] / 2, b[:, 1] + b[:, 3] / 2], 1)
    # One pass for all classes: offsetting each class far away keeps classes from suppressing each other.
    keep = nms_numpy(xyxy + (cls.astype(np.float64) * 1e5)[:, None], conf, iou_thr, max_det)
    return xyxy[keep], conf[keep], cls[keep]


# ----------------------------------------------------------------------------------------------
# COCO-style mAP (101-point interpolated AP, IoU 0.50:0.05:0.95, mean over classes with truth)
# ----------------------------------------------------------------------------------------------

IOU_THRESHOLDS = np.linspace(0.5, 0.95, 10)


def evaluate_map(preds, gts, num_classes, conf_for_pr=0.25):
    """preds: per image (xyxy [K,4], score [K], class [K]); gts: per image [G,5] (class, xyxy).

    Returns dict(map50, map50_95, precision, recall, ap50_per_class, ap_per_class) where
    precision/recall count detections with score >= conf_for_pr matched at IoU 0.5.
    """
    assert len(preds) == len(gts), (len(preds), len(gts))
    T = len(IOU_THRESHOLDS)
    # Per class: list of (score, tp flags [T]) and number of truths
    scores_c = [[] for _ in range(num_classes)]
    tps_c = [[] for _ in range(num_classes)]
    ngt_c = np.zeros(num_classes, np.int64)
    tp_pr = fp_pr = 0
    for (pb, ps, pc), g in zip(preds, gts):
        g = np.asarray(g, np.float64).reshape(-1, 5)
        gc = g[:, 0].astype(np.int64)
        for c in range(num_classes):
            gi = np.nonzero(gc == c)[0]
            ngt_c[c] += len(gi)
            di = np.nonzero(pc == c)[0]
            if len(di) == 0:
                continue
            di = di[np.argsort(-ps[di], kind="stable")]
            ious = iou_matrix(pb[di].astype(np.float64), g[gi, 1:5])
            tp = np.zeros((len(di), T), bool)
            for t, thr in enumerate(IOU_THRESHOLDS):
                used = np.zeros(len(gi), bool)
                for k in range(len(di)):
                    if len(gi) == 0:
                        break
                    cand = np.where(used, -1.0, ious[k])
                    j = int(np.argmax(cand))
                    if cand[j] >= thr:
                        used[j] = True
                        tp[k, t] = True
            scores_c[c].append(ps[di])
            tps_c[c].append(tp)
            sel = ps[di] >= conf_for_pr
            tp_pr += int(tp[sel, 0].sum())
            fp_pr += int((~tp[sel, 0]).sum())
    ap = np.full((num_classes, T), np.nan)
    rec_pts = np.linspace(0, 1, 101)
    for c in range(num_classes):
        if ngt_c[c] == 0:
            continue
        if not scores_c[c]:
            ap[c] = 0
            continue
        s = np.concatenate(scores_c[c])
        tp = np.concatenate(tps_c[c])
        order = np.argsort(-s, kind="stable")
        tp = tp[order]
        ctp = np.cumsum(tp, 0)
        cfp = np.cumsum(~tp, 0)
        recall = ctp / ngt_c[c]
        precision = ctp / np.maximum(ctp + cfp, 1e-12)
        for t in range(T):
            pr = np.maximum.accumulate(precision[::-1, t])[::-1]  # precision envelope
            idx = np.searchsorted(recall[:, t], rec_pts, side="left")
            q = np.where(idx < len(pr), pr[np.minimum(idx, len(pr) - 1)], 0.0)
            ap[c, t] = q.mean()
    present = ngt_c > 0
    n_gt = int(ngt_c.sum())
    return {
        "map50": float(np.nanmean(ap[present, 0])) if present.any() else 0.0,
        "map50_95": float(np.nanmean(ap[present].mean(1))) if present.any() else 0.0,
        "precision": tp_pr / max(tp_pr + fp_pr, 1),
        "recall": tp_pr / max(n_gt, 1),
        "ap50_per_class": [None if np.isnan(v) else round(float(v), 4) for v in ap[:, 0]],
        "ap_per_class": [None if np.isnan(v) else round(float(v), 4) for v in np.nanmean(ap, 1)] if present.any() else [],
        "truths_per_class": ngt_c.tolist(),
    }


def _selftest():
    g = [np.array([[0, 10, 10, 20, 20], [1, 30, 30, 60, 40]], np.float32)]
    perfect = [(g[0][:, 1:5], np.array([0.9, 0.8]), np.array([0, 1]))]
    r = evaluate_map(perfect, g, 2)
    assert abs(r["map50"] - 1) < 1e-9 and abs(r["map50_95"] - 1) < 1e-9, r
    shifted = [(g[0][:, 1:5] + np.array([2, 0, 2, 0]), np.array([0.9, 0.8]), np.array([0, 1]))]
    r = evaluate_map(shifted, g, 2)
    assert abs(r["map50"] - 1) < 1e-9 and r["map50_95"] < 1, r
    wrong = [(g[0][:, 1:5], np.array([0.9, 0.8]), np.array([1, 0]))]
    assert evaluate_map(wrong, g, 2)["map50"] == 0
    out = np.zeros((6, 3), np.float32)
    out[:4, 0] = [15, 15, 10, 10]; out[4, 0] = 0.9
    out[:4, 1] = [16, 15, 10, 10]; out[4, 1] = 0.8  # duplicate, suppressed
    out[:4, 2] = [45, 35, 30, 10]; out[5, 2] = 0.7
    b, s, c = postprocess_numpy(out)
    assert len(b) == 2 and list(c) == [0, 1], (b, s, c)
    # an anchor torn between two classes: best class ranks one, multi-label both
    torn = np.zeros((6, 1), np.float32)
    torn[:4, 0] = [15, 15, 10, 10]
    torn[4:, 0] = [0.6, 0.4]
    assert list(postprocess_numpy(torn)[2]) == [0]
    b, s, c = postprocess_numpy(torn, multi_label=True)
    assert list(c) == [0, 1] and np.allclose(s, [0.6, 0.4]) and np.allclose(b[0], b[1]), (b, s, c)
    g1 = [np.array([[1, 10, 10, 20, 20]], np.float32)]
    assert evaluate_map([postprocess_numpy(torn)], g1, 2)["map50"] == 0
    assert abs(evaluate_map([postprocess_numpy(torn, multi_label=True)], g1, 2)["map50"] - 1) < 1e-9
    print("common selftest ok")


if __name__ == "__main__":
    _selftest()
