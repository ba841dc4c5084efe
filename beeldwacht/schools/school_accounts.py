"""Staff sign in with the school's own account (issue 14; the providers are listed in
SCHOOL_ACCOUNTS, read by common.school_accounts). The rules are in domain.sign_in; this module
finds what they need: which schools a provider serves, which staff member has an address
there, and whether someone's school wants its own account only."""

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from beeldwacht.audit.models import AuditEvent
from beeldwacht.audit.services import record as audit
from beeldwacht.common.school_accounts import Provider
from beeldwacht.domain.sign_in import may_sign_in
from beeldwacht.schools.models import Membership, School


def providers() -> tuple[Provider, ...]:
    return settings.SCHOOL_ACCOUNTS


def provider(provider_id: str) -> Provider | None:
    return next((p for p in providers() if p.id == provider_id), None)


def schools_served(provider: Provider) -> QuerySet[School]:
    if provider.board:
        return School.objects.filter(board__name=provider.board)
    return School.objects.filter(brin__in=provider.schools)


def served_by_any(school: School) -> bool:
    """Whether staff of this school can sign in with a school account at all: only then may
    the school make it the only way in (else nobody could)."""
    return any(schools_served(p).filter(pk=school.pk).exists() for p in providers())


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


def may_sign_in_with(user, provider: Provider | None) -> bool:
    """Whether `user` may sign in with this school account (None: a password or an e-mailed
    code), as far as the schools that let staff in with their own account only are
    concerned (domain.sign_in.may_sign_in). A school whose provider has gone from the file
    asks in vain: its staff could not get in at all (nor management, to undo the setting)."""
    strict = School.objects.filter(
        school_account_only=True, memberships__user=user, memberships__left_on__isnull=True
    ).distinct()
    return may_sign_in(
        strict_schools_served=(
            provider is not None and schools_served(provider).filter(pk=school.pk).exists()
            for school in strict
            if served_by_any(school)
        )
    )


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
