"""Makes samples/images/ankle_boot.png, the photo the README's tour predicts: the first ankle
boot (label 9) of Fashion-MNIST's test set, enlarged 10x (nearest) to 280x280 and coloured
(a tan boot on a near-black ground, Fashion-MNIST's polarity) as an RGB photo, so that `predict`
has to convert it to the model's 1x28x28 grey input. Run: /usr/bin/python3 samples/images/make_photo.py"""
import gzip
import os

import numpy as np
from PIL import Image

src = "/usr/share/datasets/fashion-mnist"  # Debian's dataset-fashion-mnist
with gzip.open(os.path.join(src, "t10k-labels-idx1-ubyte.gz")) as f:
    labels = np.frombuffer(f.read(), np.uint8, offset=8)
with gzip.open(os.path.join(src, "t10k-images-idx3-ubyte.gz")) as f:
    images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)
boot = images[int(np.argmax(labels == 9))].astype(np.float32) / 255.0
big = np.kron(boot, np.ones((10, 10), np.float32))
# the garment (white in Fashion-MNIST, on black) becomes tan on near-black
tan = np.array([235, 205, 160], np.float32)
ground = np.array([12, 10, 8], np.float32)
rgb = ground * (1 - big[..., None]) + tan * big[..., None]
Image.fromarray(rgb.round().astype(np.uint8), "RGB").save(
    os.path.join(os.path.dirname(__file__), "ankle_boot.png"))
