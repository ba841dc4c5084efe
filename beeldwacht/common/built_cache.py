"""A file that is slow to build and quick to load, built once per machine and shared by every
process: written to a temporary file and renamed into place under a lock, validated when
loaded and rebuilt when damaged. An interrupted build (Ctrl-C, a killed process) leaves no
file behind, and a second process waits for the first instead of building beside it."""

import fcntl
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

logger = logging.getLogger(__name__)


def load_or_build[T](
    path: Path,
    *,
    build: Callable[[Path], T],
    load: Callable[[Path], T],
    damaged: tuple[type[BaseException], ...],
) -> T:
    """The value loaded from `path`, building it first when the file is missing or `load`
    raises one of `damaged`. `build(tmp)` writes the file at `tmp` and returns the value."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also on a crash
        if path.exists():
            try:
                return load(path)
            except damaged:
                logger.warning("Damaged cache file %s: building it again.", path.name)
                path.unlink()
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        os.close(descriptor)
        try:
            value = build(Path(temporary))
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        return value
