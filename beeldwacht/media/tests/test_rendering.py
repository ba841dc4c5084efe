"""Safe renditions: the blur is irreversible, touches only the chosen faces, and strips
metadata."""

import io

import numpy as np
from PIL import Image, ImageFilter

from beeldwacht.media import faces
from beeldwacht.media.rendering import safe_rendition
from beeldwacht.media.tests.photos import group_photo, jpeg_bytes


def detail(image: Image.Image, box) -> float:
    """Edge energy in a box: high for a face, near zero once its detail is gone."""
    edges = image.convert("L").filter(ImageFilter.FIND_EDGES).crop(box)
    return float(np.asarray(edges, dtype=np.float32).mean())


def render(photo, targets, **kwargs) -> Image.Image:
    out = io.BytesIO()
    safe_rendition(io.BytesIO(jpeg_bytes(photo)), targets, out, **kwargs)
    out.seek(0)
    return Image.open(out)


def test_blurred_face_is_no_longer_found_and_its_detail_is_gone():
    photo, boxes = group_photo()
    safe = render(photo, [(boxes[1], 0.99)])
    _size, found = faces.detect_file(io.BytesIO(jpeg_bytes(safe.convert("RGB"))))
    centres = [((f.box[0] + f.box[2]) / 2, (f.box[1] + f.box[3]) / 2) for f in found]
    x1, y1, x2, y2 = boxes[1]
    assert not any(x1 <= cx <= x2 and y1 <= cy <= y2 for cx, cy in centres)
    assert len(found) == 2  # the other two are still there
    assert detail(safe, boxes[1]) < detail(photo, boxes[1]) / 4


def test_other_faces_are_untouched():
    photo, boxes = group_photo()
    safe = np.asarray(render(photo, [(boxes[0], 0.99)]).convert("RGB"), dtype=np.int16)
    plain = np.asarray(render(photo, []).convert("RGB"), dtype=np.int16)
    for x1, y1, x2, y2 in boxes[1:]:
        # The same pixels as a rendition without any blur.
        assert np.abs(safe[y1:y2, x1:x2] - plain[y1:y2, x1:x2]).max() == 0


def test_less_sure_detections_get_a_larger_blurred_area():
    photo, boxes = group_photo()
    sure = np.asarray(render(photo, [(boxes[1], 0.99)]).convert("RGB"), dtype=np.int16)
    unsure = np.asarray(render(photo, [(boxes[1], 0.6)]).convert("RGB"), dtype=np.int16)
    original = np.asarray(photo, dtype=np.int16)
    changed = lambda a: int((np.abs(a - original).sum(axis=2) > 30).sum())  # noqa: E731
    assert changed(unsure) > changed(sure) * 1.3


def test_metadata_and_profile_are_stripped_and_size_limited():
    photo, boxes = group_photo()
    big = photo.resize((3600, 1600))
    exif = Image.Exif()
    exif[0x010F] = "Telefoonmerk"  # camera make
    exif[0x8825] = {1: "N", 2: (52.0, 22.0, 0.0)}  # GPS
    profile = b"unreadable-icc-profile-bytes"
    source = io.BytesIO()
    big.save(source, "JPEG", exif=exif.tobytes(), icc_profile=profile)
    source.seek(0)
    out = io.BytesIO()
    safe_rendition(source, [], out)
    out.seek(0)
    safe = Image.open(out)
    assert max(safe.size) == 2048
    assert not safe.getexif()
    assert "exif" not in safe.info and "xmp" not in safe.info
    assert "icc_profile" not in safe.info  # the pixels are sRGB; the upload's profile stays
