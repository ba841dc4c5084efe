"""Checking an uploaded file before anything is stored: what is it really, is it whole, and is
it within limits. A bad file gets one clear Dutch reason; the rest of the batch goes on.

The type comes from the file's own bytes, never from its name or the browser's word, and the
name must agree with it (a `.jpg` that is really a video, or a photo with a ZIP archive glued
to its end, is refused)."""

import hashlib
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image

from beeldwacht.common.errors import InvalidInput

try:  # HEIC/HEIF from iPhones; pillow-heif registers itself with Pillow.
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - it is a declared dependency
    pass

PHOTO, VIDEO, AUDIO = "photo", "video", "audio"
EXTENSIONS = {
    "jpeg": ({".jpg", ".jpeg"}, PHOTO, "image/jpeg"),
    "png": ({".png"}, PHOTO, "image/png"),
    "heic": ({".heic", ".heif"}, PHOTO, "image/heic"),
    "mp4": ({".mp4", ".m4v"}, VIDEO, "video/mp4"),
    "mov": ({".mov"}, VIDEO, "video/quicktime"),
    "m4a": ({".m4a"}, AUDIO, "audio/mp4"),
    "mp3": ({".mp3"}, AUDIO, "audio/mpeg"),
    "wav": ({".wav"}, AUDIO, "audio/wav"),
}
MAX_TRAILING_BYTES = 4096  # some cameras pad after the image; an archive is far larger


@dataclass(frozen=True)
class Intake:
    kind: str
    format: str
    content_type: str
    sha256: str
    size_bytes: int
    width: int | None = None
    height: int | None = None
    duration_seconds: float | None = None


def sniff(head: bytes) -> str | None:
    """The format from the first bytes of the file."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1", b"heim", b"heis"):
            return "heic"
        if brand in (b"M4A ", b"M4B "):
            return "m4a"
        if brand == b"qt  ":
            return "mov"
        return "mp4"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "wav"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    return None


def check_upload(name: str, data: bytes) -> Intake:
    """Everything we know about a file, or InvalidInput with the reason in Dutch."""
    if not data:
        raise InvalidInput(_("The file is empty."))
    found = sniff(data[:32])
    extension = PurePath(name).suffix.lower()
    if found is None:
        raise InvalidInput(
            _(
                "This is not a photo, video or audio file that Beeldwacht accepts "
                "(JPEG, PNG, HEIC, MP4, MOV, M4A, MP3 or WAV)."
            )
        )
    if found == "mp4" and extension == ".m4a":
        # Sound from Android phones and most converters: the same ISO container with a plain
        # MP4 brand. Its streams decide below (`_check_timed` wants sound in it).
        found = "m4a"
    extensions, kind, content_type = EXTENSIONS[found]
    if extension not in extensions:
        raise InvalidInput(
            _(
                "The file name says '%(extension)s' but the file is %(format)s. "
                "Rename or export it again."
            )
            % {"extension": extension or _("no extension"), "format": found.upper()}
        )
    limit = {
        PHOTO: settings.MEDIA_MAX_PHOTO_BYTES,
        VIDEO: settings.MEDIA_MAX_VIDEO_BYTES,
        AUDIO: settings.MEDIA_MAX_AUDIO_BYTES,
    }[kind]
    if len(data) > limit:
        raise InvalidInput(
            _("The file is too large (%(size)d MB; at most %(limit)d MB for this kind).")
            % {"size": len(data) // 2**20, "limit": limit // 2**20}
        )
    sha256 = hashlib.sha256(data).hexdigest()
    if kind == PHOTO:
        width, height = _check_photo(found, data)
        return Intake(kind, found, content_type, sha256, len(data), width, height)
    return _check_timed(kind, found, content_type, sha256, data)


def _check_photo(found: str, data: bytes) -> tuple[int, int]:
    import io

    from beeldwacht.media.faces import oriented_size

    with warnings.catch_warnings():
        # Pillow warns above MAX_IMAGE_PIXELS and refuses above twice that; we refuse at once.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        previous = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = settings.MEDIA_MAX_PIXELS
        try:
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > settings.MEDIA_MAX_PIXELS:
                    raise Image.DecompressionBombError("too many pixels")
                if image.format == "JPEG":
                    # Decoding at 1/8 scale still reads every scan, so a truncated file
                    # fails just the same, at a tenth of the cost of a full decode.
                    image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()  # a truncated file fails here
            size = oriented_size(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise InvalidInput(
                _("The photo has too many pixels (at most %(mp)d megapixels).")
                % {"mp": settings.MEDIA_MAX_PIXELS // 1_000_000}
            ) from None
        except Exception:
            raise InvalidInput(
                _("The photo is damaged or incomplete and cannot be read.")
            ) from None
        finally:
            Image.MAX_IMAGE_PIXELS = previous
    # Only a whole photo can have something after its end: a cut-off one is damaged above.
    _check_no_trailing_data(found, data)
    return size


def _check_no_trailing_data(found: str, data: bytes) -> None:
    """A photo with something else glued to its end (a ZIP, a script) is a polyglot file."""
    if found == "jpeg":
        end = data.rfind(b"\xff\xd9")
        trailing = len(data) - (end + 2) if end >= 0 else len(data)
    elif found == "png":
        end = data.rfind(b"IEND")
        trailing = len(data) - (end + 8) if end >= 0 else len(data)
    else:
        return
    if trailing > MAX_TRAILING_BYTES:
        raise InvalidInput(
            _(
                "The photo has other data attached to its end. "
                "Export it again from the camera or phone."
            )
        )


def _check_timed(kind: str, found: str, content_type: str, sha256: str, data: bytes) -> Intake:
    import io

    import av

    try:
        with av.open(io.BytesIO(data)) as container:
            videos = [s for s in container.streams if s.type == "video"]
            audios = [s for s in container.streams if s.type == "audio"]
            duration = container.duration / 1_000_000 if container.duration else None
            if kind == VIDEO and not videos:
                raise InvalidInput(_("The file has no picture: upload it as audio."))
            if kind == AUDIO and not audios:
                raise InvalidInput(_("The file has no sound."))
            width = height = None
            if videos:
                stream = videos[0]
                width, height = stream.codec_context.width, stream.codec_context.height
                rotation = _rotation(stream)
                if rotation in (90, 270):
                    width, height = height, width
                next(container.decode(stream))  # the first frame must decode
            elif audios:
                next(container.decode(audios[0]))
    except InvalidInput:
        raise
    except Exception:
        raise InvalidInput(_("The file is damaged or incomplete and cannot be played.")) from None
    return Intake(kind, found, content_type, sha256, len(data), width, height, duration)


def _rotation(stream) -> int:
    """Phones record upright video as landscape frames plus a rotation tag."""
    try:
        matrix = stream.side_data.get("DISPLAYMATRIX") if hasattr(stream, "side_data") else None
        if matrix is not None:
            return int(round(abs(float(matrix)))) % 360
    except (TypeError, ValueError):
        pass
    return 0
