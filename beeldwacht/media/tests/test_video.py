"""Faces in video: followed through sampled frames, and blurred in every frame."""

import io

import av
import numpy as np
import pytest

from beeldwacht.media import video
from beeldwacht.media.tests.photos import video_with_face


@pytest.fixture(scope="module")
def clip() -> bytes:
    return video_with_face(seconds=2.0)


def test_one_moving_face_becomes_one_track(clip):
    duration, tracks = video.sample_faces(io.BytesIO(clip))
    assert 1.5 < duration <= 2.0
    assert len(tracks) == 1
    keyframes = tracks[0].keyframes
    assert len(keyframes) >= 4  # two samples per second
    xs = [box[0] for _t, box, _s in keyframes]
    assert xs == sorted(xs) and xs[-1] - xs[0] > 200  # it moves right


def test_two_children_side_by_side_stay_two_tracks():
    from beeldwacht.media.faces import Face

    tracks, active = [], []
    for n, t in enumerate((0.0, 0.5, 1.0)):
        found = [
            Face((100 + 20 * n, 100, 170 + 20 * n, 180), 0.9),
            Face((400 - 20 * n, 100, 470 - 20 * n, 180), 0.9),
        ]
        active = video._link(active, tracks, found, t)
    assert len(tracks) == 2 and all(len(track.keyframes) == 3 for track in tracks)


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (0.0, (0, 0, 10, 10)),
        (0.25, (5, 0, 15, 10)),  # halfway between the samples
        (0.5, (10, 0, 20, 10)),
        (0.9, (10, 0, 20, 10)),  # held for one interval after the last sighting
        (1.1, None),
        (-0.6, None),
    ],
)
def test_box_between_samples_is_interpolated(t, expected):
    keyframes = [(0.0, (0, 0, 10, 10), 0.9), (0.5, (10, 0, 20, 10), 0.9)]
    assert video.box_at(keyframes, t) == expected


def frames_of(data: bytes) -> list[np.ndarray]:
    with av.open(io.BytesIO(data)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(container.streams.video[0])]


def test_rendered_video_blurs_the_track_in_every_frame_and_can_drop_the_sound(clip):
    _duration, tracks = video.sample_faces(io.BytesIO(clip))
    blurred, silent = io.BytesIO(), io.BytesIO()
    video.render_video(io.BytesIO(clip), blurred, [(tracks[0].keyframes, 0.99)], keep_audio=True)
    video.render_video(io.BytesIO(clip), silent, [(tracks[0].keyframes, 0.99)], keep_audio=False)
    with av.open(io.BytesIO(blurred.getvalue())) as container:
        assert len(container.streams.audio) == 1
    with av.open(io.BytesIO(silent.getvalue())) as container:
        assert len(container.streams.audio) == 0
    before, after = frames_of(clip), frames_of(blurred.getvalue())
    assert len(after) == len(before)
    for n in (0, len(before) // 2, len(before) - 1):
        t = n / 10
        x1, y1, x2, y2 = video.box_at(tracks[0].keyframes, t)
        region = (slice(y1 + 10, y2 - 10), slice(x1 + 10, x2 - 10))
        assert np.abs(after[n][region].astype(int) - before[n][region].astype(int)).mean() > 15
    # far from the face the picture is the same (up to re-encoding)
    assert np.abs(after[0][300:, 500:].astype(int) - before[0][300:, 500:].astype(int)).mean() < 4
    # the blurred face is not found again
    _d, again = video.sample_faces(io.BytesIO(blurred.getvalue()))
    assert again == []
