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


def class_photo(rows: int = 4, per_row: int = 13):
    """A class photo: rows of small copies of the portrait, with the face box of each in
    reading order (4 x 13 = 52 faces, as the class photo in issue #11)."""
    person = portrait().resize((100, 117))
    canvas = Image.new("RGB", (per_row * 110 + 20, rows * 130 + 20), (200, 210, 220))
    x1, y1, x2, y2 = PORTRAIT_FACE
    boxes = []
    for row in range(rows):
        for column in range(per_row):
            x, y = 10 + column * 110, 10 + row * 130 + (column % 3) * 4  # not quite in line
            canvas.paste(person, (x, y))
            boxes.append(
                (x + x1 * 100 // 512, y + y1 * 117 // 600, x + x2 * 100 // 512, y + y2 * 117 // 600)
            )
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


def video_with_face(seconds: float = 2.0, fps: int = 10, with_audio: bool = True) -> bytes:
    """A clip of the portrait moving from left to right on a plain background, with a quiet
    sound track: a face to follow through the frames."""
    import av
    import numpy as np

    person = portrait().resize((200, 234))
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp4") as output:
        video = output.add_stream("libx264", rate=fps)
        video.width, video.height, video.pix_fmt = 640, 360, "yuv420p"
        audio = output.add_stream("aac", rate=44100) if with_audio else None
        frames = int(seconds * fps)
        for n in range(frames):
            canvas = Image.new("RGB", (640, 360), (200, 210, 220))
            canvas.paste(person, (40 + n * (360 // max(1, frames - 1)), 60))
            for packet in video.encode(
                av.VideoFrame.from_ndarray(np.asarray(canvas), format="rgb24")
            ):
                output.mux(packet)
        for packet in video.encode():
            output.mux(packet)
        if audio is not None:
            samples = int(44100 * seconds)
            tone = (0.1 * np.sin(np.arange(samples) * 2 * np.pi * 440 / 44100)).astype(np.float32)
            for start in range(0, samples, 1024):
                chunk = tone[start : start + 1024]
                if len(chunk) < 1024:
                    chunk = np.pad(chunk, (0, 1024 - len(chunk)))
                frame = av.AudioFrame.from_ndarray(
                    chunk.reshape(1, -1), format="fltp", layout="mono"
                )
                frame.sample_rate = 44100
                for packet in audio.encode(frame):
                    output.mux(packet)
            for packet in audio.encode():
                output.mux(packet)
    return buffer.getvalue()
