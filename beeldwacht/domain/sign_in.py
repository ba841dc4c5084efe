"""Who may sign in how (issue 14). Staff may sign in with their school's own account (Entra
ID, Google Workspace); that account is linked to a staff member by the address the school's
roster gives, and only when the school's provider vouches for that address. Pure rules;
schools.school_accounts and the login library's adapters apply them."""

from collections.abc import Iterable, Mapping
from enum import StrEnum


class Refusal(StrEnum):
    NO_ADDRESS = "no_address"  # the provider gave no e-mail address
    UNVERIFIED = "unverified"  # ... or one it did not verify
    NOT_STAFF = "not_staff"  # no staff member of the provider's schools has that address
    OTHER_PERSON = "other_person"  # the account was linked to someone else before
    NOT_OFFERED = "not_offered"  # connecting an account by hand: the roster decides


def verified_address(claims: Mapping, trusted_domains: Iterable[str]) -> str | None:
    """The address the provider vouches for, lower case, or None. Google says so in
    `email_verified`; Entra ID does not, and a board lists its own tenant's domains instead."""
    email = str(claims.get("email") or "").strip().lower()
    if not email or "@" not in email:
        return None
    if claims.get("email_verified") in (True, "true"):
        return email
    return email if email.rpartition("@")[2] in set(trusted_domains) else None


def refusal(
    *,
    claims: Mapping,
    trusted_domains: Iterable[str],
    staff_user_id: int | None,
    linked_user_id: int | None,
    connecting: bool = False,
) -> Refusal | None:
    """Why this sign-in is refused, or None: it signs in `staff_user_id`.
    `staff_user_id`: the staff member of the provider's schools with the vouched-for address;
    `linked_user_id`: whom this school account signed in as before, if anyone."""
    if connecting:
        return Refusal.NOT_OFFERED
    if not claims.get("email"):
        return Refusal.NO_ADDRESS
    if verified_address(claims, trusted_domains) is None:
        return Refusal.UNVERIFIED
    if staff_user_id is None:
        return Refusal.NOT_STAFF
    if linked_user_id is not None and linked_user_id != staff_user_id:
        return Refusal.OTHER_PERSON
    return None


def may_sign_in_otherwise(*, school_account_only: Iterable[bool]) -> bool:
    """Password or e-mailed code: not for staff of a school that asks for its own account
    only (`school_account_only`, one per school the person works at). The strictest school
    decides, because one session opens every school the person works at."""
    return not any(school_account_only)
