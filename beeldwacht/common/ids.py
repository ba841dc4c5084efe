"""Public ids from forms and URLs: a malformed one is simply not found, never a server error."""

import uuid


def uuid_or_none(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(text))
    except ValueError:
        return None
