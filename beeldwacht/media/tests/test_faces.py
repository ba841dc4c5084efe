"""The detector on a real face (it is the subject here, so no fake)."""

import io
import json

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image

from beeldwacht.media import faces
from beeldwacht.media.tests.photos import PORTRAIT, PORTRAIT_FACE, group_photo, jpeg_bytes, portrait


def iou(a, b):
    x1, y1, x2, y2 = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    inter = max(0, x2 - x1) * max(0, y2 - y1)
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter)


def test_finds_the_face_in_a_real_portrait():
    size, found = faces.detect_file(str(PORTRAIT))
    assert size == (512, 600)
    assert len(found) == 1
    assert iou(found[0].box, PORTRAIT_FACE) > 0.8
    assert found[0].score > 0.9


def test_finds_every_face_in_a_group():
    photo, expected = group_photo()
    _size, found = faces.detect_file(io.BytesIO(jpeg_bytes(photo)))
    assert len(found) == 3
    for box in expected:
        assert max(iou(face.box, box) for face in found) > 0.6


def test_no_faces_in_a_plain_picture():
    blank = Image.new("RGB", (800, 600), (120, 160, 90))
    assert faces.detect_file(io.BytesIO(jpeg_bytes(blank)))[1] == []


def test_boxes_are_in_the_upright_photo_when_exif_says_rotated():
    # Stored sideways with orientation 6 ("rotate 90 clockwise to view"), as phones do.
    stored = portrait().transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    size, found = faces.detect_file(io.BytesIO(jpeg_bytes(stored, exif=exif.tobytes())))
    assert size == (512, 600)
    assert len(found) == 1 and iou(found[0].box, PORTRAIT_FACE) > 0.7


def test_a_large_photo_is_decoded_reduced_and_reported_full_size():
    big = portrait().resize((512 * 4, 600 * 4))
    size, found = faces.detect_file(io.BytesIO(jpeg_bytes(big)))
    assert size == (2048, 2400)
    expected = tuple(v * 4 for v in PORTRAIT_FACE)
    best = max(found, key=lambda face: face.score)
    assert iou(best.box, expected) > 0.7


def test_fragments_of_a_large_face_are_dropped():
    boxes = np.array([[100, 100, 500, 500], [150, 150, 250, 250], [600, 100, 700, 200]], np.float32)
    scores = np.array([0.99, 0.75, 0.9], np.float32)
    assert faces._drop_fragments(boxes, scores, [0, 1, 2]) == [0, 2]


@pytest.mark.parametrize("data", [b"", b"not a photo at all", jpeg_bytes(portrait())[:400]])
def test_unreadable_input_is_an_error(data):
    with pytest.raises(faces.UnreadableImage):
        faces.detect_file(io.BytesIO(data))


def test_the_model_bytes_are_checked(monkeypatch):
    monkeypatch.setattr(faces, "MODEL_SHA256", "0" * 64)
    with pytest.raises(RuntimeError, match="checksum"):
        faces._load_weights()


def test_nms_keeps_the_best_of_overlapping_boxes():
    boxes = np.array([[0, 0, 10, 10], [1, 1, 11, 11], [50, 50, 60, 60]], dtype=np.float32)
    assert faces._nms(boxes, np.array([0.8, 0.9, 0.7]), 0.4) == [1, 2]


def test_cli_detect_prints_json(tmp_path, capsys):
    call_command("faces", "detect", "--json", str(PORTRAIT))
    [result] = json.loads(capsys.readouterr().out)
    assert (result["width"], result["height"]) == (512, 600)
    assert len(result["faces"]) == 1 and set(result["faces"][0]) == {"box", "score"}
    assert isinstance(result["ms"], int)


def test_cli_detect_fails_in_dutch_on_an_unreadable_file(tmp_path, capsys):
    bad = tmp_path / "kapot.jpg"
    bad.write_bytes(b"\xff\xd8 broken")
    with pytest.raises(CommandError, match="kon niet worden gelezen|konden niet worden gelezen"):
        call_command("faces", "detect", "--json", str(PORTRAIT), str(bad))
    assert "kapot.jpg" in capsys.readouterr().err


def test_thorough_mode_finds_the_face_once():
    _size, found = faces.detect_file(str(PORTRAIT), thorough=True)
    assert len(found) == 1 and iou(found[0].box, PORTRAIT_FACE) > 0.7


def test_thorough_mode_checks_its_model_too(monkeypatch):
    monkeypatch.setattr(faces, "CENTERFACE_SHA256", "0" * 64)
    monkeypatch.setattr(faces, "_centerface", None)
    with pytest.raises(RuntimeError, match="checksum"):
        faces._get_centerface()
