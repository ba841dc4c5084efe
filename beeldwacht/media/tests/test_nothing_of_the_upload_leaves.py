"""Renditions carry pixels and nothing else: no byte sequence of an upload longer than 64 bytes
survives into anything Beeldwacht makes from it (issue: a "safe" photo carried the unblurred
original inside its colour profile). Each upload hides a secret where a file can hide one:
the colour profile, EXIF, XMP, a comment, PNG text, container and stream metadata."""

import io
import json
from datetime import date

import av
import numpy as np
import pytest
from django.core.management import call_command
from PIL import Image, ImageCms

from beeldwacht.media import faces as detection
from beeldwacht.media import renditions
from beeldwacht.media import services as media_services
from beeldwacht.media.rendering import safe_rendition
from beeldwacht.media.tests.photos import group_photo, heic_bytes, jpeg_bytes

RUN = 65  # a shared run this long is not chance


def windows(data: bytes) -> set[bytes]:
    return {data[i : i + RUN] for i in range(len(data) - RUN + 1)}


def surviving_runs(upload: bytes, made: bytes, ours: bytes = b"") -> int:
    """How many windows of RUN bytes of the upload occur somewhere in what we made, leaving
    out those that `ours` (what we make from the same content without any metadata) has too:
    a container's fixed structure is the same whoever writes it."""
    shared = windows(made) - windows(ours)
    return sum(upload[i : i + RUN] in shared for i in range(len(upload) - RUN + 1))


def secret() -> bytes:
    """The unblurred original, as an attacker would hide it."""
    photo, _boxes = group_photo()
    return jpeg_bytes(photo)


def srgb_profile_hiding(payload: bytes) -> bytes:
    """A real sRGB profile with the payload appended: colour software reads it happily."""
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes() + payload


def loaded_jpeg() -> bytes:
    photo, _boxes = group_photo()
    exif = Image.Exif()
    exif[0x010F] = "Telefoonmerk " + "x" * 200  # camera make
    exif[0x8825] = {1: "N", 2: (52.0, 22.0, 0.0)}  # GPS
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">' + b"geheim " * 40 + b"</x:xmpmeta>"
    data = jpeg_bytes(
        photo, icc_profile=srgb_profile_hiding(secret()), exif=exif.tobytes(), xmp=xmp
    )
    comment = b"\xff\xfe" + (2 + 300).to_bytes(2, "big") + b"opmerking " * 30
    return data[:2] + comment + data[2:]  # a COM segment right after SOI


def loaded_png() -> bytes:
    from PIL import PngImagePlugin

    photo, _boxes = group_photo()
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "geheim " * 50)
    buffer = io.BytesIO()
    photo.save(buffer, "PNG", icc_profile=srgb_profile_hiding(secret()), pnginfo=text)
    return buffer.getvalue()


def loaded_heic() -> bytes:
    photo, _boxes = group_photo()
    photo.info["icc_profile"] = srgb_profile_hiding(secret())
    return heic_bytes(photo)


PHOTOS = {"jpeg": loaded_jpeg, "png": loaded_png, "heic": loaded_heic}


@pytest.mark.parametrize("kind", PHOTOS)
def test_a_safe_rendition_carries_no_bytes_of_the_upload(kind):
    upload = PHOTOS[kind]()
    _photo, boxes = group_photo()
    out = io.BytesIO()
    safe_rendition(io.BytesIO(upload), [(boxes[1], 0.95)], out)
    made = out.getvalue()
    assert surviving_runs(upload, made) == 0
    assert surviving_runs(secret(), made) == 0
    assert "icc_profile" not in Image.open(io.BytesIO(made)).info


def test_the_colour_profile_is_applied_before_it_is_dropped():
    """A photo in another colour space comes out in sRGB: the profile's meaning is kept, its
    bytes are not. A Lab-to-sRGB round trip stands in for a wide-gamut camera profile."""
    photo, _boxes = group_photo()
    plain = io.BytesIO()
    safe_rendition(io.BytesIO(jpeg_bytes(photo)), [], plain)
    tagged = io.BytesIO()
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    safe_rendition(io.BytesIO(jpeg_bytes(photo, icc_profile=srgb)), [], tagged)
    a = np.asarray(Image.open(plain).convert("RGB"), dtype=np.int16)
    b = np.asarray(Image.open(tagged).convert("RGB"), dtype=np.int16)
    assert np.abs(a - b).mean() < 2  # an sRGB photo keeps its colours


def test_the_cli_blur_carries_no_bytes_of_the_upload(tmp_path):
    source, out = tmp_path / "in.jpg", tmp_path / "out.jpg"
    source.write_bytes(loaded_jpeg())
    _photo, boxes = group_photo()
    (tmp_path / "boxes.json").write_text(json.dumps([list(boxes[0])]))
    call_command("faces", "blur", str(source), str(out), "--boxes", str(tmp_path / "boxes.json"))
    assert surviving_runs(source.read_bytes(), out.read_bytes()) == 0


@pytest.fixture
def loaded_item(school, groep5, juf_anna, monkeypatch):
    _photo, boxes = group_photo()
    monkeypatch.setattr(
        media_services.detection,
        "detect_file",
        lambda handle, thorough=False: ((900, 400), [detection.Face(b, 0.95) for b in boxes]),
    )
    trip = media_services.activity_create(
        school=school, name="Schoolreis", date=date(2026, 6, 12), classes=[groep5], by=juf_anna
    )
    upload = loaded_jpeg()
    item = media_services.media_upload(activity=trip, name="groep.jpg", data=upload, by=juf_anna)
    media_services.media_analyse(item_id=item.pk)
    return item, upload


@pytest.mark.django_db
def test_previews_thumbnails_and_face_crops_carry_no_bytes_of_the_upload(loaded_item):
    item, upload = loaded_item
    storage = renditions._storage()
    made = [
        renditions.preview_name(item),
        renditions.thumbnail_name(item),
        renditions.face_crop_name(item.faces.first()),
        renditions.safe_rendition_name(item, "website", list(item.faces.all())),
    ]
    for name in made:
        with storage.open(name) as handle:
            assert surviving_runs(upload, handle.read()) == 0, name


def clip(*, metadata: bool) -> bytes:
    """A clip of noise whose container and streams carry metadata (with `metadata`), as phones
    write it. MPEG-4 video and MP3 sound, so that what we re-encode (H.264, AAC) cannot share
    runs with the upload by coincidence of encoder."""
    out = io.BytesIO()
    with av.open(out, "w", format="mp4") as target:
        if metadata:
            target.metadata["comment"] = "geheim " * 40
            target.metadata["title"] = "locatie 52.2215 N 6.8937 E " * 5
        video = target.add_stream("mpeg4", rate=10)
        video.width, video.height, video.pix_fmt = 320, 240, "yuv420p"
        audio = target.add_stream("libmp3lame", rate=44100)  # re-encoded as AAC
        for stream in (video, audio) if metadata else ():
            stream.metadata["handler_name"] = "telefoon " * 20
        noise = np.random.default_rng(7)
        for _ in range(10):
            pixels = noise.integers(0, 255, (240, 320, 3), dtype=np.uint8)
            target.mux(video.encode(av.VideoFrame.from_ndarray(pixels, format="rgb24")))
        target.mux(video.encode())
        for _ in range(40):
            samples = (0.1 * noise.standard_normal((1, 1024))).astype(np.float32)
            frame = av.AudioFrame.from_ndarray(samples, format="fltp", layout="mono")
            frame.sample_rate = 44100
            target.mux(audio.encode(frame))
        target.mux(audio.encode())
    return out.getvalue()


def test_a_safe_video_carries_no_bytes_of_the_upload():
    from beeldwacht.media.video import render_video

    def render(upload: bytes) -> bytes:
        out = io.BytesIO()
        render_video(io.BytesIO(upload), out, [], keep_audio=True)
        return out.getvalue()

    upload = clip(metadata=True)
    assert b"geheim" in upload  # the metadata really is in the upload
    made = render(upload)
    assert surviving_runs(upload, made, ours=render(clip(metadata=False))) == 0
    assert b"geheim" not in made and b"locatie" not in made and b"telefoon" not in made
