"""Texts a school writes once and sends many times: the message and photo rules for parents
of an activity (protocol "Ouders die beeldmateriaal maken"), and the rules an accompanying
parent accepts (B.3). Staff write them with fill-in places in square brackets, which
Beeldwacht fills per activity; anything else in brackets is refused, so a typo never reaches
a parent as "[activitiet]". Pure rules; activities/ applies them."""

import hashlib
import re
from collections.abc import Mapping

# The fill-in places, and what each one becomes (said on the settings page).
PLACES = ("activiteit", "datum", "groepen", "school")

_PLACE = re.compile(r"\[([^\[\]\n]{1,40})\]")


def unknown_places(text: str) -> list[str]:
    """The bracketed words in `text` that are not fill-in places, in order, once each."""
    found: list[str] = []
    for match in _PLACE.finditer(text):
        name = match.group(1)
        if name not in PLACES and name not in found:
            found.append(name)
    return found


def fill(text: str, values: Mapping[str, str]) -> str:
    """`text` with every fill-in place replaced by its value. A value is put in as it is:
    a name with brackets in it is not read as another place."""
    return _PLACE.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def fingerprint(text: str) -> str:
    """The SHA-256 of the exact text someone accepted: proof of what they read, whichever
    version number the school gave it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
