"""Who did it. Views pass `request.user`; commands run by the server's operator pass SYSTEM,
which has every capability (shell access to the server already means full access) and is
recorded as actor "none" in the audit trail."""


class _System:
    pk = None
    is_authenticated = False

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = _System()


def as_user(by):
    """The user to store in a `*_by` column: None when the system acted."""
    return None if by is SYSTEM else by
