"""Makes the reference fixture for ImageInputTest (issue 18): small odd-sized images and what
PyTorch makes of them as a model's input. Run once from this folder with
`python3 make_fixture.py`; the test reads the files and does not need Python.

The conversion is the one `cnnc predict` documents:
  * pixels as float in [0, 1] (8-bit / 255), [C, H, W];
  * colour to a 1-channel model: grey = 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601; PIL's
    convert("L") weights; torchvision's tensor rgb_to_grayscale rounds R's to 0.2989);
  * resize: torch.nn.functional.interpolate(mode="bilinear", align_corners=False, antialias=False);
  * grey to a 3-channel model: the plane repeated.

Files written:
  rgb.png                 13x9 RGB (random pixels, seed 18)
  grey.png                11x7 grey (random pixels, seed 18)
  rgb_to_grey_5x7.npy     rgb.png as [1, 5, 7]   (shrunk, greyed)
  rgb_to_grey_20x31.npy   rgb.png as [1, 20, 31] (enlarged, greyed)
  rgb_to_rgb_6x17.npy     rgb.png as [3, 6, 17]  (height shrunk, width enlarged)
  grey_to_rgb_4x9.npy     grey.png as [3, 4, 9]  (shrunk, repeated as RGB)
Shapes are [C, H, W]; the names say H x W.
"""
import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

rng = np.random.default_rng(18)
rgb = rng.integers(0, 256, size=(9, 13, 3), dtype=np.uint8)
grey = rng.integers(0, 256, size=(7, 11), dtype=np.uint8)
Image.fromarray(rgb, "RGB").save("rgb.png")
Image.fromarray(grey, "L").save("grey.png")

# read back what was written, as a loader would
x_rgb = torch.from_numpy(np.array(Image.open("rgb.png").convert("RGB"))).permute(2, 0, 1).float() / 255
x_grey = torch.from_numpy(np.array(Image.open("grey.png"))).float()[None] / 255


def to_grey(x):
    return (0.299 * x[0] + 0.587 * x[1] + 0.114 * x[2])[None]


def resize(x, h, w):
    return F.interpolate(x[None], size=(h, w), mode="bilinear", align_corners=False, antialias=False)[0]


def save(name, t):
    np.save(name, t.contiguous().numpy().astype(np.float32))


save("rgb_to_grey_5x7.npy", resize(to_grey(x_rgb), 5, 7))
save("rgb_to_grey_20x31.npy", resize(to_grey(x_rgb), 20, 31))
save("rgb_to_rgb_6x17.npy", resize(x_rgb, 6, 17))
save("grey_to_rgb_4x9.npy", resize(x_grey, 4, 9).repeat(3, 1, 1))
