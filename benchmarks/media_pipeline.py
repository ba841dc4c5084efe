"""Benchmark: the whole photo pipeline through the real worker. Run by hand.

    uv run python benchmarks/media_pipeline.py [--photos 500] [--processes 2]

1. Makes N photos of 12 MP from ../shared/data/faces (upscaled; every copy slightly different
   so none is refused as a duplicate) and uploads them through `media_upload` (the checks a
   school's upload goes through).
2. Starts `beeldwacht worker --processes P` and measures the time until every photo is
   analysed, and the peak memory (VmHWM) of each worker process.
3. Times a safe rendition (three faces blurred) against a plain resize of the same photo.
Targets (issue): 500 photos analysed in <= 3 minutes on 2 cores; worker peak memory <= 600 MB;
a safe rendition <= 2x a plain resize.
"""

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FACES_DIR = ROOT.parent / "shared" / "data" / "faces"
WORK = Path(tempfile.mkdtemp(prefix="beeldwacht-pipeline-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORK / 'bench.sqlite3'}")
os.environ.setdefault("DEBUG", "true")
os.environ["PRIVATE_ROOT"] = str(WORK / "private")
os.environ["MEDIA_ROOT"] = str(WORK / "media")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beeldwacht.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from PIL import Image  # noqa: E402

TWELVE_MP = (4000, 3000)


def make_photos(count: int) -> list[bytes]:
    sources = []
    for path in sorted(FACES_DIR.glob("*.jpg")):
        with Image.open(path) as image:
            image = image.convert("RGB")
            size = TWELVE_MP if image.width >= image.height else TWELVE_MP[::-1]
            sources.append(image.resize(size, Image.Resampling.BICUBIC))
    photos = []
    for n in range(count):
        image = sources[n % len(sources)]
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=88, comment=f"copy {n}")  # unique bytes per copy
        photos.append(buffer.getvalue())
    return photos


def worker_peaks() -> dict[int, int]:
    """Peak resident memory (kB) of every running db_worker process."""
    peaks = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            if b"db_worker" not in cmdline:
                continue
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks[int(pid)] = int(line.split()[1])
        except OSError:
            continue
    return peaks


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--photos", type=int, default=500)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()

    from beeldwacht.actions.schools import add_school
    from beeldwacht.common.actors import SYSTEM
    from beeldwacht.media.models import MediaItem
    from beeldwacht.media.services import activity_create, media_upload
    from beeldwacht.schools.models import SchoolClass

    call_command("migrate", verbosity=0)
    school = add_school(brin="22BM", name="Benchmarkschool").school
    group = SchoolClass.objects.create(school=school, name="5")
    trip = activity_create(
        school=school, name="Schoolreis", date=date(2026, 6, 12), classes=[group], by=SYSTEM
    )

    started = time.perf_counter()
    photos = make_photos(args.photos)
    print(
        f"made {len(photos)} photos of 12 MP in {time.perf_counter() - started:.0f} s "
        f"(average {statistics.mean(len(p) for p in photos) / 2**20:.1f} MB)"
    )
    started = time.perf_counter()
    for n, data in enumerate(photos):
        media_upload(activity=trip, name=f"IMG_{n:04d}.jpg", data=data, by=SYSTEM)
    upload_seconds = time.perf_counter() - started
    per_upload = upload_seconds / len(photos) * 1000
    print(f"upload checks and storage: {upload_seconds:.1f} s ({per_upload:.0f} ms per photo)")

    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "beeldwacht",
            "worker",
            "--processes",
            str(args.processes),
            "--interval",
            "0.2",
        ],
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
    )
    started = time.perf_counter()
    peaks: dict[int, int] = {}
    try:
        while True:
            for pid, kb in worker_peaks().items():
                peaks[pid] = max(kb, peaks.get(pid, 0))
            left = MediaItem.objects.exclude(status=MediaItem.Status.NEEDS_REVIEW).count()
            if left == 0:
                break
            if time.perf_counter() - started > 1800:
                raise SystemExit("gave up after 30 minutes")
            time.sleep(0.5)
        analysis_seconds = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    faces = sum(i.faces.count() for i in MediaItem.objects.all())
    per_photo = analysis_seconds / len(photos) * 1000
    print(f"analysis by `beeldwacht worker --processes {args.processes}`:")
    print(f"  {analysis_seconds:.1f} s for {len(photos)} photos ({per_photo:.0f} ms per photo)")
    print(f"  {faces} faces found")
    print(
        "worker peak memory: " + ", ".join(f"{kb / 1024:.0f} MB" for kb in sorted(peaks.values()))
    )

    from beeldwacht.media import faces as detection
    from beeldwacht.media.rendering import safe_rendition

    sample = photos[3]
    _size, found = detection.detect_file(io.BytesIO(sample))
    targets = [(f.box, f.score) for f in found[:3]]

    def plain():
        with Image.open(io.BytesIO(sample)) as image:
            image = image.convert("RGB")
            image.thumbnail((2048, 2048), Image.Resampling.LANCZOS)
            image.save(io.BytesIO(), "JPEG", quality=85)

    def safe():
        safe_rendition(io.BytesIO(sample), targets, io.BytesIO())

    def median_ms(func, runs=7):
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            func()
            times.append((time.perf_counter() - t) * 1000)
        return statistics.median(times)

    plain_ms, safe_ms = median_ms(plain), median_ms(safe)
    print(f"plain resize to 2048 px: {plain_ms:.0f} ms")
    ratio = safe_ms / plain_ms
    print(f"safe rendition, {len(targets)} faces blurred: {safe_ms:.0f} ms ({ratio:.2f}x)")


if __name__ == "__main__":
    main()
