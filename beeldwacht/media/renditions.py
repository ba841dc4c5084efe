"""Rendered versions of an item, cached in private storage: the safe rendition per channel
(only the faces that must go are blurred) and an unblurred preview for staff reviewing it.
A cache file's name contains a hash of exactly what was blurred, so a change in consent or
in the faces makes a new file, and an old one is never served for a new situation."""

import hashlib
import io

from django.core.files.base import ContentFile
from PIL import Image

from beeldwacht.media.models import Face, MediaItem
from beeldwacht.media.rendering import MAX_SIDE, safe_rendition, save_jpeg

PREVIEW_SIDE = 1600
RENDITION_VERSION = "2"  # bump when renditions change, so no old one is reused (2: no ICC)


def _storage():
    return MediaItem._meta.get_field("original").storage


def _cached(name: str, render, *, build: bool = True) -> str | None:
    """The name of the cached file, rendering it first when missing; with `build=False` a
    missing file is None (a video takes too long to render during a page view)."""
    storage = _storage()
    if not storage.exists(name):
        if not build:
            return None
        buffer = io.BytesIO()
        render(buffer)
        storage.save(name, ContentFile(buffer.getvalue()))
    return name


def cached_names(item: MediaItem) -> list[str]:
    """Every file this module may have made from the item, to delete with it (retention):
    its safe renditions, the preview, the thumbnail and the crops of its faces as they are."""
    folder = f"renditions/{item.public_id}"
    try:
        _dirs, files = _storage().listdir(folder)
    except FileNotFoundError:  # nothing rendered yet (the file system has no empty folders)
        files = []
    return [
        *(f"{folder}/{name}" for name in files),
        f"previews/{item.public_id}-{RENDITION_VERSION}.jpg",
        f"thumbnails/{item.public_id}-{RENDITION_VERSION}.jpg",
        *(f"crops/{f.public_id}-{f.x1}-{f.y1}-{f.x2}-{f.y2}.jpg" for f in item.faces.all()),
    ]


def safe_rendition_name(item: MediaItem, channel_key: str, faces_to_blur: list[Face]) -> str:
    """The cached safe JPEG for this item with these faces blurred."""
    targets = sorted((f.box, round(f.score, 3)) for f in faces_to_blur)
    digest = hashlib.sha256(
        f"{RENDITION_VERSION}|{item.sha256}|{MAX_SIDE}|{targets}".encode()
    ).hexdigest()[:20]
    name = f"renditions/{item.public_id}/{channel_key}-{digest}.jpg"

    def render(out):
        with item.original.open("rb") as original:
            safe_rendition(original, targets, out)

    return _cached(name, render)


def preview_name(item: MediaItem) -> str:
    """A smaller copy of the photo for the review screen; it never leaves the school."""
    name = f"previews/{item.public_id}-{RENDITION_VERSION}.jpg"

    def render(out):
        with item.original.open("rb") as original:
            safe_rendition(original, [], out, max_side=PREVIEW_SIDE)

    return _cached(name, render)


def thumbnail_name(item: MediaItem) -> str:
    name = f"thumbnails/{item.public_id}-{RENDITION_VERSION}.jpg"

    def render(out):
        from beeldwacht.media.faces import open_oriented

        with item.original.open("rb") as original:
            image = open_oriented(original, min_side=320)
        image.thumbnail((320, 320), Image.Resampling.LANCZOS)
        save_jpeg(image, out, quality=80)

    return _cached(name, render)


def safe_video_name(
    item: MediaItem,
    channel_key: str,
    faces_to_blur: list[Face],
    *,
    keep_audio: bool,
    build: bool = True,
) -> str | None:
    """The cached safe MP4 of a video: the listed tracks blurred in every frame, and the
    sound track only when everyone audible may be heard on this channel. With `build=False`
    None until it has been rendered (by the worker)."""
    from beeldwacht.media.video import render_video

    tracks = sorted((tuple(map(tuple, f.track)), round(f.score, 3)) for f in faces_to_blur)
    digest = hashlib.sha256(
        f"{RENDITION_VERSION}|{item.sha256}|{tracks}|{keep_audio}".encode()
    ).hexdigest()[:20]
    name = f"renditions/{item.public_id}/{channel_key}-{digest}.mp4"

    def render(out):
        with item.original.open("rb") as original:
            render_video(
                original,
                out,
                [([(k[0], tuple(k[1:5]), k[5]) for k in f.track], f.score) for f in faces_to_blur],
                keep_audio=keep_audio,
            )

    return _cached(name, render, build=build)


def safe_name(item: MediaItem, channel_key: str, clearance, *, build: bool = True) -> str | None:
    """The safe rendition of a photo or video for a channel, as its clearance says: the faces
    it lists blurred, the sound dropped when it says mute. A photo is always rendered when
    missing; a video only with `build` (it can take minutes)."""
    blur = [f for f in item.faces.all() if str(f.pk) in clearance.blur]
    if item.kind == MediaItem.Kind.VIDEO:
        return safe_video_name(item, channel_key, blur, keep_audio=not clearance.mute, build=build)
    return safe_rendition_name(item, channel_key, blur)


def face_crop_name(face: Face, frame: Image.Image | None = None) -> str:
    """A small picture of one face for the reviewer: from the photo (or `frame`, the photo
    already opened), from the clearest frame of a video. Staff only; it never leaves the
    school."""
    name = f"crops/{face.public_id}-{face.x1}-{face.y1}-{face.x2}-{face.y2}.jpg"

    def render(out):
        image = frame if frame is not None else _frame_of(face)
        w, h = face.x2 - face.x1, face.y2 - face.y1
        box = (
            max(0, face.x1 - w // 3),
            max(0, face.y1 - h // 3),
            min(image.width, face.x2 + w // 3),
            min(image.height, face.y2 + h // 3),
        )
        crop = image.crop(box)
        crop.thumbnail((240, 240), Image.Resampling.LANCZOS)
        save_jpeg(crop, out)

    return _cached(name, render)


def face_crops_render(item: MediaItem) -> None:
    """Every face crop of a photo from one decoding of the original, by the worker after the
    analysis: the review shows a class photo's 52 faces as tiles, and decoding the photo
    once per tile kept a phone waiting for seconds."""
    faces = list(item.faces.all())
    if item.kind != MediaItem.Kind.PHOTO or not faces:
        return
    from beeldwacht.media.faces import open_oriented

    with item.original.open("rb") as original:
        image = open_oriented(original)
    for face in faces:
        face_crop_name(face, image)


def _frame_of(face: Face) -> Image.Image:
    item = face.item
    with item.original.open("rb") as original:
        if item.kind == MediaItem.Kind.PHOTO:
            from beeldwacht.media.faces import open_oriented

            return open_oriented(original)
        import av

        from beeldwacht.media.video import _upright

        with av.open(original) as container:
            stream = container.streams.video[0]
            target = face.at_seconds or 0.0
            for frame in container.decode(stream):
                if frame.time is not None and frame.time + 1e-3 >= target:
                    return _upright(frame)
    raise ValueError("frame not found")
