"""`beeldwacht faces detect` and `beeldwacht faces blur`: the detector and the blur, by hand.

For administrators checking a photo, and for our acceptance checks (benchmarks/faces.py)."""

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from beeldwacht.media import faces as detection
from beeldwacht.media.rendering import blur_faces_file


class Command(BaseCommand):
    help = "Detect faces in photos (detect) or write a safe copy with faces blurred (blur)."
    requires_system_checks: list[str] = []  # runs without a configured installation

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        detect = sub.add_parser("detect", help="print the faces found in each image")
        detect.add_argument("images", nargs="+", type=Path)
        detect.add_argument("--json", action="store_true", help="print JSON (the default)")
        detect.add_argument(
            "--thorough", action="store_true", help="add CenterFace to RetinaFace (slower)"
        )
        blur = sub.add_parser("blur", help="write a safe JPEG with faces blurred")
        blur.add_argument("image", type=Path)
        blur.add_argument("out", type=Path)
        which = blur.add_mutually_exclusive_group()
        which.add_argument("--all", action="store_true", help="blur every detected face")
        which.add_argument("--boxes", type=Path, help="JSON list of [x1, y1, x2, y2] to blur")

    def handle(self, *args, action, **options):
        if action == "detect":
            self._detect(options["images"], thorough=options["thorough"])
        else:
            self._blur(options["image"], options["out"], options["boxes"])

    def _detect(self, images: list[Path], *, thorough: bool) -> None:
        results, failed = [], []
        for path in images:
            started = time.perf_counter()
            try:
                (width, height), found = detection.detect_file(path, thorough=thorough)
            except (detection.UnreadableImage, FileNotFoundError, IsADirectoryError):
                failed.append(path)
                continue
            results.append(
                {
                    "file": str(path),
                    "width": width,
                    "height": height,
                    "faces": [{"box": list(f.box), "score": f.score} for f in found],
                    "ms": round((time.perf_counter() - started) * 1000),
                }
            )
        self.stdout.write(json.dumps(results, indent=1))
        if failed:
            for path in failed:
                self.stderr.write(_("Cannot read %(file)s as a photo.") % {"file": path})
            raise CommandError(_("%(count)d file(s) could not be read.") % {"count": len(failed)})

    def _blur(self, image: Path, out: Path, boxes_file: Path | None) -> None:
        boxes = None
        if boxes_file is not None:
            try:
                data = json.loads(boxes_file.read_text(encoding="utf-8"))
                boxes = [tuple(int(v) for v in box) for box in data]
                if any(len(box) != 4 for box in boxes):
                    raise ValueError
            except (OSError, ValueError, TypeError):
                raise CommandError(
                    _("%(file)s is not a JSON list of [x1, y1, x2, y2] boxes.")
                    % {"file": boxes_file}
                ) from None
        try:
            count = blur_faces_file(image, out, boxes=boxes)
        except (detection.UnreadableImage, FileNotFoundError, IsADirectoryError):
            raise CommandError(_("Cannot read %(file)s as a photo.") % {"file": image}) from None
        self.stdout.write(
            _("%(count)d face(s) blurred; written to %(out)s.") % {"count": count, "out": out}
        )
