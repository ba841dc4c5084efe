"""Reads for an activity's parents and companions: the texts as the school wrote them (or
the defaults), the message as it will go out, who it reaches, and who still has to accept
the rules. Nothing here writes: the first version of the rules is stored by the service
that first needs it."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from beeldwacht.activities import texts
from beeldwacht.activities.models import (
    RULES_INSIDE,
    RULES_OUTSIDE,
    Acceptance,
    CompanionRules,
    Invitation,
    ParentMailing,
    ParentText,
)
from beeldwacht.common.documents import dutch_day
from beeldwacht.domain.letters import fill
from beeldwacht.media.models import Activity, GuestConsent, Participant
from beeldwacht.people.models import Guardian, Guardianship

# Every text a school can word itself, in the order of the settings page.
MESSAGE_KEYS = list(Activity.Kind.values)
TEXT_KEYS = [*MESSAGE_KEYS, RULES_INSIDE, RULES_OUTSIDE]


def text_labels() -> list[tuple[str, str]]:
    """(key, what it is) for the settings page, in the reader's language."""
    return [
        *Activity.Kind.choices,
        (RULES_INSIDE, _("Photo rules inside the school")),
        (RULES_OUTSIDE, _("Photo rules outside the school")),
    ]


def default_text(key: str) -> tuple[str, str]:
    if key == RULES_INSIDE:
        return "", texts.RULES_INSIDE
    if key == RULES_OUTSIDE:
        return "", texts.RULES_OUTSIDE
    return texts.MESSAGES[key]


def parent_texts(school) -> dict[str, tuple[str, str]]:
    """key -> (subject, body): the school's own wording where it has one."""
    own = {t.key: (t.subject, t.body) for t in ParentText.objects.filter(school=school)}
    return {key: own.get(key) or default_text(key) for key in TEXT_KEYS}


def places_of(activity: Activity) -> dict[str, str]:
    """What the fill-in places become for this activity; the date in Dutch, as the letter."""
    day = dutch_day(activity.date)
    return {
        "activiteit": activity.name,
        "datum": day,
        "groepen": ", ".join(c.name for c in activity.classes.all()),
        "school": activity.school.name,
    }


def draft_for(activity: Activity) -> tuple[str, str]:
    """The message for this activity's kind and the photo rules for its place, filled in:
    what the form starts with before the teacher adjusts it."""
    wording = parent_texts(activity.school)
    subject, message = wording[activity.kind]
    _none, rules = wording[RULES_OUTSIDE if activity.outside_school else RULES_INSIDE]
    places = places_of(activity)
    return fill(subject, places), fill(message, places) + "\n\n" + fill(rules, places)


def guardians_to_inform(activity: Activity, on) -> list[Guardian]:
    """The guardians, with an address, of the pupils who take part: one mail each, also for
    two children in the activity. Every guardian is informed, with authority or without."""
    ships = (
        Guardianship.objects.on(on)
        .filter(pupil__in=activity.participants.exclude(pupil=None).values("pupil_id"))
        .exclude(guardian__email="")
        .select_related("guardian")
        .order_by("guardian__name", "guardian_id")
    )
    found: dict[int, Guardian] = {}
    for ship in ships:
        found.setdefault(ship.guardian_id, ship.guardian)
    return list(found.values())


def mailings_of(activity: Activity) -> QuerySet[ParentMailing]:
    """What was sent, newest first, with how many it went to and how many the server took."""
    return (
        ParentMailing.objects.filter(activity=activity)
        .select_related("sent_by")
        .annotate(
            sent_to=Count("recipients"),
            delivered=Count("recipients", filter=Q(recipients__delivered=True)),
        )
    )


def current_rules(school) -> CompanionRules:
    """The version companions accept now; before the school saved any, the default text as
    version 1 (not yet stored)."""
    latest = CompanionRules.objects.filter(school=school).first()
    return latest or CompanionRules(school=school, version=1, body=texts.COMPANION_RULES)


@dataclass(frozen=True)
class Guest:
    participant: Participant
    accepted: Acceptance | None  # of the current rules (accompanying parents, volunteers)
    invited: Invitation | None  # the latest invitation
    answered: bool  # gave their own consent answers (media.GuestConsent)

    @property
    def waiting(self) -> bool:
        """Something is still asked of them: the rules, or their own answers."""
        return not self.answered or (self.participant.keeps_staff_rules and not self.accepted)


def guests_of(activity: Activity) -> list[Guest]:
    """The activity's accompanying parents, volunteers and visitors, and what each has done.
    Four queries, whatever the number."""
    people = list(activity.participants.exclude(guest_name=""))
    rules = current_rules(activity.school)
    accepted = {
        a.participant_id: a
        for a in Acceptance.objects.filter(participant__in=people, rules__version=rules.version)
    }
    invited: dict[int, Invitation] = {}
    for invitation in Invitation.objects.filter(participant__in=people):
        invited.setdefault(invitation.participant_id, invitation)
    answered = set(
        GuestConsent.objects.filter(participant__in=people).values_list("participant_id", flat=True)
    )
    return [Guest(p, accepted.get(p.pk), invited.get(p.pk), p.pk in answered) for p in people]


def accepted_by(participant: Participant, rules: CompanionRules) -> Acceptance | None:
    if rules.pk is None:
        return None
    return Acceptance.objects.filter(participant=participant, rules=rules).first()


def guest_of(user) -> QuerySet[Participant]:
    """The activities someone was invited to as a guest (an accompanying parent, a
    volunteer or a visitor), by the address they signed in with."""
    return (
        Participant.objects.filter(guest_email__iexact=user.email)
        .exclude(guest_email="")
        .exclude(guest_name="")
        .select_related("activity__school")
        .order_by("-activity__date")
    )
