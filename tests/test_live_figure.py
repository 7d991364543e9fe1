"""The live-figure helpers: the PNG encoder and the axis-limit hysteresis."""
from __future__ import annotations

import io

import numpy as np
from PIL import Image

from course.figures.live import encode_png, nice_top, settle


def test_encoded_png_decodes_to_the_same_pixels_without_alpha():
    rgba = np.random.default_rng(1).integers(0, 256, size=(7, 5, 4), dtype=np.uint8)
    image = Image.open(io.BytesIO(encode_png(memoryview(rgba.tobytes()), 5, 7)))
    image.load()
    assert image.mode == "RGB" and image.size == (5, 7)
    assert (np.asarray(image) == rgba[:, :, :3]).all()


def test_a_flat_image_compresses():
    rgba = np.full((300, 400, 4), 255, np.uint8)
    assert len(encode_png(rgba.tobytes(), 400, 300)) < 5_000     # raw: 360 kB


def test_nice_top_and_settle():
    assert [nice_top(v, 1) for v in (0.2, 7, 1234)] == [1, 8, 1500]
    assert settle((0, 100), (0, 90)) == (0, 100)         # small drop: keep the range
    assert settle((0, 100), (0, 30)) == (0, 30)          # below 40 %: shrink
    assert settle((0, 100), (0, 120)) == (0, 120)        # grow at once
