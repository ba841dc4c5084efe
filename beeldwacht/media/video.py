"""Faces in video: detect on sampled frames, link detections into tracks, and re-encode the
video with the tracks that must go blurred in every frame (interpolated between samples).
Audio is dropped when someone audible lacks `sound` consent. PyAV (FFmpeg) does the decoding
and encoding; detection and the blur are the photo ones (media.faces, media.rendering)."""

from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from beeldwacht.media import faces as detection
from beeldwacht.media.rendering import blur_region

SAMPLE_FPS = 2.0  # detections per second of video
VIDEO_PASS_SIDES = (1024,)  # video frames are small; one pass is enough
# A detection continues a track when its centre is within this many face widths of the
# track's last box and its size is similar: a running child moves more than a face width
# between two samples, so overlap alone would split one child into many tracks.
LINK_DISTANCE = 2.0
LINK_SIZE_RATIO = 1.6
MAX_GAP_SAMPLES = 3  # a track survives this many samples without a detection (a turned head)
MAX_SIDE = 1920
CRF = 23


@dataclass
class Track:
    """One face followed through the video: (seconds, box, score) per sample it was seen."""

    keyframes: list[tuple[float, tuple[int, int, int, int], float]] = field(default_factory=list)
    missed: int = 0

    @property
    def best(self) -> tuple[float, tuple[int, int, int, int], float]:
        return max(self.keyframes, key=lambda k: (k[2], (k[1][2] - k[1][0]) * (k[1][3] - k[1][1])))


def _upright(frame) -> Image.Image:
    image = frame.to_image()
    rotation = int(getattr(frame, "rotation", 0) or 0) % 360
    if rotation == 90:
        image = image.transpose(Image.Transpose.ROTATE_90)
    elif rotation == 180:
        image = image.transpose(Image.Transpose.ROTATE_180)
    elif rotation == 270:
        image = image.transpose(Image.Transpose.ROTATE_270)
    return image


def sample_faces(source) -> tuple[float, list[Track]]:
    """Duration and face tracks of a video file (path or file object)."""
    import av

    tracks: list[Track] = []
    active: list[Track] = []
    next_sample = 0.0
    duration = 0.0
    try:
        with av.open(source) as container:
            stream = container.streams.video[0]
            for frame in container.decode(stream):
                if frame.time is None:
                    continue
                duration = max(duration, frame.time)
                if frame.time + 1e-6 < next_sample:
                    continue
                next_sample = frame.time + 1 / SAMPLE_FPS
                image = _upright(frame)
                found = detection.detect_faces(image, sides=VIDEO_PASS_SIDES)
                active = _link(active, tracks, found, frame.time)
    except (OSError, ValueError, StopIteration) as error:
        raise detection.UnreadableImage(str(error)) from error
    except Exception as error:  # FFmpeg errors have their own classes
        if type(error).__module__.startswith("av"):
            raise detection.UnreadableImage(str(error)) from error
        raise
    return duration, tracks


def _distance(a, b) -> float | None:
    """How far apart two boxes are, in face widths, or None when their sizes differ too much."""
    wa, wb = a[2] - a[0], b[2] - b[0]
    if min(wa, wb) <= 0 or max(wa, wb) / min(wa, wb) > LINK_SIZE_RATIO:
        return None
    dx = (a[0] + a[2] - b[0] - b[2]) / 2
    dy = (a[1] + a[3] - b[1] - b[3]) / 2
    return (dx * dx + dy * dy) ** 0.5 / max(wa, wb)


def _link(active: list[Track], tracks: list[Track], found, t: float) -> list[Track]:
    unmatched = list(found)
    still_active = []
    # Tracks seen most recently choose first; each takes the nearest similar detection.
    for track in sorted(active, key=lambda tr: tr.missed):
        last_box = track.keyframes[-1][1]
        reach = LINK_DISTANCE * (track.missed + 1)
        candidates = [(d, f) for f in unmatched if (d := _distance(f.box, last_box)) is not None]
        best = min(candidates, key=lambda c: c[0], default=(None, None))
        if best[1] is not None and best[0] <= reach:
            best = best[1]
            track.keyframes.append((t, best.box, best.score))
            track.missed = 0
            unmatched.remove(best)
            still_active.append(track)
        else:
            track.missed += 1
            if track.missed <= MAX_GAP_SAMPLES:
                still_active.append(track)
    for face in unmatched:
        track = Track([(t, face.box, face.score)])
        tracks.append(track)
        still_active.append(track)
    return still_active


def box_at(keyframes: list, t: float) -> tuple[int, int, int, int] | None:
    """The track's box at time `t`, linearly between samples; held for one sample interval
    beyond its first and last sighting (a face does not appear exactly at a sample)."""
    if not keyframes:
        return None
    margin = 1 / SAMPLE_FPS
    first_t, last_t = keyframes[0][0], keyframes[-1][0]
    if t < first_t - margin or t > last_t + margin:
        return None
    if t <= first_t:
        return tuple(keyframes[0][1])
    if t >= last_t:
        return tuple(keyframes[-1][1])
    for (t0, b0, _s0), (t1, b1, _s1) in zip(keyframes, keyframes[1:], strict=False):
        if t0 <= t <= t1:
            w = 0.0 if t1 == t0 else (t - t0) / (t1 - t0)
            return tuple(int(round(a + (b - a) * w)) for a, b in zip(b0, b1, strict=True))
    return None


def render_video(
    source, out, tracks_to_blur: list[tuple[list, float]], *, keep_audio: bool
) -> None:
    """Write an MP4 (H.264, AAC) of `source` with every listed track blurred in every frame.
    `tracks_to_blur`: (keyframes, lowest score) per track. Metadata is not copied."""
    import av

    with av.open(source) as container:
        video_in = container.streams.video[0]
        audio_in = container.streams.audio[0] if (keep_audio and container.streams.audio) else None
        with av.open(out, "w", format="mp4") as output:
            rate = video_in.average_rate or 25
            video_out = output.add_stream("libx264", rate=rate)
            video_out.pix_fmt = "yuv420p"
            video_out.options = {"crf": str(CRF), "preset": "veryfast"}
            audio_out = output.add_stream("aac", rate=audio_in.rate or 44100) if audio_in else None
            configured = False
            streams = [video_in] + ([audio_in] if audio_in else [])
            for packet in container.demux(*streams):
                for frame in packet.decode():
                    if packet.stream is video_in:
                        image = _upright(frame)
                        if not configured:
                            scale = min(1.0, MAX_SIDE / max(image.size))
                            size = (
                                int(image.width * scale) // 2 * 2,
                                int(image.height * scale) // 2 * 2,
                            )
                            video_out.width, video_out.height = size
                            configured = True
                        t = frame.time or 0.0
                        for keyframes, score in tracks_to_blur:
                            box = box_at(keyframes, t)
                            if box is not None:
                                blur_region(image, box, score=score)
                        if image.size != (video_out.width, video_out.height):
                            image = image.resize(
                                (video_out.width, video_out.height), Image.Resampling.BILINEAR
                            )
                        new = av.VideoFrame.from_ndarray(np.asarray(image), format="rgb24")
                        for out_packet in video_out.encode(new):
                            output.mux(out_packet)
                    elif audio_out is not None:
                        frame.pts = None
                        for out_packet in audio_out.encode(frame):
                            output.mux(out_packet)
            for out_packet in video_out.encode():
                output.mux(out_packet)
            if audio_out is not None:
                for out_packet in audio_out.encode():
                    output.mux(out_packet)
