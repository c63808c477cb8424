"""Compact anchor-free detector for spectrogram frames (G20).

Why this shape:
* Spectrogram objects are extreme in aspect: a CW carrier is ~4 px wide and the whole frame
  tall, a chirp or OFDM burst can span most of the width but only a few rows, hopper dwells are
  small. YOLOv8's ltrb/DFL head needs the anchor point *inside* the box, which a 4 px wide
  carrier never gives a stride-8 grid. So the head regresses the box YOLOX-style from the
  anchor: centre offset (dx, dy) in strides and log size (dw, dh) in strides. An anchor beside a
  thin box can still predict it, and the assigner (train.py) may pick the nearest cells.
* Backbone/neck are YOLOv8-like (C2f blocks, BN + SiLU, SPPF, PAN) but narrow; heads are
  decoupled (box / class) and light, because at stride 8 the head dominates the cost.
* Frequency fold (``freq_fold`` f): the input is the full-resolution frame, f bins per model column
  ([B, C, H, W * f]); the first op folds each group of f adjacent bins into channels
  ([B, C * f, H, W]), so the grid (and the cost) stays W wide while the stem still sees every bin.
  A 512-column grid over 4096 bins cannot tell a carrier (1 bin) from AM (2-4 bins) or narrowband
  FM (4-13 bins) if it only sees their mean power; the folded channels keep their shapes.
  Boxes, anchors and losses live on the W x H grid; only the exported decode scales x back to input
  pixels.
* Export (export.py) wraps the net in ``Decoded``: the graph outputs the YOLOv8 layout
  [1, 4 + nc, N] = cx, cy, w, h in input pixels, then per-class sigmoid scores.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, asdict

import torch
import torch.nn as nn
import torch.nn.functional as F

CLASS_NAMES = ["cw", "am", "fm", "fsk", "psk", "qam16", "ofdm", "chirp", "hopper"]

# Bounds on the log-size output: exp(-5..7) strides covers 0.05 px at stride 8 up to ~35000 px.
# Clamping keeps exp() finite in both training and the exported graph.
LOG_WH_MIN = -5.0
LOG_WH_MAX = 7.0


@dataclass
class ModelConfig:
    """Architecture hyper-parameters; stored in checkpoints so export rebuilds the same net."""
    in_channels: int = 1
    num_classes: int = len(CLASS_NAMES)
    input_width: int = 512   # frequency axis of the model grid (input pixels / freq_fold)
    input_height: int = 256  # time axis
    freq_fold: int = 1       # input bins per grid column, folded into channels by the first op
    pooled_channel: bool = False  # with a fold: also the columns' mean power (what a 1-bin-per-column model saw)
    display_range_db: float = 60.0  # the input's [0, 1] spans this many dB (to average power, not dB)
    widths: tuple = (16, 32, 48, 96, 160)  # stem, stride 4, 8, 16, 32
    depths: tuple = (1, 2, 2, 1)           # C2f repeats at stride 4, 8, 16, 32
    neck_widths: tuple = (48, 96, 160)     # P3, P4, P5 outputs of the PAN
    head_width: int = 48
    strides: tuple = (8, 16, 32)
    names: list = field(default_factory=lambda: list(CLASS_NAMES))

    def to_dict(self):
        d = asdict(self)
        d["widths"] = list(self.widths)
        d["depths"] = list(self.depths)
        d["neck_widths"] = list(self.neck_widths)
        d["strides"] = list(self.strides)
        return d

    @property
    def has_pooled_channel(self):
        """The pooled mean-power channel only exists where there is a fold to pool over."""
        return self.pooled_channel and self.freq_fold > 1

    @property
    def image_width(self):
        """Width of the input tensor in pixels (bins)."""
        return self.input_width * self.freq_fold

    @staticmethod
    def from_dict(d):
        d = dict(d)
        for k in ("widths", "depths", "neck_widths", "strides"):
            if k in d:
                d[k] = tuple(d[k])
        return ModelConfig(**d)


class ConvBNAct(nn.Module):
    def __init__(self, c1, c2, k=1, s=1, groups=1, act=True):
        super().__init__()
        self.conv = nn.Conv2d(c1, c2, k, s, k // 2, groups=groups, bias=False)
        self.bn = nn.BatchNorm2d(c2, eps=1e-3, momentum=0.03)
        self.act = nn.SiLU(inplace=True) if act else nn.Identity()

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))


class Bottleneck(nn.Module):
    def __init__(self, c, shortcut=True):
        super().__init__()
        self.cv1 = ConvBNAct(c, c, 3)
        self.cv2 = ConvBNAct(c, c, 3)
        self.add = shortcut

    def forward(self, x):
        y = self.cv2(self.cv1(x))
        return x + y if self.add else y


class C2f(nn.Module):
    """CSP block with two convolutions (YOLOv8): split, n bottlenecks, concat all, fuse."""

    def __init__(self, c1, c2, n=1, shortcut=True):
        super().__init__()
        self.c = c2 // 2
        self.cv1 = ConvBNAct(c1, 2 * self.c, 1)
        self.m = nn.ModuleList(Bottleneck(self.c, shortcut) for _ in range(n))
        self.cv2 = ConvBNAct((2 + n) * self.c, c2, 1)

    def forward(self, x):
        y = list(torch.split(self.cv1(x), [self.c, self.c], 1))  # static sizes: a plain Split in ONNX
        for m in self.m:
            y.append(m(y[-1]))
        return self.cv2(torch.cat(y, 1))


class SPPF(nn.Module):
    def __init__(self, c1, c2, k=5):
        super().__init__()
        c_ = c1 // 2
        self.cv1 = ConvBNAct(c1, c_, 1)
        self.cv2 = ConvBNAct(c_ * 4, c2, 1)
        self.m = nn.MaxPool2d(k, 1, k // 2)

    def forward(self, x):
        x = self.cv1(x)
        y1 = self.m(x)
        y2 = self.m(y1)
        return self.cv2(torch.cat((x, y1, y2, self.m(y2)), 1))


class Head(nn.Module):
    """Decoupled head for one level: box branch -> (dx, dy, dw, dh), class branch -> nc logits."""

    def __init__(self, c_in, hidden, nc, stride):
        super().__init__()
        self.stem = ConvBNAct(c_in, hidden, 1)
        self.box = nn.Sequential(ConvBNAct(hidden, hidden, 3), ConvBNAct(hidden, hidden, 3))
        self.cls = nn.Sequential(ConvBNAct(hidden, hidden, 3), ConvBNAct(hidden, hidden, 3))
        self.box_pred = nn.Conv2d(hidden, 4, 1)
        self.cls_pred = nn.Conv2d(hidden, nc, 1)
        self.stride = stride
        nn.init.zeros_(self.box_pred.weight)
        nn.init.zeros_(self.box_pred.bias)
        # Start every anchor as a box of one stride (dw = dh = 0) centred on the anchor.
        # Class prior: few positives among ~10k anchors.
        nn.init.normal_(self.cls_pred.weight, std=0.01)
        nn.init.constant_(self.cls_pred.bias, -math.log((1 - 0.01) / 0.01))

    def forward(self, x):
        x = self.stem(x)
        b, c = self.box(x), self.cls(x)
        # The 1x1 predictors run in float32 even under bf16 autocast: log-size in bf16 would carry
        # ~1% size error straight into exp(), which mAP@0.5:0.95 notices.
        with torch.autocast(device_type=x.device.type, enabled=False):
            if b.dtype != torch.float32:  # only under autocast; keeps Cast nodes out of the export
                b, c = b.float(), c.float()
            return torch.cat((self.box_pred(b), self.cls_pred(c)), 1)


class G20Detector(nn.Module):
    """Backbone + PAN neck + heads. forward() returns raw predictions [B, 4 + nc, N]."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.cfg = cfg
        w, d, nw = cfg.widths, cfg.depths, cfg.neck_widths
        assert len(w) == 5 and len(d) == 4 and len(nw) == 3, "widths: 5, depths: 4, neck_widths: 3"
        assert tuple(cfg.strides) == (8, 16, 32), "the neck is built for strides 8/16/32"
        for s in cfg.strides:
            assert cfg.input_width % s == 0 and cfg.input_height % s == 0, \
                f"input {cfg.input_width}x{cfg.input_height} must be divisible by stride {s}"
        # Backbone
        self.stem = ConvBNAct(stem_channels(cfg), w[0], 3, 2)                                    # /2
        self.s4 = nn.Sequential(ConvBNAct(w[0], w[1], 3, 2), C2f(w[1], w[1], d[0]))              # /4
        self.s8 = nn.Sequential(ConvBNAct(w[1], w[2], 3, 2), C2f(w[2], w[2], d[1]))              # /8
        self.s16 = nn.Sequential(ConvBNAct(w[2], w[3], 3, 2), C2f(w[3], w[3], d[2]))             # /16
        self.s32 = nn.Sequential(ConvBNAct(w[3], w[4], 3, 2), C2f(w[4], w[4], d[3]), SPPF(w[4], w[4]))  # /32
        # PAN neck (top-down then bottom-up)
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.td16 = C2f(w[4] + w[3], nw[1], 1, shortcut=False)
        self.td8 = C2f(nw[1] + w[2], nw[0], 1, shortcut=False)
        self.down8 = ConvBNAct(nw[0], nw[0], 3, 2)
        self.bu16 = C2f(nw[0] + nw[1], nw[1], 1, shortcut=False)
        self.down16 = ConvBNAct(nw[1], nw[1], 3, 2)
        self.bu32 = C2f(nw[1] + w[4], nw[2], 1, shortcut=False)
        self.heads = nn.ModuleList(Head(c, cfg.head_width, cfg.num_classes, s) for c, s in zip(nw, cfg.strides))
        anchors, strides = make_anchors(cfg.input_width, cfg.input_height, cfg.strides)
        self.register_buffer("anchors", anchors, persistent=False)  # [N, 2] anchor centres in px
        self.register_buffer("anchor_strides", strides, persistent=False)  # [N]

    @property
    def num_anchors(self):
        return self.anchors.shape[0]

    def forward(self, x):
        cfg = self.cfg
        assert x.dim() == 4 and x.shape[1] == cfg.in_channels and x.shape[2] == cfg.input_height \
            and x.shape[3] == cfg.image_width, f"expected [B,{cfg.in_channels},{cfg.input_height},{cfg.image_width}], got {list(x.shape)}"
        x = self.stem(fold_input(x, cfg))
        x = self.s4(x)
        c3 = self.s8(x)
        c4 = self.s16(c3)
        c5 = self.s32(c4)
        p4 = self.td16(torch.cat((self.up(c5), c4), 1))
        p3 = self.td8(torch.cat((self.up(p4), c3), 1))
        n4 = self.bu16(torch.cat((self.down8(p3), p4), 1))
        n5 = self.bu32(torch.cat((self.down16(n4), c5), 1))
        outs = [h(f) for h, f in zip(self.heads, (p3, n4, n5))]
        b = outs[0].shape[0]
        raw = torch.cat([o.reshape(b, 4 + cfg.num_classes, -1) for o in outs], 2)
        return raw  # [B, 4 + nc, N]


def stem_channels(cfg: ModelConfig) -> int:
    """Channels the stem convolution sees: the folded bins, plus the pooled power channel(s)."""
    return cfg.in_channels * cfg.freq_fold + (cfg.in_channels if cfg.has_pooled_channel else 0)


def fold_input(x, cfg: ModelConfig):
    """The stem's input: [pooled power channels,] folded bins (see fold_frequency, pool_power)."""
    folded = fold_frequency(x, cfg.freq_fold)
    if not cfg.has_pooled_channel:
        return folded
    return torch.cat((pool_power(x, cfg.freq_fold, cfg.display_range_db), folded), 1)


def pool_power(x, f, range_db):
    """[B, C, H, W * f] in [0, 1] -> [B, C, H, W]: each group of f bins averaged in linear power, back on
    the same [0, 1] dB scale (InferenceInput's area averaging of a 4096-bin frame to 512 columns)."""
    with torch.autocast(device_type=x.device.type, enabled=False):
        b, c, h, wf = x.shape
        a = range_db / 10.0 * math.log(10.0)        # v -> linear power relative to the floor: exp(a v)
        p = torch.exp(x.float() * a).reshape(b, c, h, wf // f, f).mean(-1)
        return torch.log(p) / a


def fold_frequency(x, f):
    """[B, C, H, W * f] -> [B, C * f, H, W]: channel c * f + k holds bin k of each group of f bins."""
    if f == 1:
        return x
    b, c, h, wf = x.shape
    return x.reshape(b, c, h, wf // f, f).permute(0, 1, 4, 2, 3).reshape(b, c * f, h, wf // f)


def make_anchors(width, height, strides):
    """Anchor centres (px) and strides for each grid cell, level by level, row-major (y, x)."""
    pts, st = [], []
    for s in strides:
        gw, gh = width // s, height // s
        ys, xs = torch.meshgrid(torch.arange(gh, dtype=torch.float32), torch.arange(gw, dtype=torch.float32), indexing="ij")
        pts.append(torch.stack(((xs.reshape(-1) + 0.5) * s, (ys.reshape(-1) + 0.5) * s), 1))
        st.append(torch.full((gw * gh,), float(s)))
    return torch.cat(pts, 0), torch.cat(st, 0)


def decode_boxes(reg, anchors, strides):
    """reg [B, N, 4] = (dx, dy, dw, dh) -> boxes [B, N, 4] = (cx, cy, w, h) in input pixels."""
    s = strides[None, :, None]
    cxy = anchors[None] + reg[..., :2] * s
    wh = torch.exp(reg[..., 2:].clamp(LOG_WH_MIN, LOG_WH_MAX)) * s
    return torch.cat((cxy, wh), -1)


class Decoded(nn.Module):
    """Inference/export wrapper: YOLOv8 layout [B, 4 + nc, N] (cx, cy, w, h px; sigmoid scores)."""

    def __init__(self, net: G20Detector):
        super().__init__()
        self.net = net

    def forward(self, x):
        return decode_raw(self.net, self.net(x), input_pixels=True)


def decode_raw(net: G20Detector, raw, input_pixels=False):
    """Raw [B, 4 + nc, N] -> YOLOv8 layout [B, 4 + nc, N], channel-first so the graph needs no transposes.

    Boxes are on the model grid, or with ``input_pixels`` in input pixels (x times freq_fold).
    """
    raw = raw.float()
    s = net.anchor_strides[None, None, :]          # [1, 1, N]
    a = net.anchors.t()[None]                      # [1, 2, N]
    cxy = a + raw[:, 0:2] * s
    wh = torch.exp(raw[:, 2:4].clamp(LOG_WH_MIN, LOG_WH_MAX)) * s
    f = net.cfg.freq_fold
    if input_pixels and f != 1:
        scale = torch.tensor([[[float(f)], [1.0]]], device=raw.device)  # [1, 2, 1]: x, y
        cxy, wh = cxy * scale, wh * scale
    scores = torch.sigmoid(raw[:, 4:])
    return torch.cat((cxy, wh, scores), 1)


def fuse_conv_bn(model: nn.Module) -> nn.Module:
    """Folds every BatchNorm of a ConvBNAct into its convolution (inference only)."""
    for m in model.modules():
        if isinstance(m, ConvBNAct) and isinstance(m.bn, nn.BatchNorm2d):
            conv, bn = m.conv, m.bn
            fused = nn.Conv2d(conv.in_channels, conv.out_channels, conv.kernel_size, conv.stride, conv.padding,
                              groups=conv.groups, bias=True).to(conv.weight.device)
            scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)
            fused.weight.data.copy_(conv.weight.data * scale.reshape(-1, 1, 1, 1))
            fused.bias.data.copy_(bn.bias.data - bn.running_mean * scale)
            m.conv = fused
            m.bn = nn.Identity()
    return model


def count_macs(model: nn.Module, cfg: ModelConfig) -> int:
    """Multiply-accumulates of one forward pass at the configured input (convs only)."""
    macs = [0]

    def hook(mod, inp, out):
        k = mod.kernel_size[0] * mod.kernel_size[1]
        macs[0] += out.numel() * (mod.in_channels // mod.groups) * k

    hs = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, nn.Conv2d)]
    was_training = model.training
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, cfg.in_channels, cfg.input_height, cfg.image_width))
    model.train(was_training)
    for h in hs:
        h.remove()
    return macs[0]


if __name__ == "__main__":
    import sys
    cfg = ModelConfig(freq_fold=int(sys.argv[1]) if len(sys.argv) > 1 else 1)
    net = G20Detector(cfg)
    n_params = sum(p.numel() for p in net.parameters())
    macs = count_macs(net, cfg)
    x = torch.rand(2, cfg.in_channels, cfg.input_height, cfg.image_width)
    if cfg.freq_fold > 1:
        y = fold_frequency(x, cfg.freq_fold)
        assert torch.equal(y[:, 3, 10, 7], x[:, 0, 10, 7 * cfg.freq_fold + 3])
        z = torch.zeros(1, 1, 1, 2 * cfg.freq_fold)
        z[0, 0, 0, 0] = 0.5   # one bin 30 dB over the floor, the others at the floor
        pp = pool_power(z, cfg.freq_fold, 60.0)
        want = 10 * math.log10((1000 + cfg.freq_fold - 1) / cfg.freq_fold) / 60
        assert abs(float(pp[0, 0, 0, 0]) - want) < 1e-5 and float(pp[0, 0, 0, 1]) == 0, pp
    raw = net(x)
    n = sum((cfg.input_width // s) * (cfg.input_height // s) for s in cfg.strides)
    assert raw.shape == (2, 4 + cfg.num_classes, n), raw.shape
    out = Decoded(net).eval()(x)
    assert out.shape == (2, 4 + cfg.num_classes, n), out.shape
    assert torch.all(out[:, 4:] >= 0) and torch.all(out[:, 4:] <= 1)
    print(f"params {n_params / 1e6:.3f} M, {macs / 1e9:.3f} GMAC ({2 * macs / 1e9:.3f} GFLOP), anchors {n}, output {list(out.shape)}")
