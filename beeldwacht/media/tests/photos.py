"""Test photos: a real portrait shipped inside matplotlib (Grace Hopper, public domain), and
photos composed from it. Nothing from ../shared: the tests must pass on a clean clone."""

import io
from importlib.resources import files

from PIL import Image

PORTRAIT = files("matplotlib") / "mpl-data" / "sample_data" / "grace_hopper.jpg"
PORTRAIT_FACE = (178, 107, 354, 328)  # where the detector finds her face in the 512x600 photo


def portrait() -> Image.Image:
    with Image.open(PORTRAIT) as image:
        return image.convert("RGB")


def group_photo() -> tuple[Image.Image, list[tuple[int, int, int, int]]]:
    """Three copies of the portrait side by side on a plain background, with the face box of
    each, as a stand-in for a class photo."""
    person = portrait().resize((256, 300))
    canvas = Image.new("RGB", (900, 400), (200, 210, 220))
    boxes = []
    for n in range(3):
        x, y = 30 + n * 290, 50
        canvas.paste(person, (x, y))
        fx1, fy1, fx2, fy2 = (v // 2 for v in PORTRAIT_FACE)
        boxes.append((x + fx1, y + fy1, x + fx2, y + fy2))
    return canvas, boxes


def jpeg_bytes(image: Image.Image, **save) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92, **save)
    return buffer.getvalue()
