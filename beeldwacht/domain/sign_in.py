"""Who may sign in how (issue 14). Staff may sign in with their school's own account (Entra
ID, Google Workspace); that account is linked to a staff member by the address the school's
roster gives, and only when the school's provider vouches for that address. Pure rules;
schools.school_accounts and the login library's adapters apply them."""

from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum


class Refusal(StrEnum):
    NO_ADDRESS = "no_address"  # the provider gave no e-mail address
    UNVERIFIED = "unverified"  # ... or one it did not verify
    NOT_THE_SCHOOLS = "not_the_schools"  # an account, but not of the school's own domain
    NOT_STAFF = "not_staff"  # no staff member of the provider's schools has that address
    OTHER_PERSON = "other_person"  # the account was linked to someone else before
    NOT_OFFERED = "not_offered"  # connecting an account by hand: the roster decides


def verified_address(claims: Mapping, trusted_domains: Iterable[str]) -> str | None:
    """The address the provider vouches for, lower case, or None. Google says so in
    `email_verified`, and when it says no, that is the answer. Entra ID's tokens say nothing:
    then a board lists its own tenant's domains, and only an address there counts."""
    email = str(claims.get("email") or "").strip().lower()
    if not email or "@" not in email:
        return None
    if "email_verified" in claims:
        return email if claims["email_verified"] in (True, "true") else None
    return email if email.rpartition("@")[2] in set(trusted_domains) else None


def of_the_school(claims: Mapping, hosted_domains: Iterable[str]) -> bool:
    """Google vouches for the address of any Google account, also a private one made on a
    school address long ago: only a token with the school's Workspace domain (`hd`) is the
    school's own account. Without hosted domains (Entra ID, whose tenant is in the issuer)
    every account of the provider is."""
    wanted = set(hosted_domains)
    return not wanted or str(claims.get("hd") or "").lower() in wanted


def refusal(
    *,
    claims: Mapping,
    trusted_domains: Iterable[str] = (),
    hosted_domains: Iterable[str] = (),
    staff_user_id: int | None,
    linked_user_id: int | None,
    signing_in: bool = True,
) -> Refusal | None:
    """Why this sign-in is refused, or None: it signs in `staff_user_id`.
    `staff_user_id`: the staff member of the provider's schools with the vouched-for address;
    `linked_user_id`: whom this school account signed in as before, if anyone;
    `signing_in`: False when the account would only be connected (the roster links it)."""
    if not signing_in:
        return Refusal.NOT_OFFERED
    if not claims.get("email"):
        return Refusal.NO_ADDRESS
    if verified_address(claims, trusted_domains) is None:
        return Refusal.UNVERIFIED
    if not of_the_school(claims, hosted_domains):
        return Refusal.NOT_THE_SCHOOLS
    if staff_user_id is None:
        return Refusal.NOT_STAFF
    if linked_user_id is not None and linked_user_id != staff_user_id:
        return Refusal.OTHER_PERSON
    return None


def keeps_closed(*, school_account_only: bool, has_provider: bool, served: bool) -> bool:
    """Whether a sign-in keeps one of the person's schools closed: a school that lets staff
    in only with its own account, unless the sign-in was with an account of a provider that
    serves it (`served`; never a password or an e-mailed code). So another board's account
    does not open a school that closed the person's own account. A school no provider serves
    any more (`has_provider`) asks in vain: nobody, management included, could get in to undo
    it, so it stays open."""
    return school_account_only and has_provider and not served


def may_sign_in(*, opened: Iterable[bool], uses_portal: Callable[[], bool]) -> bool:
    """Whether the sign-in may go on at all: it opens at least one school the person works at
    (`opened`, one per school), or the person works nowhere, or uses the parent portal (a
    teacher whose child is at school keeps her code for that; asked only when it matters)."""
    opened = list(opened)
    return not opened or any(opened) or uses_portal()
