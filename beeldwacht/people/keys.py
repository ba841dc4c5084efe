"""A person as one string, "pupil:12" or "staff:5": how faces, voices, reviews, mentions and
the takedown ledger say whom they are about, a pupil or a staff member. Made and read here
only."""


def person_key(pupil_id: int | None, staff_member_id: int | None) -> str | None:
    if pupil_id:
        return f"pupil:{pupil_id}"
    if staff_member_id:
        return f"staff:{staff_member_id}"
    return None


def person_fields(key: str) -> dict[str, int | None]:
    """The `pupil_id` and `staff_member_id` columns for a key."""
    kind, _sep, pk = key.partition(":")
    return {
        "pupil_id": int(pk) if kind == "pupil" else None,
        "staff_member_id": int(pk) if kind == "staff" else None,
    }
