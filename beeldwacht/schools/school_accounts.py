"""Staff sign in with the school's own account (issue 14; the providers are listed in
SCHOOL_ACCOUNTS, read by common.school_accounts). The rules are in domain.sign_in; this module
finds what they need: which schools a provider serves, which staff member has an address
there, and whether someone's school wants its own account only."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models import QuerySet

from beeldwacht.audit.models import AuditEvent
from beeldwacht.audit.services import record as audit
from beeldwacht.common.school_accounts import Provider
from beeldwacht.domain.sign_in import may_sign_in, opens
from beeldwacht.schools.models import Membership, School

# The session's list of the person's schools it keeps closed (`remember_closed`).
SESSION_KEY = "beeldwacht_closed_schools"


def providers() -> tuple[Provider, ...]:
    return settings.SCHOOL_ACCOUNTS


def provider(provider_id: str) -> Provider | None:
    return next((p for p in providers() if p.id == provider_id), None)


def schools_served(provider: Provider) -> QuerySet[School]:
    if provider.board:
        return School.objects.filter(board__name=provider.board)
    return School.objects.filter(brin__in=provider.schools)


def providers_of(school: School) -> list[Provider]:
    return [p for p in providers() if schools_served(p).filter(pk=school.pk).exists()]


def served_by_any(school: School) -> bool:
    """Whether staff of this school can sign in with a school account at all: only then may
    the school make it the only way in (else nobody could)."""
    return bool(providers_of(school))


def staff_member(provider: Provider, address: str):
    """The user of the staff member (still working there) of one of the provider's schools
    whose roster address this is, or None."""
    membership = (
        Membership.objects.filter(
            left_on__isnull=True, school__in=schools_served(provider), user__email=address
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def closed_schools(user, provider: Provider | None) -> list[int]:
    """The schools `user` works at that this sign-in does not open (domain.sign_in.opens):
    those that let staff in only with their own account, unless `provider` (None: a password
    or an e-mailed code) serves them. A school whose provider has gone from the file asks in
    vain: its staff could not get in at all (nor management, to undo the setting)."""
    strict = School.objects.filter(
        school_account_only=True, memberships__user=user, memberships__left_on__isnull=True
    ).distinct()
    return sorted(
        school.pk
        for school in strict
        if served_by_any(school)
        and not opens(
            school_account_only=True,
            served=provider is not None and schools_served(provider).filter(pk=school.pk).exists(),
        )
    )


def may_sign_in_with(user, provider: Provider | None, *, uses_portal: bool) -> bool:
    schools = set(
        Membership.objects.filter(user=user, left_on__isnull=True).values_list(
            "school_id", flat=True
        )
    )
    closed = set(closed_schools(user, provider))
    return may_sign_in(opened=(pk not in closed for pk in schools), uses_portal=uses_portal)


def is_closed(request, school: School) -> bool:
    """Whether this session may not open `school` (kept at sign-in, `remember_closed`)."""
    return school.pk in request.session.get(SESSION_KEY, ())


def remember_closed(sender, request, user, **kwargs) -> None:
    """At every sign-in: which of the person's schools this session keeps closed. How they
    signed in is in the login library's record of it (a school account names its provider)."""
    from allauth.account.internal.flows.login import get_authentication_records

    if request is None or not hasattr(request, "session"):
        return
    # The first factor: after it may come the authenticator app's code ("mfa").
    first = next(
        (r for r in reversed(get_authentication_records(request, user)) if r["method"] != "mfa"),
        {},
    )
    provider_id = first.get("provider") if first.get("method") == "socialaccount" else None
    request.session[SESSION_KEY] = closed_schools(
        user, provider(provider_id) if provider_id else None
    )


user_logged_in.connect(remember_closed, dispatch_uid="school_accounts_on_login")


@transaction.atomic
def record_link(*, user, provider: Provider) -> None:
    """The first sign-in with a school account links it to the staff member; written in the
    trail of each school of the provider where they work (the school's own record of who
    can get in how). The provider's subject id is not written: it says nothing to a reader."""
    for school in (
        schools_served(provider)
        .filter(memberships__user=user, memberships__left_on__isnull=True)
        .distinct()
    ):
        audit(
            AuditEvent.Type.SCHOOL_ACCOUNT_LINKED,
            by=user,
            school=school,
            subject=user,
            data={"provider": provider.id},
        )
