"""Safe renditions: the version of a photo that may leave the school for one channel.

Only the faces that must go are blurred, beyond recovery: each is pixelated and then blurred
hard over an enlarged ellipse (larger when detection was less sure), never covered with a
sticker or emoji (DOMAIN 3: not stigmatising). Nothing of the upload but its pixels comes
along: they are converted to sRGB and written fresh, without EXIF, XMP, GPS or colour profile,
so a rendition's bytes follow from the pixels and our settings alone; the long side is at most
2048 px. The original is never changed and never leaves the system."""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from beeldwacht.media import faces as detection

MAX_SIDE = 2048
JPEG_QUALITY = 85
# How far the blurred ellipse reaches beyond the face box, per side, as a share of the box:
# hair, ears and chin identify a child too. Less sure detections get more margin.
MARGIN_SURE = 0.35
MARGIN_UNSURE = 0.6
SURE_SCORE = 0.9


def blur_region(image: Image.Image, box: tuple[int, int, int, int], *, score: float = 1.0) -> None:
    """Destroy the detail of one face in place: pixelate to ~8 blocks across the face, then
    Gaussian-blur, pasted through a soft elliptical mask over the enlarged box."""
    x1, y1, x2, y2 = box
    margin = MARGIN_SURE if score >= SURE_SCORE else MARGIN_UNSURE
    w, h = x2 - x1, y2 - y1
    left = max(0, int(x1 - w * margin))
    top = max(0, int(y1 - h * margin))
    right = min(image.width, int(x2 + w * margin))
    bottom = min(image.height, int(y2 + h * margin))
    if right - left < 2 or bottom - top < 2:
        return
    region = image.crop((left, top, right, bottom))
    blocks = 8
    small = region.resize(
        (
            max(1, (right - left) * blocks // max(1, w)),
            max(1, (bottom - top) * blocks // max(1, h)),
        ),
        Image.Resampling.BOX,
    )
    pixelated = small.resize(region.size, Image.Resampling.NEAREST)
    radius = max(2, min(right - left, bottom - top) // 6)
    destroyed = pixelated.filter(ImageFilter.GaussianBlur(radius))
    # A soft edge over the whole enlarged ellipse, and a solid core that covers the face box
    # including its corners (semi-axes 0.75 of the box > 1/sqrt(2)), so that no part of the
    # face shows through at all.
    mask = Image.new("L", region.size, 0)
    ImageDraw.Draw(mask).ellipse((0, 0, region.width - 1, region.height - 1), fill=255)
    mask = mask.filter(ImageFilter.GaussianBlur(max(1, radius // 3)))
    cx, cy = (x1 + x2) / 2 - left, (y1 + y2) / 2 - top
    core = Image.new("L", region.size, 0)
    ImageDraw.Draw(core).ellipse(
        (cx - 0.75 * w, cy - 0.75 * h, cx + 0.75 * w, cy + 0.75 * h), fill=255
    )
    mask = Image.composite(core, mask, core)
    region.paste(destroyed, (0, 0), mask)
    image.paste(region, (left, top))


def safe_rendition(
    source,
    faces_to_blur: list[tuple[tuple[int, int, int, int], float]],
    out,
    *,
    max_side: int = MAX_SIDE,
) -> None:
    """Write a JPEG of `source` with the given (box, score) faces blurred, scaled to
    `max_side`, in sRGB without metadata. Boxes are in pixels of the upright original."""
    image = detection.open_oriented(source)
    for box, score in faces_to_blur:
        blur_region(image, box, score=score)
    if max(image.size) > max_side:
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    save_jpeg(image, out)


def save_jpeg(image: Image.Image, out, *, quality: int = JPEG_QUALITY) -> None:
    """Every JPEG Beeldwacht writes: fresh pixels, no metadata, and Huffman tables computed
    from those pixels (`optimize`), so that no segment of the file is copied from anywhere."""
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    clean.save(out, "JPEG", quality=quality, optimize=True)


def blur_faces_file(
    source: Path, out: Path, *, boxes: list[tuple[int, int, int, int]] | None
) -> int:
    """The CLI's blur: the given boxes, or every detected face when `boxes` is None."""
    if boxes is None:
        _size, found = detection.detect_file(source)
        targets = [(face.box, face.score) for face in found]
    else:
        targets = [(box, 1.0) for box in boxes]
    safe_rendition(source, targets, out)
    return len(targets)
