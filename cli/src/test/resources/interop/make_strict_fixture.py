"""PyTorch twin of strict_bn.cnn (conv-batchnorm-relu-maxpool-dense, CheckpointFormatTest) and
the check that cnnc's best.safetensors is exactly its state_dict.

Without arguments, writes next to this script:
  strict_bn_state_dict.txt  one line per state_dict entry, sorted by name: `name DTYPE [shape]`
                            with safetensors' dtype names (F32, I64). CheckpointFormatTest
                            compares it byte for byte with the tensors of the best.safetensors
                            that `cnnc train strict_bn.cnn` writes.
With the path of a best.safetensors written by cnnc, loads it into the twin with
load_state_dict(strict=True) (the header's __metadata__ is ignored, as PyTorch ignores it) and
runs a forward pass in eval mode; with the path of a last.safetensors too, shows that strict
loading refuses its optimizer.* tensors and that dropping them loads the weights.

Run from the repository root:
  /usr/bin/python3 cli/src/test/resources/interop/make_strict_fixture.py
  /usr/bin/python3 cli/src/test/resources/interop/make_strict_fixture.py RUN/best.safetensors [RUN/last.safetensors]
Needs only torch and numpy (not the safetensors package: a small reader is below).
"""
import json, os, struct, sys
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

here = os.path.dirname(os.path.abspath(__file__))

# safetensors dtype names of the torch dtypes a state_dict holds, and back to numpy.
DTYPES = {torch.float32: 'F32', torch.float64: 'F64', torch.int64: 'I64'}
NUMPY = {'F32': '<f4', 'F64': '<f8', 'I64': '<i8'}


class StrictBn(nn.Module):
    """strict_bn.cnn: conv(4, 3, pad: 1) as conv1 -> batchnorm as bn1 -> relu -> maxpool(2)
    -> flatten -> dense(10) as fc, on [1, 28, 28] images."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(4)
        self.fc = nn.Linear(4 * 14 * 14, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        return self.fc(torch.flatten(x, 1))


def describe(state):
    """The fixture's text: `name DTYPE [d0, d1]` per entry, sorted by name."""
    return ''.join('%s %s [%s]\n' % (k, DTYPES[v.dtype], ', '.join(str(d) for d in v.shape))
                   for k, v in sorted(state.items()))


def read_safetensors(path):
    """(tensors by name, __metadata__) of a safetensors file, per the format's spec."""
    with open(path, 'rb') as f:
        raw = f.read()
    n = struct.unpack('<Q', raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    meta = header.pop('__metadata__', {})
    body = raw[8 + n:]
    tensors = {}
    for name, t in header.items():
        a, b = t['data_offsets']
        arr = np.frombuffer(body[a:b], dtype=NUMPY[t['dtype']]).reshape(t['shape'])
        tensors[name] = torch.from_numpy(arr.copy())
    return tensors, meta


def check(best, last=None):
    m = StrictBn()
    tensors, meta = read_safetensors(best)
    print('%s: %d tensors, metadata keys %s' % (best, len(tensors), sorted(meta)))
    result = m.load_state_dict(tensors, strict=True)
    print('load_state_dict(strict=True):', result)
    m.eval()
    with torch.no_grad():
        logits = m(torch.rand(2, 1, 28, 28))
    print('eval forward: logits', tuple(logits.shape), 'finite', bool(torch.isfinite(logits).all()))
    print('bn1.num_batches_tracked =', int(m.bn1.num_batches_tracked))
    if last is not None:
        tensors, meta = read_safetensors(last)
        try:
            StrictBn().load_state_dict(tensors, strict=True)
            print('%s: strict load unexpectedly succeeded' % last)
        except RuntimeError as e:
            print('%s: strict=True refuses it as expected: %s' % (last, str(e).splitlines()[1].strip()[:100]))
        weights = {k: v for k, v in tensors.items() if not k.startswith('optimizer.')}
        print('without optimizer.* tensors, strict=True:', StrictBn().load_state_dict(weights, strict=True))


if __name__ == '__main__':
    if len(sys.argv) > 1:
        check(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
    else:
        out = os.path.join(here, 'strict_bn_state_dict.txt')
        with open(out, 'w', newline='\n') as f:
            f.write(describe(StrictBn().state_dict()))
        print('wrote', out)
