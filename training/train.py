"""Train the G20 spectrogram detector on `./g20 dataset` output.

    python training/train.py --data DIR [DIR...] --epochs 150 --out runs/x
    python training/train.py --data DIR --time-budget 18 --out runs/x     # stop after 18 min
    python training/train.py --data DIR --smoke --out runs/smoke          # ~1 minute check

The whole dataset lives on the GPU (fp16), augmentation runs there too, so the loop never waits
for a loader. Label assignment is task-aligned (YOLOv8 TAL) over a candidate region that is the
box grown to at least +-radius strides per axis, so 4 px wide carriers and 2-row bursts always
have candidate anchors. Losses: BCE on IoU-aware targets, CIoU, L1 on the raw box parameters.
AdamW + cosine LR (by epochs or by wall-clock budget), bf16 autocast on CUDA, EMA weights;
validation mAP (COCO 101-point) on the EMA model; best.pt keeps the best mAP@0.5:0.95.
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import os
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import evaluate_map, load_split, read_data_yaml  # noqa: E402
from model import CLASS_NAMES, G20Detector, ModelConfig, count_macs, decode_boxes  # noqa: E402


# ----------------------------------------------------------------------------------------------
# Box utilities (torch)
# ----------------------------------------------------------------------------------------------

def cxcywh_to_xyxy(b):
    return torch.cat((b[..., :2] - b[..., 2:] / 2, b[..., :2] + b[..., 2:] / 2), -1)


def pairwise_iou(a, b, eps=1e-7):
    """Element-wise IoU of broadcastable xyxy boxes a [..., 4], b [..., 4]."""
    iw = (torch.minimum(a[..., 2], b[..., 2]) - torch.maximum(a[..., 0], b[..., 0])).clamp(min=0)
    ih = (torch.minimum(a[..., 3], b[..., 3]) - torch.maximum(a[..., 1], b[..., 1])).clamp(min=0)
    inter = iw * ih
    area_a = (a[..., 2] - a[..., 0]).clamp(min=0) * (a[..., 3] - a[..., 1]).clamp(min=0)
    area_b = (b[..., 2] - b[..., 0]).clamp(min=0) * (b[..., 3] - b[..., 1]).clamp(min=0)
    return inter / (area_a + area_b - inter + eps)


def ciou(a, b, eps=1e-7):
    """Complete IoU of matching xyxy boxes a [K,4], b [K,4]."""
    iou = pairwise_iou(a, b, eps)
    cw = torch.maximum(a[:, 2], b[:, 2]) - torch.minimum(a[:, 0], b[:, 0])
    ch = torch.maximum(a[:, 3], b[:, 3]) - torch.minimum(a[:, 1], b[:, 1])
    c2 = cw ** 2 + ch ** 2 + eps
    rho2 = ((a[:, 0] + a[:, 2] - b[:, 0] - b[:, 2]) ** 2 + (a[:, 1] + a[:, 3] - b[:, 1] - b[:, 3]) ** 2) / 4
    w1, h1 = a[:, 2] - a[:, 0], (a[:, 3] - a[:, 1]).clamp(min=eps)
    w2, h2 = b[:, 2] - b[:, 0], (b[:, 3] - b[:, 1]).clamp(min=eps)
    v = (4 / math.pi ** 2) * (torch.atan(w2 / h2) - torch.atan(w1 / h1)) ** 2
    with torch.no_grad():
        alpha = v / (v - iou + (1 + eps))
    return iou - (rho2 / c2 + v * alpha)


def nms(boxes, scores, iou_thr):
    try:
        import torchvision
        return torchvision.ops.nms(boxes, scores, iou_thr)
    except Exception:  # torchvision missing (CPU smoke runs): plain greedy NMS
        order = scores.argsort(descending=True)
        keep = []
        while order.numel():
            i = order[0]
            keep.append(i)
            if order.numel() == 1:
                break
            ious = pairwise_iou(boxes[i][None], boxes[order[1:]])
            order = order[1:][ious <= iou_thr]
        return torch.stack(keep) if keep else torch.zeros(0, dtype=torch.long, device=boxes.device)


def postprocess(out, conf_thr=0.001, iou_thr=0.6, max_det=100, multi_label=False, max_candidates=3000):
    """Decoded output [B, 4 + nc, N] -> per image (xyxy, score, class) numpy, class-wise NMS.

    Each anchor is one candidate of its best class, or with ``multi_label`` one for every class
    scoring above ``conf_thr`` (the YOLOv8 tooling's val); the best ``max_candidates`` go to NMS."""
    results = []
    for o in out.float():
        boxes = cxcywh_to_xyxy(o[:4].t())
        scores = o[4:].t()
        if multi_label:
            anchor, cls = (scores > conf_thr).nonzero(as_tuple=True)
            boxes, conf = boxes[anchor], scores[anchor, cls]
        else:
            conf, cls = scores.max(1)
            m = conf > conf_thr
            boxes, conf, cls = boxes[m], conf[m], cls[m]
        if conf.numel() > max_candidates:
            top = conf.topk(max_candidates).indices
            boxes, conf, cls = boxes[top], conf[top], cls[top]
        if boxes.numel():
            # class-wise NMS via coordinate offsets (boxes of different classes never overlap)
            off = cls.float()[:, None] * 4096.0
            keep = nms(boxes + off, conf, iou_thr)[:max_det]
            boxes, conf, cls = boxes[keep], conf[keep], cls[keep]
        results.append((boxes.cpu().numpy(), conf.cpu().numpy(), cls.cpu().numpy()))
    return results


# ----------------------------------------------------------------------------------------------
# Task-aligned assignment
# ----------------------------------------------------------------------------------------------

@torch.no_grad()
def assign(pd_scores, pd_boxes, anchors, strides, gt_cls, gt_boxes, gt_mask, topk=10, alpha=0.5, beta=6.0, radius=1.0):
    """TAL (YOLOv8) with a spectrogram-friendly candidate region.

    pd_scores [B,N,C] sigmoid scores, pd_boxes [B,N,4] xyxy px (both detached),
    anchors [N,2] px, strides [N], gt_cls [B,M] long, gt_boxes [B,M,4] xyxy px, gt_mask [B,M] bool.
    Candidates: anchors inside the gt box grown to a half-size of at least radius*stride per axis.
    Returns fg [B,N] bool, target boxes [B,N,4], target scores [B,N,C].
    """
    B, N, C = pd_scores.shape
    M = gt_boxes.shape[1]
    assert pd_boxes.shape == (B, N, 4) and anchors.shape == (N, 2) and strides.shape == (N,)
    assert gt_cls.shape == (B, M) and gt_boxes.shape == (B, M, 4) and gt_mask.shape == (B, M)
    dev = pd_scores.device
    if M == 0:
        return (torch.zeros(B, N, dtype=torch.bool, device=dev), torch.zeros(B, N, 4, device=dev),
                torch.zeros(B, N, C, device=dev))
    gcx = ((gt_boxes[..., 0] + gt_boxes[..., 2]) / 2)[..., None]  # [B,M,1]
    gcy = ((gt_boxes[..., 1] + gt_boxes[..., 3]) / 2)[..., None]
    hw = ((gt_boxes[..., 2] - gt_boxes[..., 0]) / 2)[..., None]
    hh = ((gt_boxes[..., 3] - gt_boxes[..., 1]) / 2)[..., None]
    s = strides[None, None, :]
    dx = (anchors[None, None, :, 0] - gcx).abs()  # [B,M,N]
    dy = (anchors[None, None, :, 1] - gcy).abs()
    cand = (dx < torch.maximum(hw, radius * s)) & (dy < torch.maximum(hh, radius * s)) & gt_mask[..., None]

    ious = pairwise_iou(gt_boxes[:, :, None, :], pd_boxes[:, None, :, :]).clamp(min=0) * cand  # [B,M,N]
    cls_idx = gt_cls.clamp(min=0)[..., None].expand(B, M, N)
    bbox_scores = pd_scores.transpose(1, 2).gather(1, cls_idx) * cand  # [B,M,N]
    align = bbox_scores.pow(alpha) * ious.pow(beta)
    # Tie-break towards the box centre (in strides) so early, all-zero metrics still pick sensible cells.
    prior = 1e-9 / (1.0 + (dx / s) ** 2 + (dy / s) ** 2)
    k = min(topk, N)
    top_idx = (align + prior * cand).topk(k, dim=-1).indices  # [B,M,k]
    mask_topk = torch.zeros_like(cand).scatter_(-1, top_idx, True)
    mask_pos = mask_topk & cand

    # An anchor claimed by several truths keeps the one it overlaps most.
    multi = mask_pos.sum(1, keepdim=True) > 1  # [B,1,N]
    if multi.any():
        best = (ious * mask_pos + mask_pos * 1e-9).argmax(1)  # [B,N]
        is_best = F.one_hot(best, M).transpose(1, 2).bool()  # [B,M,N]
        mask_pos = torch.where(multi, is_best & mask_pos, mask_pos)

    fg = mask_pos.any(1)  # [B,N]
    tgt_idx = mask_pos.float().argmax(1)  # [B,N]
    tgt_cls = gt_cls.gather(1, tgt_idx).clamp(min=0)
    tgt_boxes = gt_boxes.gather(1, tgt_idx[..., None].expand(B, N, 4))

    align = align * mask_pos
    pos_align_max = align.amax(-1, keepdim=True)
    pos_iou_max = (ious * mask_pos).amax(-1, keepdim=True)
    norm = (align * pos_iou_max / (pos_align_max + 1e-9)).amax(1)  # [B,N]
    tgt_scores = F.one_hot(tgt_cls, C).float() * (norm * fg)[..., None]
    return fg, tgt_boxes, tgt_scores


class DetectionLoss:
    def __init__(self, net: G20Detector, w_box=7.5, w_cls=1.0, w_l1=1.0, topk=10, radius=1.0):
        self.net, self.w_box, self.w_cls, self.w_l1 = net, w_box, w_cls, w_l1
        self.topk, self.radius = topk, radius
        self.nc = net.cfg.num_classes

    def __call__(self, raw, gt_cls, gt_boxes, gt_mask):
        raw = raw.float().transpose(1, 2)  # [B,N,4+nc]
        reg, logits = raw[..., :4], raw[..., 4:]
        anchors, strides = self.net.anchors, self.net.anchor_strides
        boxes = cxcywh_to_xyxy(decode_boxes(reg, anchors, strides))  # [B,N,4]
        fg, tgt_boxes, tgt_scores = assign(logits.detach().sigmoid(), boxes.detach(), anchors, strides,
                                           gt_cls, gt_boxes, gt_mask, topk=self.topk, radius=self.radius)
        norm = tgt_scores.sum().clamp(min=1.0)
        loss_cls = F.binary_cross_entropy_with_logits(logits, tgt_scores, reduction="sum") / norm
        n_fg = int(fg.sum())
        if n_fg:
            w = tgt_scores.sum(-1)[fg]
            loss_box = ((1.0 - ciou(boxes[fg], tgt_boxes[fg])) * w).sum() / norm
            # L1 on (dx, dy, log w, log h) in strides: a steady gradient while IoUs are still tiny.
            s = strides[None, :].expand(fg.shape)[fg][:, None]
            a = anchors[None].expand(fg.shape[0], -1, -1)[fg]
            tb = tgt_boxes[fg]
            t_xy = ((tb[:, :2] + tb[:, 2:]) / 2 - a) / s
            t_wh = torch.log(((tb[:, 2:] - tb[:, :2]).clamp(min=0.25)) / s)
            loss_l1 = (reg[fg] - torch.cat((t_xy, t_wh), 1)).abs().sum(1).mean()
        else:
            loss_box = loss_l1 = raw.sum() * 0.0
        total = self.w_box * loss_box + self.w_cls * loss_cls + self.w_l1 * loss_l1
        return total, {"box": float(loss_box), "cls": float(loss_cls), "l1": float(loss_l1), "fg": n_fg}


# ----------------------------------------------------------------------------------------------
# EMA
# ----------------------------------------------------------------------------------------------

class ModelEMA:
    def __init__(self, model, decay=0.9998, tau=2000, updates=0):
        self.ema = copy.deepcopy(model).eval()
        for p in self.ema.parameters():
            p.requires_grad_(False)
        self.decay, self.tau, self.updates = decay, tau, updates

    @torch.no_grad()
    def update(self, model):
        self.updates += 1
        d = self.decay * (1 - math.exp(-self.updates / self.tau))
        msd = model.state_dict()
        esd = self.ema.state_dict()
        ef = [v for k, v in esd.items() if v.dtype.is_floating_point]
        mf = [msd[k].detach() for k, v in esd.items() if v.dtype.is_floating_point]
        torch._foreach_mul_(ef, d)
        torch._foreach_add_(ef, mf, alpha=1 - d)
        for k, v in esd.items():
            if not v.dtype.is_floating_point:
                v.copy_(msd[k])


# ----------------------------------------------------------------------------------------------
# Data on device
# ----------------------------------------------------------------------------------------------

class DeviceSplit:
    """Images [N,C,H,W] (fp16, or uint8 = value * 255) and padded labels [N,M,5] held on the training device.

    Labels arrive in input pixels; ``x_scale`` (1 / freq_fold) puts them on the model grid.
    """

    def __init__(self, data, boxes, device, x_scale=1.0, capacity=0):
        self.device = device
        self.x_scale = x_scale
        n = data.shape[0]
        if capacity > n:
            # room for chunks added later (--grow): torch.cat would need old + new on the device at once
            self.images = torch.empty((capacity,) + tuple(data.shape[1:]), dtype=torch.from_numpy(data[:0]).dtype, device=device)
            self.images[:n] = torch.from_numpy(data).to(device)
        else:
            self.images = torch.from_numpy(data).to(device)
        self.boxes_np = [self._to_grid(b) for b in boxes]
        self._labels()

    def _to_grid(self, b):
        if self.x_scale == 1.0:
            return b
        b = b.copy()
        b[:, 1:5:2] *= self.x_scale
        return b

    def images_at(self, idx):
        """Float32 images in [0, 1]."""
        x = self.images[idx]
        return x.float() / 255.0 if x.dtype == torch.uint8 else x.float()

    def _labels(self):
        self.n = len(self.boxes_np)
        assert self.images.shape[0] >= self.n
        m = max([len(b) for b in self.boxes_np] + [1])
        lab = np.zeros((self.n, m, 5), np.float32)
        mask = np.zeros((self.n, m), bool)
        for i, b in enumerate(self.boxes_np):
            lab[i, :len(b)] = b
            mask[i, :len(b)] = True
        self.labels = torch.from_numpy(lab).to(self.device)
        self.mask = torch.from_numpy(mask).to(self.device)

    def append(self, data, boxes):
        """Adds images (e.g. a dataset chunk finished while training runs)."""
        assert data.shape[1:] == self.images.shape[1:], (data.shape, self.images.shape)
        more = torch.from_numpy(data)
        assert more.dtype == self.images.dtype, (more.dtype, self.images.dtype)
        n, k = len(self.boxes_np), more.shape[0]
        if n + k <= self.images.shape[0]:
            self.images[n:n + k] = more.to(self.device)
        else:
            self.images = torch.cat((self.images[:n], more.to(self.device)), 0)
        self.boxes_np += [self._to_grid(b) for b in boxes]
        self._labels()

    def batch(self, idx):
        m = max(int(self.mask[idx].sum(1).max()), 1)
        return self.images_at(idx), self.labels[idx, :m], self.mask[idx, :m]


def augment(imgs, labels, mask, grid_width, flip_x=0.5, flip_y=0.5, gain=0.05):
    """In-place GPU augmentation: frequency flip, time flip, small display-gain shift.

    Labels are on the model grid (``grid_width`` columns); a flip of the input's bins is a flip of
    the grid's columns too, because the fold groups whole columns.

    A gain shift moves every value by g (= dB / display range) but keeps values at the display floor
    (0) there, as the real normalisation would have clipped them anyway.
    """
    B, _, H, _ = imgs.shape
    W = grid_width
    dev = imgs.device
    fx = torch.rand(B, device=dev) < flip_x
    if fx.any():
        imgs[fx] = imgs[fx].flip(-1)
        l = labels[fx]
        l[..., 1], l[..., 3] = W - l[..., 3], W - l[..., 1]
        labels[fx] = l
    fy = torch.rand(B, device=dev) < flip_y
    if fy.any():
        imgs[fy] = imgs[fy].flip(-2)
        l = labels[fy]
        l[..., 2], l[..., 4] = H - l[..., 4], H - l[..., 2]
        labels[fy] = l
    if gain > 0:
        g = (torch.rand(B, 1, 1, 1, device=dev) * 2 - 1) * gain
        imgs.copy_(torch.where(imgs > 0, (imgs + g).clamp(0, 1), imgs))
    return imgs, labels, mask


# ----------------------------------------------------------------------------------------------
# Validation
# ----------------------------------------------------------------------------------------------

@torch.no_grad()
def validate(net, split: DeviceSplit, device, amp_dtype, batch=64, conf_thr=0.001, iou_thr=0.6):
    from model import decode_raw
    net.eval()
    preds, preds_ml = [], []
    for i in range(0, split.n, batch):
        idx = torch.arange(i, min(i + batch, split.n), device=split.images.device)
        x = split.images_at(idx)
        with torch.autocast(device_type=device.type, dtype=amp_dtype, enabled=amp_dtype is not None):
            raw = net(x)
        out = decode_raw(net, raw)  # float32 decode
        preds += postprocess(out, conf_thr, iou_thr)
        preds_ml += postprocess(out, conf_thr, iou_thr, multi_label=True)
    gts = [b for b in split.boxes_np]
    r = evaluate_map(preds, gts, net.cfg.num_classes)
    ml = evaluate_map(preds_ml, gts, net.cfg.num_classes)
    r["ml_map50"], r["ml_map50_95"] = ml["map50"], ml["map50_95"]
    return r


# ----------------------------------------------------------------------------------------------
# Main
# ----------------------------------------------------------------------------------------------

def grown_state(net, old_state, log):
    """The old weights inside a wider net's state: each old tensor fills the leading slice of its
    new one; new input channels of a convolution start at zero (their producers are new, so the
    net computes what the old one did), new output channels and BN entries keep their fresh init."""
    state = {k: v.clone() for k, v in net.state_dict().items()}
    for k, v in old_state.items():
        assert k in state, f"grow: the old weights have {k}, the new net does not"
        new = state[k]
        if new.shape == v.shape:
            state[k] = v
            continue
        assert new.dim() == v.dim() and all(a >= b for a, b in zip(new.shape, v.shape)), \
            f"grow: {k} {list(v.shape)} does not fit in {list(new.shape)}"
        if new.dim() == 4 and new.shape[1] > v.shape[1]:
            new[:, v.shape[1]:] = 0
        new[tuple(slice(0, n) for n in v.shape)] = v
        log(f"grow: {k} {list(v.shape)} -> {list(new.shape)}")
    return state


def check_grown(net, old_net, old_state, log, tol=1e-3):
    """Refuses a grow that changed what the net computes (a width inside a C2f split, say)."""
    device = next(net.parameters()).device
    old_net.load_state_dict(old_state)
    old_net.to(device).eval()
    cfg = net.cfg
    x = torch.rand(2, cfg.in_channels, cfg.input_height, cfg.image_width, device=device)
    was, tf32 = net.training, torch.backends.cudnn.allow_tf32
    torch.backends.cudnn.allow_tf32 = False  # TF32 rounding alone would exceed the tolerance
    net.eval()
    # the heads' inputs too: a barely trained net's outputs hardly depend on its features
    feats = {}
    hooks = [h.register_forward_pre_hook(lambda m, a, key=(tag, i): feats.__setitem__(key, a[0]))
             for tag, n in (("new", net), ("old", old_net)) for i, h in enumerate(n.heads)]
    with torch.no_grad():
        out_new, out_old = net(x), old_net(x)
    for h in hooks:
        h.remove()
    diff = (out_new - out_old).abs().max().item()
    for i in range(len(net.heads)):
        a, b = feats[("new", i)], feats[("old", i)]
        diff = max(diff, (a - b).abs().max().item() / max(1.0, b.abs().max().item()))
    net.train(was)
    torch.backends.cudnn.allow_tf32 = tf32
    log(f"grow: largest difference to the old net (outputs, heads' inputs) {diff:.2e}")
    assert diff < tol, f"grow: the grown net computes something else (difference {diff:.3g}); only widths whose new " \
                       f"channels can be wired in at zero grow cleanly (the stem, widths[0])"


def param_groups(model, wd):
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        (no_decay if p.ndim <= 1 else decay).append(p)  # BN weights and biases: no decay
    return [{"params": decay, "weight_decay": wd}, {"params": no_decay, "weight_decay": 0.0}]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", nargs="+", required=True, help="dataset dir(s) written by ./g20 dataset")
    ap.add_argument("--out", required=True, help="run dir (checkpoints, log, metrics.json)")
    ap.add_argument("--epochs", type=int, default=150)
    ap.add_argument("--time-budget", type=float, default=0, help="minutes of training steps; LR schedule follows them")
    ap.add_argument("--deadline", type=float, default=0,
                    help="unix time at which training ends (wall clock, validation included); LR schedule follows it")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--lr-final", type=float, default=0.02, help="final LR as a fraction of --lr")
    ap.add_argument("--wd", type=float, default=0.05)
    ap.add_argument("--warmup", type=float, default=0.03, help="warm-up fraction of training")
    ap.add_argument("--cls-weight", type=float, default=1.0,
                    help="weight of the classification loss (the box loss weighs 7.5); raise it when classes, "
                         "not boxes, are what the model gets wrong")
    ap.add_argument("--eval-every", type=float, default=60, help="seconds between validations")
    ap.add_argument("--device", default="auto")
    ap.add_argument("--no-amp", action="store_true")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-train", type=int, default=0, help="use only the first N training images")
    ap.add_argument("--max-val", type=int, default=0)
    ap.add_argument("--model", default="{}", help="JSON overrides of ModelConfig, e.g. '{\"head_width\": 64}'")
    ap.add_argument("--resume", default="", help="last.pt to continue from (same --out recommended)")
    ap.add_argument("--init", default="", help="start from these weights (best.pt/last.pt: EMA weights) with a fresh "
                                               "optimizer and schedule (fine-tuning)")
    ap.add_argument("--freq-fold", type=int, default=1,
                    help="input bins per model-grid column (8: a 4096-bin frame on a 512-column grid, every bin seen)")
    ap.add_argument("--pooled-channel", action="store_true",
                    help="with --freq-fold: the stem also sees each column's mean power (the unfolded model's input); "
                         "--init from an unfolded model then starts from its weights with the folded bins added")
    ap.add_argument("--channels-last", action="store_true")
    ap.add_argument("--smoke", action="store_true", help="tiny quick run to check the pipeline end to end")
    ap.add_argument("--grow", default="", help="glob of dataset dirs written while training runs: each one with a "
                                               "DONE file is added (train split) at the next epoch end")
    ap.add_argument("--grow-delete", action="store_true", help="delete a grown chunk's images once on the device")
    ap.add_argument("--max-train-total", type=int, default=0, help="stop growing past this many training images")
    args = ap.parse_args(argv)

    if args.smoke:
        args.max_train = args.max_train or 128
        args.max_val = args.max_val or 32
        args.epochs = min(args.epochs, 3)
        args.batch = min(args.batch, 16)
        args.eval_every = 1e9
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    log_f = open(out / "train_log.txt", "a")

    def log(msg):
        line = f"[{time.strftime('%H:%M:%S')}] {msg}"
        print(line, flush=True)
        log_f.write(line + "\n")
        log_f.flush()

    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    device = torch.device(("cuda" if torch.cuda.is_available() else "cpu") if args.device == "auto" else args.device)
    amp_dtype = None if (args.no_amp or device.type != "cuda") else torch.bfloat16
    if device.type == "cuda":
        torch.backends.cudnn.benchmark = True
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    log(f"args {vars(args)}; device {device}" + (f" ({torch.cuda.get_device_name(device)})" if device.type == "cuda" else ""))

    meta = read_data_yaml(Path(args.data[0]))
    names = meta.get("names") or CLASS_NAMES
    if isinstance(names, dict):
        names = [names[k] for k in sorted(names)]
    names = list(names)
    nc = len(names)
    t0 = time.time()
    tr_data, tr_boxes = load_split(args.data, "train", nc, args.max_train or None, log=log)
    va_data, va_boxes = load_split(args.data, "val", nc, args.max_val or None, log=log)
    assert tr_data is not None, f"no training images under {args.data}/train/images"
    _, C, H, W = tr_data.shape
    log(f"loaded in {time.time() - t0:.1f}s; classes {names}")

    ckpt = torch.load(args.resume, map_location="cpu", weights_only=False) if args.resume else None
    init = torch.load(args.init, map_location="cpu", weights_only=False) if args.init else None
    widen_from = None
    grow_from = False
    if ckpt or init:
        cfg = ModelConfig.from_dict((ckpt or init)["cfg"])
        if init and not ckpt and cfg.freq_fold == 1 and args.freq_fold > 1:
            # an unfolded (mean-power) model grows the folded bins: its stem keeps its weights for the
            # pooled channel, which carries the same values it was trained on
            assert args.pooled_channel, "--init from an unfolded model with --freq-fold needs --pooled-channel"
            assert cfg.input_width * args.freq_fold == W, f"init grid {cfg.input_width} x fold {args.freq_fold} != data width {W}"
            widen_from = cfg
            cfg = ModelConfig.from_dict({**cfg.to_dict(), "freq_fold": args.freq_fold, "pooled_channel": True})
        elif init and not ckpt and json.loads(args.model):
            # --model with --init grows the network (e.g. a wider stem): every old weight is kept and
            # the new channels are wired in at zero, so training starts from the old model's outputs
            cfg = ModelConfig.from_dict({**cfg.to_dict(), **json.loads(args.model)})
            grow_from = True
    else:
        assert W % args.freq_fold == 0, f"--freq-fold {args.freq_fold} does not divide the input width {W}"
        cfg = ModelConfig(in_channels=C, num_classes=nc, input_width=W // args.freq_fold, input_height=H,
                          freq_fold=args.freq_fold, pooled_channel=args.pooled_channel, names=names, **json.loads(args.model))
    assert (cfg.in_channels, cfg.input_height, cfg.image_width, cfg.num_classes) == (C, H, W, nc), \
        f"model expects [{cfg.in_channels},{cfg.input_height},{cfg.image_width}] x {cfg.num_classes} classes, data is [{C},{H},{W}] x {nc}"
    net = G20Detector(cfg).to(device)
    log(f"model {sum(p.numel() for p in net.parameters()) / 1e6:.3f} M params, "
        f"{count_macs(G20Detector(cfg), cfg) / 1e9:.3f} GMAC at {W}x{H} (grid {cfg.input_width}x{H}, fold {cfg.freq_fold}), "
        f"{net.num_anchors} anchors")
    if args.channels_last:
        net = net.to(memory_format=torch.channels_last)

    train = DeviceSplit(tr_data, tr_boxes, device, 1.0 / cfg.freq_fold,
                        capacity=args.max_train_total if args.grow and args.max_train_total else 0)
    val = DeviceSplit(va_data, va_boxes, device, 1.0 / cfg.freq_fold) if va_data is not None else None
    del tr_data, va_data

    if init:
        state = dict(init.get("ema") or init["model"])
        if widen_from is not None:
            mine = net.state_dict()
            for k, v in state.items():
                if k in mine and mine[k].shape != v.shape:
                    assert v.dim() == 4 and mine[k].shape[0] == v.shape[0] and mine[k].shape[2:] == v.shape[2:], (k, v.shape)
                    grown = torch.zeros_like(mine[k])
                    grown[:, :v.shape[1]] = v  # pooled channel(s) first, folded bins start at zero
                    state[k] = grown
                    log(f"init: {k} {list(v.shape)} -> {list(grown.shape)} (new input channels start at 0)")
        if grow_from:
            state = grown_state(net, state, log)
        net.load_state_dict(state)
        if grow_from:
            check_grown(net, G20Detector(ModelConfig.from_dict(init["cfg"])), init.get("ema") or init["model"], log)
        log(f"initialised from {args.init}" + (f" (its val: map50 {init['metrics']['map50']:.4f}, "
                                                f"map50_95 {init['metrics']['map50_95']:.4f})" if "metrics" in init else ""))
    opt = torch.optim.AdamW(param_groups(net, args.wd), lr=args.lr, betas=(0.9, 0.999))
    ema = ModelEMA(net)
    crit = DetectionLoss(net, w_cls=args.cls_weight)
    step, epoch, elapsed, best = 0, 0, 0.0, -1.0
    history = []
    if ckpt:
        net.load_state_dict(ckpt["model"])
        ema.ema.load_state_dict(ckpt["ema"])
        ema.updates = ckpt["ema_updates"]
        opt.load_state_dict(ckpt["optimizer"])
        step, epoch, elapsed, best = ckpt["step"], ckpt["epoch"], ckpt["elapsed"], ckpt["best"]
        history = ckpt.get("history", [])
        log(f"resumed from {args.resume}: epoch {epoch}, step {step}, {elapsed / 60:.1f} min trained, best {best:.4f}")

    steps_per_epoch = max(train.n // args.batch, 1)
    total_steps = steps_per_epoch * args.epochs
    budget_s = args.time_budget * 60
    t_wall0, wall_budget = time.time(), (args.deadline - time.time()) if args.deadline else 0
    if args.deadline:
        assert wall_budget > 30, f"--deadline is only {wall_budget:.0f}s away"
        log(f"deadline in {wall_budget / 60:.2f} min")

    def progress():
        if wall_budget > 0:
            return min((time.time() - t_wall0) / wall_budget, 1.0)
        if budget_s > 0:
            return min(elapsed / budget_s, 1.0)
        return min(step / max(total_steps, 1), 1.0)

    def lr_at(p):
        if p < args.warmup:
            return args.lr * max(p / args.warmup, 0.01)
        q = (p - args.warmup) / max(1 - args.warmup, 1e-9)
        return args.lr * (args.lr_final + (1 - args.lr_final) * 0.5 * (1 + math.cos(math.pi * q)))

    def save(path, extra=None):
        state = {"cfg": cfg.to_dict(), "model": net.state_dict(), "ema": ema.ema.state_dict(), "ema_updates": ema.updates,
                 "optimizer": opt.state_dict(), "step": step, "epoch": epoch, "elapsed": elapsed, "best": best,
                 "history": history, "args": vars(args)}
        if extra:
            state.update(extra)
        tmp = str(path) + ".tmp"
        torch.save(state, tmp)
        os.replace(tmp, path)

    def run_val(tag):
        nonlocal best
        if val is None:
            return None
        tv = time.time()
        r = validate(ema.ema, val, device, amp_dtype)
        r.update(epoch=epoch, step=step, minutes=round(elapsed / 60, 2))
        history.append({k: r[k] for k in ("epoch", "step", "minutes", "map50", "map50_95", "ml_map50", "ml_map50_95",
                                          "precision", "recall")})
        improved = r["map50_95"] > best
        if improved:
            best = r["map50_95"]
            torch.save({"cfg": cfg.to_dict(), "ema": ema.ema.state_dict(), "metrics": r, "epoch": epoch, "step": step},
                       out / "best.pt")
        log(f"val[{tag}] epoch {epoch} map50 {r['map50']:.4f} map50_95 {r['map50_95']:.4f} "
            f"(multi-label {r['ml_map50']:.4f} / {r['ml_map50_95']:.4f}) "
            f"P {r['precision']:.3f} R {r['recall']:.3f}{' *best*' if improved else ''} ({time.time() - tv:.1f}s) "
            f"AP50/class {r['ap50_per_class']}")
        with open(out / "metrics.json", "w") as f:
            json.dump({"last": r, "best_map50_95": best, "history": history}, f, indent=1)
        return r

    import glob
    import shutil
    grown = {str(Path(d).resolve()) for d in args.data}

    def grow():
        if not args.grow:
            return
        for d in sorted(glob.glob(args.grow)):
            key = str(Path(d).resolve())
            if key in grown or not (Path(d) / "DONE").exists():
                continue
            if args.max_train_total and train.n >= args.max_train_total:
                return
            grown.add(key)
            tg = time.time()
            data, boxes = load_split([Path(d)], "train", nc, log=lambda m: None)
            if data is None:
                continue
            if args.max_train_total:
                room = args.max_train_total - train.n
                data, boxes = data[:room], boxes[:room]
            train.append(data, boxes)
            if args.grow_delete:
                shutil.rmtree(Path(d) / "train" / "images", ignore_errors=True)
            log(f"grew by {len(boxes)} images from {d} -> {train.n} training images ({time.time() - tg:.1f}s)")

    net.train()
    last_eval = elapsed
    last_log = last_save = time.time()
    ep_imgs, ep_time, run_nb = 0, 0.0, 0
    run_sums = {"box": 0.0, "cls": 0.0, "l1": 0.0, "fg": 0}
    done = progress() >= 1.0
    while not done:
        grow()
        steps_per_epoch = max(train.n // args.batch, 1)
        t_ep = time.time()
        perm = torch.randperm(train.n, device=device)
        sums = {"box": 0.0, "cls": 0.0, "l1": 0.0, "fg": 0}
        n_b = 0
        for bi in range(steps_per_epoch):
            ts = time.time()
            idx = perm[bi * args.batch:(bi + 1) * args.batch]
            imgs, labels, mask = augment(*train.batch(idx), grid_width=cfg.input_width)
            if args.channels_last:
                imgs = imgs.contiguous(memory_format=torch.channels_last)
            lr = lr_at(progress())
            for g in opt.param_groups:
                g["lr"] = lr
            with torch.autocast(device_type=device.type, dtype=amp_dtype, enabled=amp_dtype is not None):
                raw = net(imgs)
            loss, parts = crit(raw, labels[..., 0].long(), labels[..., 1:5], mask)
            if not torch.isfinite(loss):
                raise FloatingPointError(f"non-finite loss at step {step}: {parts}")
            opt.zero_grad(set_to_none=True)
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 10.0)
            opt.step()
            ema.update(net)
            step += 1
            n_b += 1
            for k in sums:
                sums[k] += parts[k]
            elapsed += time.time() - ts
            if progress() >= 1.0 or (budget_s <= 0 and wall_budget <= 0 and step >= total_steps):
                done = True
                break
        epoch += 1
        dt = time.time() - t_ep
        ep_imgs += n_b * args.batch
        ep_time += dt
        for k in sums:
            run_sums[k] += sums[k]
        run_nb += n_b
        if done or time.time() - last_log >= 15:
            last_log = time.time()
            nb = max(run_nb, 1)
            log(f"epoch {epoch} step {step} lr {lr:.2e} box {run_sums['box'] / nb:.4f} cls {run_sums['cls'] / nb:.4f} "
                f"l1 {run_sums['l1'] / nb:.4f} fg/img {run_sums['fg'] / (nb * args.batch):.1f} "
                f"{ep_imgs / max(ep_time, 1e-9):.0f} img/s, {elapsed / 60:.2f} min, progress {progress():.3f}, "
                f"{train.n} train images")
            ep_imgs, ep_time, run_nb = 0, 0.0, 0
            run_sums = {"box": 0.0, "cls": 0.0, "l1": 0.0, "fg": 0}
        if done or elapsed - last_eval >= args.eval_every:
            run_val("final" if done else "periodic")
            last_eval = elapsed
            net.train()
        if done or time.time() - last_save >= 60:
            save(out / "last.pt")
            last_save = time.time()
    log(f"done: {epoch} epochs, {step} steps, {elapsed / 60:.2f} min of training, best map50_95 {best:.4f}")
    return best


if __name__ == "__main__":
    main()
