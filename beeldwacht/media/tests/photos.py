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


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def heic_bytes(image: Image.Image) -> bytes:
    import pillow_heif

    pillow_heif.register_heif_opener()
    buffer = io.BytesIO()
    image.save(buffer, "HEIF")
    return buffer.getvalue()


def video_bytes(container: str = "mp4", frames: int = 10, size=(64, 48)) -> bytes:
    import av
    import numpy as np

    buffer = io.BytesIO()
    with av.open(buffer, "w", format=container) as output:
        stream = output.add_stream("mpeg4", rate=10)
        stream.width, stream.height, stream.pix_fmt = size[0], size[1], "yuv420p"
        for n in range(frames):
            pixels = np.full((size[1], size[0], 3), n * 20 % 255, np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(pixels, format="rgb24")):
                output.mux(packet)
        for packet in stream.encode():
            output.mux(packet)
    return buffer.getvalue()


def audio_bytes(container: str = "wav") -> bytes:
    import av
    import numpy as np

    codec, layout_format = {
        "wav": ("pcm_s16le", "s16"),
        "ipod": ("aac", "fltp"),
        "mp3": ("libmp3lame", "fltp"),
    }[container]
    buffer = io.BytesIO()
    with av.open(buffer, "w", format=container) as output:
        stream = output.add_stream(codec, rate=44100)
        dtype = np.int16 if layout_format == "s16" else np.float32
        for _ in range(20):
            frame = av.AudioFrame.from_ndarray(
                np.zeros((1, 1024), dtype), format=layout_format, layout="mono"
            )
            frame.sample_rate = 44100
            for packet in stream.encode(frame):
                output.mux(packet)
        for packet in stream.encode():
            output.mux(packet)
    return buffer.getvalue()
