"""Reads of the protocol: the version in force, and who has not acknowledged it."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone

from beeldwacht.domain.protocol import is_overdue
from beeldwacht.protocol.models import Acknowledgement, Grant, ProtocolVersion
from beeldwacht.schools.access import staff_of


def in_force(school) -> ProtocolVersion | None:
    """The newest adopted version: the one that holds, on the school's public page."""
    return (
        ProtocolVersion.objects.filter(school=school, status=ProtocolVersion.Status.ADOPTED)
        .order_by("-adopted_at", "-id")
        .first()
    )


@dataclass(frozen=True)
class Pending:
    version: ProtocolVersion
    people: list  # current staff who have not acknowledged it
    overdue: bool


def pending(version: ProtocolVersion | None, today: date) -> Pending | None:
    """Who of the school's current staff has not acknowledged the version in force
    (`in_force`, read once by the caller)."""
    if version is None:
        return None
    done = Acknowledgement.objects.filter(version=version).values("user_id")
    people = list(staff_of(version.school).exclude(pk__in=done).order_by("first_name", "last_name"))
    adopted_on = timezone.localdate(version.adopted_at)
    late = is_overdue(adopted_on, settings.PROTOCOL_ACKNOWLEDGE_DAYS, today)
    return Pending(version, people, late)


def to_acknowledge(version: ProtocolVersion | None, user) -> ProtocolVersion | None:
    """The version in force (`in_force`), if this staff member has not acknowledged it yet."""
    if version is None or version.acknowledgements.filter(user=user).exists():
        return None
    return version


def grants_in_force(school, today: date):
    """The permissions that hold today, for the protocol page."""
    return (
        Grant.objects.filter(school=school, starts_on__lte=today, ends_on__gte=today)
        .select_related("school_class", "staff_member")
        .order_by("kind", "ends_on")
    )


def social_media_in_lessons(school_class, today: date) -> Grant | None:
    """Whether this group may use social media during lessons today (A.1), and until when."""
    return grants_in_force(school_class.school, today).filter(school_class=school_class).first()
