"""Staff sign in with the school's own account (issue 14). The installation lists the
providers in SCHOOL_ACCOUNTS (read from a file by common.school_accounts_file); the rules are
in domain.sign_in. This module applies them with what the database and the session know:
- which schools a provider serves, and which staff member has a vouched-for address there
  (`staff_member`); the first link is written in the trail (`record_link`);
- which of someone's schools a sign-in keeps closed (those that let staff in only with their
  own account, when signed in another way): checked before the sign-in goes on
  (`may_sign_in`), kept in the session at sign-in (`remember_closed`), and looked up by
  staff_view on every school page (`is_closed`, no query)."""

from collections.abc import Callable

from django.conf import settings
from django.db import transaction

from beeldwacht.audit.models import AuditEvent
from beeldwacht.audit.services import record as audit
from beeldwacht.common.school_accounts_file import Provider
from beeldwacht.domain import sign_in
from beeldwacht.schools.models import Membership, School

# The session's list of the person's schools it keeps closed (`remember_closed`).
SESSION_KEY = "beeldwacht_closed_schools"


def providers() -> tuple[Provider, ...]:
    return settings.SCHOOL_ACCOUNTS


def provider_by_id(provider_id: str | None) -> Provider | None:
    return next((p for p in providers() if p.id == provider_id), None)


def serves(provider: Provider, school: School) -> bool:
    """Whether `provider` signs in staff of `school` (its board, or its BRIN code listed)."""
    if provider.board:
        return school.board.name == provider.board
    return school.brin in provider.schools


def providers_of(school: School) -> list[Provider]:
    return [p for p in providers() if serves(p, school)]


def served_by_any(school: School) -> bool:
    """Whether staff of this school can sign in with a school account at all: only then may
    the school make it the only way in (else nobody could)."""
    return bool(providers_of(school))


def staff_member(provider: Provider, address: str):
    """The user of the staff member (still working there) of one of the provider's schools
    whose roster address this is, or None."""
    memberships = (
        Membership.objects.filter(left_on__isnull=True, user__email=address)
        .select_related("user", "school__board")
        .order_by("pk")
    )
    return next((m.user for m in memberships if serves(provider, m.school)), None)


def signed_in_with(request, user) -> Provider | None:
    """The school account this sign-in was made with, from the login library's record of it
    (a password or an e-mailed code: None). The authenticator app's code that may follow
    is a second factor, not the way in."""
    from allauth.account.internal.flows.login import get_authentication_records

    first = next(
        (r for r in reversed(get_authentication_records(request, user)) if r["method"] != "mfa"),
        {},
    )
    return provider_by_id(first.get("provider")) if first.get("method") == "socialaccount" else None


def _schools_of(user) -> list[School]:
    """The schools `user` works at now, with their boards (for `serves`)."""
    return list(
        School.objects.filter(memberships__user=user, memberships__left_on__isnull=True)
        .select_related("board")
        .distinct()
        .order_by("pk")
    )


def _schools_and_closed(user, provider: Provider | None) -> tuple[list[School], list[int]]:
    schools = _schools_of(user)
    closed = [
        school.pk
        for school in schools
        if sign_in.keeps_closed(
            school_account_only=school.school_account_only,
            has_provider=served_by_any(school),
            served=provider is not None and serves(provider, school),
        )
    ]
    return schools, sorted(closed)


def may_sign_in(user, provider: Provider | None, *, uses_portal: Callable[[], bool]) -> bool:
    """Whether a sign-in of `user` with `provider` (None: a password or a code) may go on
    (domain.sign_in.may_sign_in). One query; `uses_portal` only when every school is closed."""
    schools, closed = _schools_and_closed(user, provider)
    return sign_in.may_sign_in(
        opened=[school.pk not in closed for school in schools], uses_portal=uses_portal
    )


def remember_closed(sender, request, user, **kwargs) -> None:
    """At every sign-in (user_logged_in, connected in SchoolsConfig.ready): which of the
    person's schools this session keeps closed. A school that turns the setting on later
    closes at the next sign-in."""
    if request is None or not hasattr(request, "session"):
        return
    _schools, closed = _schools_and_closed(user, signed_in_with(request, user))
    request.session[SESSION_KEY] = closed


def is_closed(request, school: School) -> bool:
    """Whether this session keeps `school` closed (kept at sign-in by `remember_closed`)."""
    return school.pk in request.session.get(SESSION_KEY, ())


@transaction.atomic
def record_link(*, user, provider: Provider) -> None:
    """The first sign-in with a school account links it to the staff member; written in the
    trail of each school of the provider where they work (the school's own record of who
    can get in how). The provider's subject id is not written: it says nothing to a reader."""
    for school in _schools_of(user):
        if not serves(provider, school):
            continue
        audit(
            AuditEvent.Type.SCHOOL_ACCOUNT_LINKED,
            by=user,
            school=school,
            subject=user,
            data={"provider": provider.id},
        )
