#!/usr/bin/python3
"""Generates shape_cases.jsonl: one-op cases with PyTorch's output shape and parameters.

Each line is a JSON object:
  id           "conv-017"
  op           cnnc op name
  args         the op's arguments as written in .cnn source ("8, (3, 5), stride: 2")
  inputs       per-sample input shapes (the batch is implicit), e.g. [[3, 17, 20]]
  output       PyTorch's per-sample output shape, or null when PyTorch rejects the case
  error        PyTorch's message (first line) when it rejects the case, else absent
  params       [[suffix, shape], ...] of module.named_parameters(), in PyTorch's order
  buffers      [[suffix, shape], ...] of module.named_buffers()
  param_count  sum(p.numel() for p in module.parameters())

The Java test ShapeCasesTest builds `model M { input x: [...]  output y = x -> op(args) as l }`
for each line and compares cnnc's output shape and parameters with these.

Reference semantics where PyTorch has no direct equivalent:
  conv/separable_conv `pad: same` at stride > 1 follows TensorFlow (output ceil(H / s), the odd
  padding pixel at the bottom/right), done here with F.pad and padding=0; at stride 1 it is
  PyTorch's padding='same'. `pad: full` pads K_eff - 1 on every side.
  separable_conv is Conv2d(C, C*m, K, groups=C, bias=False) named `depthwise` followed by
  Conv2d(C*m, F, 1, bias=bias) named `pointwise` (Keras SeparableConv2D's layout).
  mul broadcasts per-sample shapes aligned on the right (torch.broadcast_shapes of the
  per-sample shapes; the batch dimension is always aligned).
  global_avgpool / global_maxpool are AdaptiveAvg/MaxPool2d(1).

Run (needs PyTorch; 1.13 was used), from the repository root:
  /usr/bin/python3 compiler/src/test/resources/ops/make_shape_cases.py \
      > compiler/src/test/resources/ops/shape_cases.jsonl
The output is deterministic for a given PyTorch version (seeded).
"""

import json
import random
import sys
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F

warnings.filterwarnings("ignore")
torch.manual_seed(0)
R = random.Random(20240501)
BATCH = 2


def pair_text(v):
    return str(v) if isinstance(v, int) else "(%d, %d)" % v


def as_pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def rand_pair(lo, hi, square_p=0.6):
    if R.random() < square_p:
        return R.randint(lo, hi)
    return (R.randint(lo, hi), R.randint(lo, hi))


def args_text(options, positional_upto=None):
    """options: list of (name, text or None, default text or None) in the op's declared order.

    The first `positional_upto` options are written positionally (their defaults filled in),
    the rest that are given are written `name: value`."""
    given = [i for i, o in enumerate(options) if o[1] is not None]
    if positional_upto is None:
        positional_upto = 0
    # Positional arguments must not skip an option that has no default and is not given.
    cut = 0
    while cut < positional_upto and cut < len(options) and (options[cut][1] is not None or options[cut][2] is not None):
        cut += 1
    parts = []
    for i, (name, text, default) in enumerate(options):
        if i < cut:
            parts.append(text if text is not None else default)
        elif text is not None:
            parts.append("%s: %s" % (name, text))
    del given
    return ", ".join(parts)


def run(module_fn, inputs):
    """Builds the module and runs it on a batch; returns (module, output shape or None, error)."""
    try:
        m = module_fn()
        xs = [torch.randn(BATCH, *s) for s in inputs]
        with torch.no_grad():
            y = m(*xs)
        return m, list(y.shape[1:]), None
    except Exception as e:  # PyTorch rejects the configuration
        msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        return None, None, msg


CASES = []
COUNTERS = {}


def emit(op, args, inputs, module_fn):
    m, out, err = run(module_fn, inputs)
    n = COUNTERS.get(op, 0) + 1
    COUNTERS[op] = n
    case = {"id": "%s-%03d" % (op, n), "op": op, "args": args, "inputs": [list(s) for s in inputs], "output": out}
    if err is not None:
        case["error"] = err
        case["params"] = []
        case["buffers"] = []
        case["param_count"] = 0
    else:
        case["params"] = [[k, list(p.shape)] for k, p in m.named_parameters()]
        case["buffers"] = [[k, list(b.shape)] for k, b in m.named_buffers()]
        case["param_count"] = sum(p.numel() for p in m.parameters())
    CASES.append(case)


class Seq(nn.Module):
    """Named children applied in order (so parameter names are depthwise.weight, ...)."""

    def __init__(self, **children):
        super().__init__()
        self.order = list(children)
        for k, v in children.items():
            self.add_module(k, v)

    def forward(self, x):
        for k in self.order:
            x = getattr(self, k)(x)
        return x


class PaddedConv2d(nn.Conv2d):
    """Conv2d that first pads (left, right, top, bottom) with zeros: TensorFlow's 'same' at stride > 1."""

    def __init__(self, pads, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pads = pads

    def forward(self, x):
        return super().forward(F.pad(x, self.pads))


class Fn(nn.Module):
    def __init__(self, f):
        super().__init__()
        self.f = f

    def forward(self, *xs):
        return self.f(*xs)


def same_pads(h, w, keff, stride):
    """TensorFlow 'same': output ceil(in/s), total padding split with the odd pixel at the end."""
    pads = []
    for n, k, s in ((h, keff[0], stride[0]), (w, keff[1], stride[1])):
        out = -(-n // s)
        total = max((out - 1) * s + k - n, 0)
        pads.append((total // 2, total - total // 2))
    (t, b), (l, r) = pads
    return (l, r, t, b)  # F.pad order: last dim first


def padding_choice(kernel, dilation, allow_words=True):
    """A cnnc pad option: (text or None, kind, value)."""
    r = R.random()
    if not allow_words:
        r = 0.5 + r / 2
    if r < 0.12:
        return None, "valid", None
    if r < 0.22:
        return "valid", "valid", None
    if r < 0.42:
        return "same", "same", None
    if r < 0.52:
        return "full", "full", None
    if r < 0.78:
        p = R.randint(0, 3)
        return str(p), "explicit", (p, p)
    p = (R.randint(0, 3), R.randint(0, 3))
    return pair_text(p), "explicit", p


def conv_like(kind, cin, h, w, kernel, stride, dilation, padkind, padval, groups, out_ch, bias):
    """A module computing cnnc's conv (kind 'conv') or separable_conv ('sep') on [N, C, H, W]."""
    k = as_pair(kernel)
    s = as_pair(stride)
    d = as_pair(dilation)
    keff = (1 + (k[0] - 1) * d[0], 1 + (k[1] - 1) * d[1])
    pads = None
    if padkind == "valid":
        padding = 0
    elif padkind == "explicit":
        padding = padval
    elif padkind == "full":
        padding = (keff[0] - 1, keff[1] - 1)
    elif s == (1, 1):
        padding = "same"
    else:
        pads = same_pads(h, w, keff, s)
        padding = 0

    def conv(*args, **kwargs):
        return nn.Conv2d(*args, **kwargs) if pads is None else PaddedConv2d(pads, *args, **kwargs)

    def make():
        if kind == "conv":
            return conv(cin, out_ch, k, stride=s, padding=padding, dilation=d, groups=groups, bias=bias)
        mult = groups  # depth_multiplier
        dw = conv(cin, cin * mult, k, stride=s, padding=padding, dilation=d, groups=cin, bias=False)
        pw = nn.Conv2d(cin * mult, out_ch, 1, bias=bias)
        return Seq(depthwise=dw, pointwise=pw)

    return make


# ---------------------------------------------------------------- conv
def gen_conv(n):
    for _ in range(n):
        groups = R.choice([1, 1, 1, 2, 3, 4, "dw"])
        if groups == "dw":
            cin = R.randint(2, 8)
            groups = cin
            out_ch = cin * R.choice([1, 1, 2])
        else:
            cin = groups * R.randint(1, 3)
            out_ch = groups * R.randint(1, 4)
        h, w = R.randint(1, 20), R.randint(1, 20)
        if R.random() < 0.5:
            w = h
        kernel = rand_pair(1, 5)
        stride = rand_pair(1, 4) if R.random() < 0.6 else 1
        dilation = rand_pair(1, 3) if R.random() < 0.35 else 1
        padtext, padkind, padval = padding_choice(kernel, dilation)
        bias = R.random() < 0.7
        opts = [("filters", str(out_ch), None), ("kernel", pair_text(kernel), None),
                ("stride", pair_text(stride) if stride != 1 or R.random() < 0.2 else None, "1"),
                ("pad", padtext, "valid"),
                ("dilation", pair_text(dilation) if dilation != 1 or R.random() < 0.1 else None, "1"),
                ("groups", str(groups) if groups != 1 or R.random() < 0.1 else None, "1"),
                ("bias", None if bias and R.random() < 0.8 else ("true" if bias else "false"), "true")]
        args = args_text(opts, R.choice([2, 2, 2, 3, 4, 7]))
        emit("conv", args, [(cin, h, w)],
             conv_like("conv", cin, h, w, kernel, stride, dilation, padkind, padval, groups, out_ch, bias))
    # Hand-picked: stride > kernel, groups that do not divide, kernel larger than the input.
    fixed = [
        ("4, 1, stride: 3", (2, 10, 11), dict(k=1, s=3, p=("valid", None), d=1, g=1, f=4)),
        ("6, 3, groups: 4", (8, 9, 9), dict(k=3, s=1, p=("valid", None), d=1, g=4, f=6)),
        ("4, 3, groups: 3", (4, 9, 9), dict(k=3, s=1, p=("valid", None), d=1, g=3, f=4)),
        ("4, 5", (1, 4, 9), dict(k=5, s=1, p=("valid", None), d=1, g=1, f=4)),
        ("4, 3, dilation: 3", (1, 6, 9), dict(k=3, s=1, p=("valid", None), d=3, g=1, f=4)),
        ("4, 3, dilation: 3, pad: 1", (1, 6, 9), dict(k=3, s=1, p=("explicit", (1, 1)), d=3, g=1, f=4)),
        ("5, (1, 7), pad: (0, 3)", (3, 12, 12), dict(k=(1, 7), s=1, p=("explicit", (0, 3)), d=1, g=1, f=5)),
        ("8, 3, stride: 2, pad: same", (3, 1, 1), dict(k=3, s=2, p=("same", None), d=1, g=1, f=8)),
        ("8, 4, stride: 2, pad: same", (3, 7, 8), dict(k=4, s=2, p=("same", None), d=1, g=1, f=8)),
        ("8, 2, pad: same", (3, 7, 8), dict(k=2, s=1, p=("same", None), d=1, g=1, f=8)),
        ("8, 3, pad: full, dilation: 2", (3, 2, 3), dict(k=3, s=1, p=("full", None), d=2, g=1, f=8)),
    ]
    for args, shape, c in fixed:
        emit("conv", args, [shape],
             conv_like("conv", shape[0], shape[1], shape[2], c["k"], c["s"], c["d"], c["p"][0], c["p"][1], c["g"],
                       c["f"], True))


def gen_separable(n):
    for _ in range(n):
        cin = R.randint(1, 6)
        mult = R.choice([1, 1, 2, 3])
        out_ch = R.randint(1, 12)
        h, w = R.randint(2, 18), R.randint(2, 18)
        kernel = rand_pair(1, 5)
        stride = rand_pair(1, 3) if R.random() < 0.5 else 1
        dilation = rand_pair(1, 3) if R.random() < 0.3 else 1
        padtext, padkind, padval = padding_choice(kernel, dilation)
        bias = R.random() < 0.7
        opts = [("filters", str(out_ch), None), ("kernel", pair_text(kernel), None),
                ("stride", pair_text(stride) if stride != 1 else None, "1"),
                ("pad", padtext, "valid"),
                ("dilation", pair_text(dilation) if dilation != 1 else None, "1"),
                ("depth_multiplier", str(mult) if mult != 1 else None, "1"),
                ("bias", None if bias else "false", "true")]
        args = args_text(opts, R.choice([2, 2, 3, 7]))
        emit("separable_conv", args, [(cin, h, w)],
             conv_like("sep", cin, h, w, kernel, stride, dilation, padkind, padval, mult, out_ch, bias))
    for args, shape, k, s, padkind, d, mult, f, bias in [
            ("8, 3, bias: false", (3, 9, 9), 3, 1, "valid", 1, 1, 8, False),
            ("4, (3, 1), pad: same, depth_multiplier: 2, bias: true", (2, 5, 6), (3, 1), 1, "same", 1, 2, 4, True),
            ("6, 3, stride: 2, pad: full, bias: false", (5, 4, 7), 3, 2, "full", 1, 1, 6, False)]:
        emit("separable_conv", args, [shape],
             conv_like("sep", shape[0], shape[1], shape[2], k, s, d, padkind, None, mult, f, bias))


def gen_conv_transpose(n):
    for i in range(n):
        groups = R.choice([1, 1, 1, 2, 3])
        cin = groups * R.randint(1, 3)
        out_ch = groups * R.randint(1, 3)
        h, w = R.randint(1, 12), R.randint(1, 12)
        kernel = rand_pair(1, 5)
        stride = rand_pair(1, 4) if R.random() < 0.7 else 1
        dilation = rand_pair(1, 3) if R.random() < 0.3 else 1
        pad = rand_pair(0, 3) if R.random() < 0.6 else 0
        s, d = as_pair(stride), as_pair(dilation)
        if R.random() < 0.45:
            # mostly valid output padding, sometimes not (PyTorch rejects op >= stride and >= dilation)
            op = (R.randint(0, max(s[0], d[0]) - 1), R.randint(0, max(s[1], d[1]) - 1))
            if R.random() < 0.15:
                op = (max(s[0], d[0]), op[1])
            outpad = op[0] if op[0] == op[1] and R.random() < 0.5 else op
        else:
            outpad = 0
        bias = R.random() < 0.7
        opts = [("filters", str(out_ch), None), ("kernel", pair_text(kernel), None),
                ("stride", pair_text(stride) if stride != 1 else None, "1"),
                ("pad", pair_text(pad) if pad != 0 else None, "0"),
                ("output_padding", pair_text(outpad) if outpad != 0 else None, "0"),
                ("dilation", pair_text(dilation) if dilation != 1 else None, "1"),
                ("groups", str(groups) if groups != 1 else None, "1"),
                ("bias", None if bias else "false", "true")]
        args = args_text(opts, R.choice([2, 2, 3, 5, 8]))
        emit("conv_transpose", args, [(cin, h, w)],
             lambda cin=cin, out_ch=out_ch, kernel=kernel, s=s, pad=pad, outpad=outpad, groups=groups, bias=bias, d=d:
             nn.ConvTranspose2d(cin, out_ch, as_pair(kernel), stride=s, padding=as_pair(pad),
                                output_padding=as_pair(outpad), groups=groups, bias=bias, dilation=d))
    # Padding that leaves no output.
    emit("conv_transpose", "4, 3, pad: 2", [(2, 1, 1)], lambda: nn.ConvTranspose2d(2, 4, 3, padding=2))
    emit("conv_transpose", "4, 2, stride: 2", [(2, 7, 5)], lambda: nn.ConvTranspose2d(2, 4, 2, stride=2))


# ---------------------------------------------------------------- pooling
def gen_pool(kind, n):
    for _ in range(n):
        c = R.randint(1, 5)
        h, w = R.randint(1, 20), R.randint(1, 20)
        if R.random() < 0.4:
            w = h
        kernel = rand_pair(1, 5)
        stride = rand_pair(1, 5) if R.random() < 0.6 else None
        k = as_pair(kernel)
        if R.random() < 0.5:
            pad = (R.randint(0, k[0] // 2), R.randint(0, k[1] // 2))
            if R.random() < 0.1:
                pad = (k[0] // 2 + 1, pad[1])  # PyTorch rejects pad > kernel / 2
            pad = pad[0] if pad[0] == pad[1] else pad
        else:
            pad = 0
        ceil = R.random() < 0.45
        dilation = rand_pair(1, 3) if kind == "maxpool" and R.random() < 0.3 else 1
        cip = R.random() < 0.7
        opts = [("kernel", pair_text(kernel), None),
                ("stride", pair_text(stride) if stride is not None else None, None),
                ("pad", pair_text(pad) if pad != 0 else None, "0")]
        if kind == "maxpool":
            opts.append(("dilation", pair_text(dilation) if dilation != 1 else None, "1"))
        opts.append(("ceil_mode", "true" if ceil else None, "false"))
        if kind == "avgpool":
            opts.append(("count_include_pad", None if cip else "false", "true"))
        args = args_text(opts, R.choice([1, 1, 1, 3, 6]))
        emit_pool(kind, args, (c, h, w), kernel, stride, pad, dilation, ceil, cip)


def emit_pool(kind, args, shape, kernel, stride, pad, dilation, ceil, cip=True):
    st = as_pair(stride) if stride is not None else as_pair(kernel)
    if kind == "maxpool":
        fn = lambda: nn.MaxPool2d(as_pair(kernel), stride=st, padding=as_pair(pad), dilation=as_pair(dilation),
                                  ceil_mode=ceil)
    else:
        fn = lambda: nn.AvgPool2d(as_pair(kernel), stride=st, padding=as_pair(pad), ceil_mode=ceil,
                                  count_include_pad=cip)
    emit(kind, args, [shape], fn)


def gen_pool_edges():
    # ceil_mode where PyTorch drops the last window because it would start in the right padding.
    for kind in ("maxpool", "avgpool"):
        emit_pool(kind, "2, stride: 2, pad: 1, ceil_mode: true", (1, 5, 5), 2, 2, 1, 1, True)
        emit_pool(kind, "3, stride: 2, pad: 1, ceil_mode: true", (2, 6, 7), 3, 2, 1, 1, True)
        emit_pool(kind, "2, pad: 1, ceil_mode: true", (1, 4, 3), 2, None, 1, 1, True)
        emit_pool(kind, "3, stride: 3, pad: 1, ceil_mode: true", (3, 8, 8), 3, 3, 1, 1, True)
        emit_pool(kind, "(3, 2), stride: (2, 4), ceil_mode: true", (1, 8, 9), (3, 2), (2, 4), 0, 1, True)
        emit_pool(kind, "2, stride: 5", (1, 11, 12), 2, 5, 0, 1, False)
        emit_pool(kind, "3, stride: 2, pad: 2", (1, 9, 9), 3, 2, 2, 1, False)  # pad > kernel / 2
        emit_pool(kind, "4, pad: 2, ceil_mode: true", (1, 1, 1), 4, None, 2, 1, True)
        emit_pool(kind, "5", (1, 4, 9), 5, None, 0, 1, False)  # kernel larger than the input
        # ceil_mode accepts a kernel larger than the input while one window starts inside it.
        emit_pool(kind, "5, stride: 3, ceil_mode: true", (1, 4, 9), 5, 3, 0, 1, True)
        emit_pool(kind, "5, stride: 2, ceil_mode: true", (2, 4, 4), 5, 2, 0, 1, True)
        emit_pool(kind, "5, stride: 1, ceil_mode: true", (1, 4, 4), 5, 1, 0, 1, True)
        emit_pool(kind, "(4, 2), stride: 3, pad: (1, 0), ceil_mode: true", (1, 1, 5), (4, 2), 3, (1, 0), 1, True)
    emit_pool("maxpool", "3, stride: 2, dilation: 2, ceil_mode: true", (1, 10, 11), 3, 2, 0, 2, True)
    emit_pool("maxpool", "2, stride: 1, dilation: 3, pad: 1", (1, 3, 3), 2, 1, 1, 3, False)
    emit_pool("maxpool", "3, stride: 4, dilation: 2, ceil_mode: true", (1, 3, 8), 3, 4, 0, 2, True)


def gen_global():
    for kind, mod in (("global_avgpool", nn.AdaptiveAvgPool2d), ("global_maxpool", nn.AdaptiveMaxPool2d)):
        for shape in [(1, 1, 1), (3, 7, 7), (5, 4, 9), (64, 2, 3), (2, 13, 1)]:
            emit(kind, "", [shape], lambda mod=mod: mod(1))


def gen_adaptive(n):
    for kind, mod in (("adaptive_avgpool", nn.AdaptiveAvgPool2d), ("adaptive_maxpool", nn.AdaptiveMaxPool2d)):
        for _ in range(n):
            shape = (R.randint(1, 4), R.randint(1, 16), R.randint(1, 16))
            out = rand_pair(1, 9)
            emit(kind, pair_text(out) if R.random() < 0.7 else "output_size: " + pair_text(out), [shape],
                 lambda mod=mod, out=out: mod(as_pair(out)))


def gen_fractional(n):
    for _ in range(n):
        shape = (R.randint(1, 3), R.randint(3, 20), R.randint(3, 20))
        kernel = rand_pair(1, 4)
        if R.random() < 0.5:
            out = rand_pair(1, 12)
            args = "%s, output_size: %s" % (pair_text(kernel), pair_text(out))
            fn = lambda kernel=kernel, out=out: nn.FractionalMaxPool2d(kernel, output_size=as_pair(out))
        else:
            ratio = round(R.uniform(0.3, 0.95), 2) if R.random() < 0.6 else (round(R.uniform(0.3, 0.95), 2),
                                                                             round(R.uniform(0.3, 0.95), 2))
            rtext = str(ratio) if isinstance(ratio, float) else "(%s, %s)" % ratio
            args = "%s, ratio: %s" % (pair_text(kernel), rtext)
            fn = lambda kernel=kernel, ratio=ratio: nn.FractionalMaxPool2d(kernel, output_ratio=ratio)
        emit("fractional_maxpool", args, [shape], fn)


# ---------------------------------------------------------------- vectors and point-wise
def gen_dense():
    for feats, units, bias in [(1, 1, True), (400, 120, True), (7, 3, False), (128, 10, True), (3, 1000, False),
                               (50, 50, True)]:
        args = str(units) + ("" if bias else ", bias: false")
        emit("dense", args, [(feats,)], lambda f=feats, u=units, b=bias: nn.Linear(f, u, bias=b))
    emit("dense", "units: 5, bias: true", [(9,)], lambda: nn.Linear(9, 5))
    emit("dense", "4, false", [(6,)], lambda: nn.Linear(6, 4, bias=False))


def gen_flatten():
    for shape in [(1, 1, 1), (16, 5, 5), (3, 7, 2), (512, 1, 1), (10,)]:
        emit("flatten", "", [shape], lambda: nn.Flatten())


def gen_pointwise():
    mods = {
        "relu": [("", lambda: nn.ReLU())],
        "relu6": [("", lambda: nn.ReLU6())],
        "leaky_relu": [("", lambda: nn.LeakyReLU(0.01)), ("alpha: 0.2", lambda: nn.LeakyReLU(0.2)),
                       ("0.1", lambda: nn.LeakyReLU(0.1))],
        "elu": [("", lambda: nn.ELU()), ("alpha: 0.5", lambda: nn.ELU(0.5))],
        "sigmoid": [("", lambda: nn.Sigmoid())],
        "tanh": [("", lambda: nn.Tanh())],
        "identity": [("", lambda: nn.Identity())],
    }
    shapes = [(3, 5, 7), (10,), (1, 1, 1)]
    for op, variants in mods.items():
        for i, shape in enumerate(shapes):
            args, fn = variants[i % len(variants)]
            emit(op, args, [shape], fn)


def gen_softmax():
    for op, mod in (("softmax", nn.Softmax), ("log_softmax", nn.LogSoftmax)):
        for shape, axis in [((10,), None), ((10,), -1), ((4, 3, 5), 0), ((4, 3, 5), 2), ((4, 3, 5), -2),
                            ((4, 3, 5), 3), ((10,), 1), ((4, 3, 5), -4)]:
            args = "" if axis is None else ("axis: %d" % axis if axis < 0 or R.random() < 0.5 else str(axis))
            dim = (0 if axis is None else axis)
            dim = dim + 1 if dim >= 0 else dim
            if dim < -len(shape):
                # Per-sample axes: -4 of [C, H, W] would be PyTorch's batch axis; out of range here.
                dim = -len(shape) - 2
            emit(op, args, [shape], lambda mod=mod, dim=dim: mod(dim=dim))


def gen_norm():
    for shape, args, affine, eps, mom in [((16, 8, 8), "", True, 1e-5, 0.1), ((3, 5, 7), "affine: false", False, 1e-5, 0.1),
                                          ((100,), "", True, 1e-5, 0.1), ((7,), "affine: false", False, 1e-5, 0.1),
                                          ((1, 1, 1), "eps: 0.001, momentum: 0.01", True, 1e-3, 0.01),
                                          ((32, 2, 3), "0.0001, 0.2, true", True, 1e-4, 0.2),
                                          ((6,), "eps: 1e-3", True, 1e-3, 0.1)]:
        mod = nn.BatchNorm2d if len(shape) == 3 else nn.BatchNorm1d
        emit("batchnorm", args, [shape],
             lambda mod=mod, c=shape[0], affine=affine, eps=eps, mom=mom: mod(c, eps=eps, momentum=mom, affine=affine))
    for shape, args, affine in [((16, 8, 8), "", True), ((3, 5, 7), "affine: false", False), ((100,), "", True),
                                ((7,), "eps: 1e-6, affine: false", False), ((2, 1, 4), "1e-5", True)]:
        emit("layernorm", args, [shape],
             lambda shape=shape, affine=affine: nn.LayerNorm(list(shape), elementwise_affine=affine))


def gen_dropout():
    for shape, args in [((3, 5, 7), ""), ((10,), "0.2"), ((1, 1, 1), "p: 0.0"), ((4, 2, 9), "p: 0.9")]:
        p = float(args.split(":")[-1]) if args else 0.5
        emit("dropout", args, [shape], lambda p=p: nn.Dropout(p))
    for shape, args in [((3, 5, 7), ""), ((16, 1, 1), "0.1"), ((8, 4, 9), "p: 0.3")]:
        p = float(args.split(":")[-1]) if args else 0.5
        emit("spatial_dropout", args, [shape], lambda p=p: nn.Dropout2d(p))


# ---------------------------------------------------------------- several inputs
def per_sample_broadcast(*shapes):
    return list(torch.broadcast_shapes(*[torch.Size(s) for s in shapes]))


def gen_multi():
    for shapes in [[(4, 5, 6), (4, 5, 6)], [(10,), (10,)], [(1, 1, 1), (1, 1, 1), (1, 1, 1)],
                   [(3, 7, 2), (3, 7, 2), (3, 7, 2), (3, 7, 2)]]:
        emit("add", "", shapes, lambda: Fn(lambda *xs: sum(xs[1:], xs[0])))
    for shapes in [[(4, 5, 6), (4, 5, 6)], [(4, 5, 6), (4, 1, 1)], [(4, 1, 1), (4, 5, 6)], [(4, 5, 6), (1, 5, 6)],
                   [(4, 5, 6), (4, 5, 1)], [(4, 5, 6), (1, 1, 6)], [(1, 5, 1), (4, 1, 6)], [(10,), (10,)],
                   [(10,), (1,)], [(4, 5, 6), (4, 1, 1), (1, 5, 6)], [(4, 5, 6), (3, 1, 1)], [(4, 5, 6), (4, 2, 6)],
                   [(8,), (3,)]]:
        def mul(*xs):
            per_sample_broadcast(*[x.shape[1:] for x in xs])  # raises when they do not broadcast
            out = xs[0]
            for x in xs[1:]:
                out = out * x
            return out
        emit("mul", "", shapes, lambda mul=mul: Fn(mul))
    for shapes, axis in [([(4, 5, 6), (3, 5, 6)], None), ([(4, 5, 6), (3, 5, 6), (1, 5, 6)], 0),
                         ([(4, 5, 6), (4, 2, 6)], 1), ([(4, 5, 6), (4, 5, 1)], 2), ([(4, 5, 6), (4, 5, 3)], -1),
                         ([(10,), (5,)], None), ([(10,), (5,), (1,)], -1), ([(4, 5, 6), (3, 4, 6)], 0),
                         ([(4, 5, 6), (4, 5, 6)], 3)]:
        args = "" if axis is None else "axis: %d" % axis
        dim = 0 if axis is None else axis
        dim = dim + 1 if dim >= 0 else dim
        emit("concat", args, shapes, lambda dim=dim: Fn(lambda *xs: torch.cat(xs, dim=dim)))


def main():
    gen_conv(70)
    gen_separable(24)
    gen_conv_transpose(40)
    gen_pool("maxpool", 40)
    gen_pool("avgpool", 36)
    gen_pool_edges()
    gen_global()
    gen_adaptive(10)
    gen_fractional(16)
    gen_dense()
    gen_flatten()
    gen_pointwise()
    gen_softmax()
    gen_norm()
    gen_dropout()
    gen_multi()
    for c in CASES:
        sys.stdout.write(json.dumps(c, separators=(", ", ": ")) + "\n")
    sys.stderr.write("%d cases (%d rejected by PyTorch): %s\n" % (
        len(CASES), sum(1 for c in CASES if c["output"] is None),
        ", ".join("%s %d" % kv for kv in COUNTERS.items())))


if __name__ == "__main__":
    main()
