"""Finding a pupil by what a staff member types: a pupil number, or any part of the names.

"zoe", "Zoë" and "ZOË" find Zoë; "sanne vries" finds Sanne de Vries (every word must be in
one of the names); "de" alone finds every "de Vries" and "Dewi". The same on SQLite and
PostgreSQL, which compare accents and case differently, because it is decided here."""

import unicodedata


def normalised(text: str) -> str:
    """Lower case without accents: what people type for what the roster holds."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def matches(query: str, number: str, *names: str) -> bool:
    words = normalised(query).split()
    if not words:
        return False
    if query.strip() == number:
        return True
    held = [normalised(name) for name in names if name]
    return all(any(word in name for name in held) for word in words)
