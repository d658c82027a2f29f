#!/usr/bin/env python3
"""Makes the fixtures of the dev.cnnc.train.io tests (see README.md beside this file).

Safetensors files are written by the reference package (safetensors.torch.save_file) when it can
be imported; the script then also checks that its own small writer below, which follows the
format's specification, produces the very same bytes. Without the package it uses that writer.
NPY files are written by numpy.save (and numpy.lib.format.write_array for versions 2.0 and 3.0).
The output is deterministic: run it again and git shows no change.
"""
import json
import os
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))

try:
    import safetensors
    from safetensors.torch import save_file
except ImportError:
    safetensors = None

# The reference's Dtype enum order (increasing alignment); its writer puts larger ones first.
ORDER = ["BOOL", "U8", "I8", "I16", "F16", "BF16", "I32", "F32", "F64", "I64"]
NAMES = {torch.bool: "BOOL", torch.uint8: "U8", torch.int8: "I8", torch.int16: "I16",
         torch.float16: "F16", torch.bfloat16: "BF16", torch.int32: "I32", torch.float32: "F32",
         torch.float64: "F64", torch.int64: "I64"}


def raw_bytes(t):
    t = t.contiguous()
    if t.dtype == torch.bfloat16:
        t = t.view(torch.int16)
    return t.numpy().tobytes()


def spec_bytes(tensors, metadata=None):
    """A safetensors file as the specification describes it."""
    items = sorted(tensors.items(), key=lambda kv: (-ORDER.index(NAMES[kv[1].dtype]), kv[0].encode("utf-8")))
    header = {}
    if metadata is not None:
        # sorted, for a deterministic file: the reference writes them in its hash map's random order
        header["__metadata__"] = dict(sorted(metadata.items(), key=lambda kv: kv[0].encode("utf-8")))
    data = b""
    for name, t in items:
        b = raw_bytes(t)
        header[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [len(data), len(data) + len(b)]}
        data += b
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + data


def write_safetensors(name, tensors, metadata=None):
    path = os.path.join(HERE, name)
    ours = spec_bytes(tensors, metadata)
    if safetensors is not None:
        save_file(tensors, path, metadata=metadata)
        with open(path, "rb") as f:
            theirs = f.read()
        if metadata is not None and len(metadata) > 1:
            # the same bytes but for the order of the metadata entries
            n = struct.unpack("<Q", theirs[:8])[0]
            same = (theirs[:8] == ours[:8] and theirs[8 + n:] == ours[8 + n:]
                    and json.loads(theirs[8:8 + n]) == json.loads(ours[8:8 + n]))
        else:
            same = theirs == ours
        assert same, name + ": the spec writer differs from safetensors " + safetensors.__version__
    with open(path, "wb") as f:
        f.write(ours)


def save_npy(name, array, version=None):
    path = os.path.join(HERE, name)
    if version is None:
        np.save(path, array)
    else:
        with open(path, "wb") as f:
            np.lib.format.write_array(f, array, version=version)


def values_line(name, t):
    flat = t.reshape(-1)
    if t.dtype.is_floating_point:
        values = " ".join(repr(float(v)) for v in flat.double().tolist())
    elif t.dtype == torch.bool:
        values = " ".join("1" if v else "0" for v in flat.tolist())
    else:
        values = " ".join(str(int(v)) for v in flat.tolist())
    return "\t".join([name, NAMES[t.dtype], ",".join(str(d) for d in t.shape), values])


class Net(nn.Module):
    """conv + batchnorm + dense: weights OIHW and [out, in], BatchNorm buffers."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 4, 3)
        self.bn1 = nn.BatchNorm2d(4)
        self.fc = nn.Linear(16, 5)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        return self.fc(x.flatten(1))


def main():
    torch.manual_seed(0)
    net = Net()
    net.train()
    for _ in range(3):  # running_mean/var move and num_batches_tracked becomes 3
        net(torch.randn(2, 3, 6, 6))
    state = {k: v.detach().clone() for k, v in net.state_dict().items()}
    write_safetensors("state_dict.safetensors", state, {"format": "pt"})
    with open(os.path.join(HERE, "state_dict.txt"), "w") as f:
        f.write("# name<TAB>dtype<TAB>shape<TAB>values (C order) of state_dict.safetensors\n")
        for k, v in state.items():
            f.write(values_line(k, v) + "\n")

    # one tensor of every dtype, scalars and an empty one; the tests hold the same values
    inf = float("inf")
    dtypes = {
        "f64": torch.tensor([1 / 3, -1e300, 5e-324], dtype=torch.float64),
        "f32": torch.tensor([[0.0, -0.0, 1.5, -2.25], [3.4028234663852886e38, 1e-45, inf, -inf]], dtype=torch.float32),
        "f16": torch.tensor([1.0, -2.5, 65504.0, 5.960464477539063e-08], dtype=torch.float16),
        "bf16": torch.tensor([1.0, -3.0, 3.3895313892515355e38], dtype=torch.bfloat16),
        "i64": torch.tensor(2 ** 62 + 1, dtype=torch.int64),
        "i32": torch.tensor([-2147483648, 0, 2147483647], dtype=torch.int32),
        "i16": torch.tensor([-32768, 32767], dtype=torch.int16),
        "i8": torch.tensor([-128, 127], dtype=torch.int8),
        "u8": torch.tensor([[0, 1], [128, 255]], dtype=torch.uint8),
        "bool": torch.tensor([True, False, True]),
        "scalar_f32": torch.tensor(0.5, dtype=torch.float32),
        "empty_f32": torch.zeros(0, 3, dtype=torch.float32),
    }
    write_safetensors("dtypes.safetensors", dtypes)

    # names and metadata that need JSON escapes and UTF-8, ordered by their UTF-8 bytes
    names = {
        "layer1.0.conv1.weight": torch.ones(2, 1, 1, 1),
        "Z": torch.tensor([7], dtype=torch.int32),
        "\u00fc.bias": torch.tensor([1.0, 2.0]),
        "\u20ac": torch.tensor([3.0]),
    }
    write_safetensors("names.safetensors", names,
                      {"note": "tab\there \"quoted\" back\\slash \u00fc \u2192 \u0001", "epoch": "3"})

    # float -> half and bfloat16 conversions as PyTorch does them: ties, overflow, subnormals, NaN
    special = [0.0, -0.0, 1.0, -1.0, 1 + 2 ** -11, 1 + 3 * 2 ** -11, 1 + 2 ** -8, 1 + 3 * 2 ** -8,
               65504.0, 65519.0, 65519.99609375, 65520.0, 65536.0, -70000.0, 2 ** -14, 2 ** -24, 2 ** -25,
               3 * 2 ** -25, 2 ** -26, 1e-10, 6.1e-5, 3.4028234663852886e38, 3.3961775292304790e38,
               float("inf"), float("-inf"), float("nan"), -float("nan"), 1e-45, 1.1754942e-38]
    g = torch.Generator().manual_seed(1)
    scales = 10.0 ** torch.randint(-9, 6, (480,), generator=g).double()
    randoms = (torch.randn(480, generator=g, dtype=torch.float64) * scales).float()
    src = torch.cat([torch.tensor(special, dtype=torch.float32), randoms])
    write_safetensors("half.safetensors", {"src": src, "f16": src.half(), "bf16": src.bfloat16()})

    # NPY: one file per dtype; f4 and i8 are tensors of the state dict
    save_npy("f4.npy", state["conv1.weight"].numpy())
    save_npy("i8.npy", state["bn1.num_batches_tracked"].numpy())
    save_npy("f8.npy", np.array([[1 / 3, -1e300, 5e-324], [0.0, -0.0, np.inf]], dtype="<f8"))
    save_npy("f2.npy", np.array([1.0, -2.5, 65504.0], dtype="<f2"))
    save_npy("i4.npy", np.array([-2147483648, 0, 1, 2147483647, -7], dtype="<i4"))
    save_npy("i2.npy", np.array([-32768, 32767], dtype="<i2"))
    save_npy("i1.npy", np.array([-128, 127], dtype="|i1"))
    save_npy("u1.npy", np.arange(24, dtype="|u1").reshape(2, 3, 4) * 10)
    save_npy("b1.npy", np.array([[True, False], [False, True]]))
    save_npy("empty.npy", np.zeros((0, 3), dtype="<f4"))
    save_npy("scalar_f8.npy", np.array(2.5))
    # what cnnc reads but never writes, and what it refuses
    arange = np.arange(6, dtype="<f4").reshape(2, 3)
    save_npy("v2.npy", arange, version=(2, 0))
    save_npy("v3.npy", arange, version=(3, 0))
    save_npy("fortran.npy", np.asfortranarray(arange))
    save_npy("bigendian.npy", arange.astype(">f4"))
    save_npy("structured.npy", np.zeros(2, dtype=[("x", "<f4"), ("y", "<i4")]))

    print("safetensors:", "safetensors " + safetensors.__version__ if safetensors else "the spec writer",
          "| numpy", np.__version__, "| torch", torch.__version__)


if __name__ == "__main__":
    sys.exit(main())
