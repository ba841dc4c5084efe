"""What may be uploaded: the file's own bytes decide, and every refusal says why in Dutch."""

import io
import zipfile

import pytest
from PIL import Image

from beeldwacht.common.errors import InvalidInput
from beeldwacht.media.intake import check_upload
from beeldwacht.media.tests.photos import (
    audio_bytes,
    heic_bytes,
    jpeg_bytes,
    png_bytes,
    portrait,
    video_bytes,
)


@pytest.mark.parametrize(
    ("name", "make", "kind", "fmt"),
    [
        ("IMG_0001.JPG", lambda: jpeg_bytes(portrait()), "photo", "jpeg"),
        ("scan.png", lambda: png_bytes(portrait()), "photo", "png"),
        ("IMG_0002.HEIC", lambda: heic_bytes(portrait()), "photo", "heic"),
        ("clip.mp4", lambda: video_bytes("mp4"), "video", "mp4"),
        ("clip.MOV", lambda: video_bytes("mov"), "video", "mov"),
        ("lied.m4a", lambda: audio_bytes("ipod"), "audio", "m4a"),
        # Android and most converters write M4A with a plain MP4 brand (issue #9, finding 6).
        ("opname.m4a", lambda: audio_bytes("ipod").replace(b"M4A ", b"isom"), "audio", "m4a"),
        ("lied.mp3", lambda: audio_bytes("mp3"), "audio", "mp3"),
        ("lied.wav", lambda: audio_bytes("wav"), "audio", "wav"),
    ],
)
def test_accepted_formats(name, make, kind, fmt):
    intake = check_upload(name, make())
    assert (intake.kind, intake.format) == (kind, fmt)
    if kind == "photo":
        assert (intake.width, intake.height) == (512, 600)
    if kind == "video":
        assert (intake.width, intake.height) == (64, 48) and intake.duration_seconds > 0


def test_photo_size_is_upright():
    stored = portrait().transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    intake = check_upload("phone.jpg", jpeg_bytes(stored, exif=exif.tobytes()))
    assert (intake.width, intake.height) == (512, 600)


def polyglot() -> bytes:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("payload.html", "<script>alert(1)</script>" * 400)
    return jpeg_bytes(portrait()) + archive.getvalue()


def bomb() -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (12000, 12000)).save(buffer, "PNG")  # tiny file, 144 megapixels
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("leeg.jpg", b"", "leeg"),
        ("kapot.jpg", jpeg_bytes(portrait())[:2000], "beschadigd"),
        # Cut off mid-transfer: damaged, not "other data attached" (issue #9, finding 6).
        ("half.jpg", jpeg_bytes(portrait())[:20000], "beschadigd"),
        ("tekst.jpg", b"Dit is geen foto maar tekst." * 10, "aanneemt"),
        ("film.jpg", video_bytes("mp4"), "MP4"),
        ("foto.mp4", jpeg_bytes(portrait()), "JPEG"),
        ("polyglot.jpg", polyglot(), "andere gegevens"),
        ("bom.png", bomb(), "te veel pixels"),
        ("kapot.mp4", video_bytes("mp4")[:300], "beschadigd"),
        ("stil.mp4", audio_bytes("ipod").replace(b"M4A ", b"isom"), "geen beeld"),
    ],
)
def test_bad_files_are_refused_with_a_dutch_reason(name, data, reason):
    with pytest.raises(InvalidInput) as refused:
        check_upload(name, data)
    assert reason in refused.value.message


def test_size_limit(settings):
    settings.MEDIA_MAX_PHOTO_BYTES = 1000
    with pytest.raises(InvalidInput, match="te groot"):
        check_upload("groot.jpg", jpeg_bytes(portrait()))
