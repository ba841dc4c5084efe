"""The Dutch de-identification library `deduce`, loaded once per process.

Its first start on a machine builds lookup structures (~80 MB, one to three minutes); later
starts read them in a few seconds. We keep that file in a cache of our own
(TEXT_CHECKER_CACHE_DIR, by default under var/), not inside the installed package, and build
it with `common.built_cache`: never half-written, rebuilt when damaged. It is warmed up by
`beeldwacht warm-up` (CI, deployment) and at worker start, never lazily on a web request that
would hang for minutes."""

import pickle
import re
import shutil
import tempfile
import threading
from pathlib import Path

from django.conf import settings

from beeldwacht.common.built_cache import load_or_build

_deduce = None
_lock = threading.Lock()
_BIRTH_WORDS = re.compile(
    r"(geboren|geb\.|geboortedatum|verjaardag|jarig)\W*(op\W+)?$", re.IGNORECASE
)
_DEDUCE_FILE = Path("cache") / "lookup_structs.pickle"  # where deduce reads and writes it


def _cache_file() -> Path:
    from importlib.metadata import version

    return Path(settings.TEXT_CHECKER_CACHE_DIR) / f"deduce-{version('deduce')}.pickle"


def _build(target: Path):
    """Build the lookup structures in a scratch folder, then hand their file to `target`."""
    import deduce

    scratch = Path(tempfile.mkdtemp(dir=target.parent, prefix=".deduce-build-"))
    try:
        built = deduce.Deduce(cache_path=scratch, build_lookup_structs=True)
        shutil.move(scratch / _DEDUCE_FILE, target)
        return built
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _load(path: Path):
    """Load from our file through a folder laid out as deduce expects (a link, not a copy)."""
    import deduce

    scratch = Path(tempfile.mkdtemp(dir=path.parent, prefix=".deduce-load-"))
    try:
        (scratch / _DEDUCE_FILE).parent.mkdir()
        (scratch / _DEDUCE_FILE).symlink_to(path)
        return deduce.Deduce(cache_path=scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def get_deduce():
    global _deduce
    with _lock:
        if _deduce is None:
            _deduce = load_or_build(
                _cache_file(),
                build=_build,
                load=_load,
                damaged=(EOFError, pickle.UnpicklingError, AttributeError, ValueError, KeyError),
            )
        return _deduce


def pii_spans(text: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) for what deduce finds, in our kinds: person, phone, email,
    address (only with a house number or postcode), bsn, birthdate (only a date after
    'geboren', 'jarig' and the like: a trip's date is not personal data)."""
    spans = []
    for annotation in get_deduce().deidentify(text).annotations:
        tag, start, end = annotation.tag, annotation.start_char, annotation.end_char
        if tag.startswith("persoon") or tag == "patient":
            spans.append(("person", start, end))
        elif tag == "telefoonnummer":
            spans.append(("phone", start, end))
        elif tag == "emailadres":
            spans.append(("email", start, end))
        elif tag == "bsn":
            spans.append(("bsn", start, end))
        elif tag == "locatie" and re.search(r"\d", annotation.text):
            spans.append(("address", start, end))
        elif tag == "datum" and _BIRTH_WORDS.search(text[max(0, start - 30) : start]):
            spans.append(("birthdate", start, end))
    return spans
