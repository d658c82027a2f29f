"""Writes a photo for the README's tour to predict (default build/ankle_boot.png): the first
ankle boot (label 9) of Fashion-MNIST's test set, enlarged 10x to 280x280 and coloured (a tan boot
on a near-black ground, Fashion-MNIST's polarity) as an RGB PNG, so that `predict` has to convert
it to the model's 1x28x28 grey input. Python's standard library only.

    python3 samples/images/make_photo.py [OUT.png]
"""
import gzip
import os
import struct
import sys
import zlib

SRC = "/usr/share/datasets/fashion-mnist"  # Debian's dataset-fashion-mnist (bin/setup installs it)
out = sys.argv[1] if len(sys.argv) > 1 else "build/ankle_boot.png"
with gzip.open(os.path.join(SRC, "t10k-labels-idx1-ubyte.gz")) as f:
    labels = f.read()[8:]
with gzip.open(os.path.join(SRC, "t10k-images-idx3-ubyte.gz")) as f:
    images = f.read()[16:]
i = labels.index(9)
boot = images[i * 784:(i + 1) * 784]
tan, ground = (235, 205, 160), (12, 10, 8)
rows = []
for y in range(280):
    row = bytearray([0])  # PNG filter: none
    for x in range(280):
        a = boot[(y // 10) * 28 + x // 10] / 255.0
        row += bytes(round(g * (1 - a) + t * a) for g, t in zip(ground, tan))
    rows.append(bytes(row))


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
with open(out, "wb") as f:
    f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 280, 280, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))
print("wrote", out)
