"""The text checker's lookup data is built once, atomically, and rebuilt when damaged (issue
#9, finding 7: an interrupted first build left a truncated file that broke every text check
until someone deleted a file inside site-packages)."""

import multiprocessing
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest

from beeldwacht.common.built_cache import load_or_build
from beeldwacht.media.tests.photos import PORTRAIT

DAMAGED = (EOFError, pickle.UnpicklingError)


def build_value(target: Path, value="built", log: Path | None = None):
    if log is not None:
        with open(log, "a") as handle:
            handle.write("build\n")
        time.sleep(0.5)  # long enough for a second process to arrive while this one builds
    target.write_bytes(pickle.dumps(value))
    return value


def load_value(path: Path):
    return pickle.loads(path.read_bytes())


def test_a_missing_file_is_built_and_then_loaded(tmp_path):
    path = tmp_path / "data.pickle"
    assert load_or_build(path, build=build_value, load=load_value, damaged=DAMAGED) == "built"
    assert load_value(path) == "built"
    calls = []
    load_or_build(path, build=lambda p: calls.append(p), load=load_value, damaged=DAMAGED)
    assert calls == []  # loaded, not built again


def test_a_truncated_file_is_rebuilt(tmp_path):
    path = tmp_path / "data.pickle"
    path.write_bytes(pickle.dumps("old" * 1000)[:50])
    assert load_or_build(path, build=build_value, load=load_value, damaged=DAMAGED) == "built"
    assert load_value(path) == "built"


def test_an_interrupted_build_leaves_nothing_behind(tmp_path):
    path = tmp_path / "data.pickle"

    def interrupted(target: Path):
        target.write_bytes(b"half a file")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        load_or_build(path, build=interrupted, load=load_value, damaged=DAMAGED)
    assert not path.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["data.pickle.lock"]
    assert load_or_build(path, build=build_value, load=load_value, damaged=DAMAGED) == "built"


def _build_in_process(path: str, log: str) -> None:
    load_or_build(
        Path(path),
        build=lambda target: build_value(target, log=Path(log)),
        load=load_value,
        damaged=DAMAGED,
    )


def test_two_processes_build_it_once(tmp_path):
    path, log = tmp_path / "data.pickle", tmp_path / "builds.log"
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_build_in_process, args=(str(path), str(log))) for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert [worker.exitcode for worker in workers] == [0, 0]
    assert log.read_text() == "build\n"
    assert load_value(path) == "built"


@pytest.mark.parametrize("command", [["faces", "detect", "--json", str(PORTRAIT)], ["warm-up"]])
def test_tool_commands_run_without_a_secret_key(command):
    environment = {
        k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "AUDIT_KEY")
    }
    done = subprocess.run(
        [sys.executable, "-m", "beeldwacht", *command],
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
