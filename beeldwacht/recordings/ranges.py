"""One HTTP byte range (RFC 9110 14.1), as a video player asks for it. Several ranges in one
request are answered with the whole file, which a server may do."""

import re

UNSATISFIABLE = "unsatisfiable"


def byte_range(header: str | None, size: int) -> tuple[int, int] | str | None:
    """(first, last) inclusive; None for the whole file (no header, or one we ignore);
    UNSATISFIABLE when it starts past the end."""
    match = re.fullmatch(r"\s*bytes=(\d*)-(\d*)\s*", header or "")
    if not match or match.group(1) == match.group(2) == "":
        return None
    first, last = match.groups()
    if first == "":  # the last N bytes
        n = int(last)
        if n == 0:
            return UNSATISFIABLE
        return max(0, size - n), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size:
        return UNSATISFIABLE
    if end < start:
        return None
    return start, end
