"""The Dutch de-identification library `deduce`, loaded once per process.

Its first start on a machine builds lookup structures (~80 MB, ~90 s); later starts read them
in a few seconds. So it is warmed up by `beeldwacht warm-up` (CI, deployment) and at worker
start, never lazily on a web request that would hang for a minute and a half."""

import re
import threading

_deduce = None
_lock = threading.Lock()
_BIRTH_WORDS = re.compile(
    r"(geboren|geb\.|geboortedatum|verjaardag|jarig)\W*(op\W+)?$", re.IGNORECASE
)


def get_deduce():
    global _deduce
    with _lock:
        if _deduce is None:
            import deduce

            _deduce = deduce.Deduce()
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
