"""One-off consent for one activity on one channel (DOMAIN 2): the school asks the guardians
of the activity's pupils once (the local paper visits the musical; the musical is filmed for
a DVD), each answers per child and kind, and the answers count for this activity only
(domain.consent.for_one_occasion). Answers stand in the pupil's consent history; a changed
answer opens its takedowns through takedowns.actions, which comes here."""

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.audit.models import AuditEvent
from beeldwacht.audit.services import record as audit
from beeldwacht.common.actors import as_user
from beeldwacht.common.errors import InvalidInput, PermissionDenied
from beeldwacht.consent.models import Channel, Kind
from beeldwacht.media.models import Activity, OneOffAnswer, OneOffRequest
from beeldwacht.media.services import require_activity
from beeldwacht.people.models import Guardianship
from beeldwacht.schools.locks import lock_consent

MAX_QUESTION = 2000
ONE_OFF_KINDS = (Kind.IMAGE, Kind.SOUND)


@transaction.atomic
def one_off_ask(
    *, activity: Activity, channel: Channel, kinds: list[str], question: str, by
) -> OneOffRequest:
    """Open the question; the caller mails the guardians (activities.services)."""
    require_activity(activity, by)
    question = question.strip()
    if channel.school_id != activity.school_id or channel.retired_on is not None:
        raise InvalidInput(_("Unknown channel."))
    # Photos, video and sound of the activity; a name in a text is asked with the text's
    # own channel consent (the text checks read the registry, not one activity's answers).
    if not kinds or any(kind not in ONE_OFF_KINDS for kind in kinds):
        raise InvalidInput(_("Choose what the question is about: image or sound."))
    if not question or len(question) > MAX_QUESTION:
        raise InvalidInput(
            _("Say in at most %(most)s characters what the school asks.") % {"most": MAX_QUESTION}
        )
    try:
        with transaction.atomic():
            request = OneOffRequest.objects.create(
                activity=activity,
                channel=channel,
                kinds=sorted(set(kinds), key=Kind.values.index),
                question=question,
                asked_by=by,
                asked_at=timezone.now(),
            )
    except IntegrityError as error:
        raise InvalidInput(
            _("This activity already asked about %(channel)s.") % {"channel": channel.name}
        ) from error
    audit(
        AuditEvent.Type.ONE_OFF_ASKED,
        by=by,
        school=activity.school,
        subject=activity,
        data={"channel": channel.key, "kinds": request.kinds},
    )
    return request


def guardianships_asked(request: OneOffRequest, on: date):
    """Whom the question is for: the guardians with parental authority of the activity's
    pupils (who decide for a child under 16)."""
    return (
        Guardianship.objects.on(on)
        .filter(
            parental_authority=True,
            pupil__in=request.activity.participants.exclude(pupil=None).values("pupil_id"),
        )
        .select_related("pupil", "guardian")
    )


@transaction.atomic
def one_off_answer(
    *,
    request: OneOffRequest,
    ship: Guardianship,
    answers: dict[str, bool],
    by,
    on: date,
    now: datetime | None = None,
) -> list[OneOffAnswer]:
    """A guardian's answers for one child (kind -> yes or no), signed in. Only what changed
    is stored, under the school's consent lock; the latest answer counts."""
    if ship.guardian.user_id is None or ship.guardian.user_id != by.pk:
        raise PermissionDenied(_("Only the parent or guardian answers."))
    if not ship.parental_authority:
        raise PermissionDenied(_("Only a parent or guardian with parental authority decides."))
    if not guardianships_asked(request, on).filter(pk=ship.pk).exists():
        raise InvalidInput(_("This question is not about your child."))
    if any(kind not in request.kinds for kind in answers):
        raise InvalidInput(_("Unknown channel or kind."))
    now = now or timezone.now()
    current = {
        a.kind: a.decision
        for a in OneOffAnswer.objects.filter(
            request=request, pupil=ship.pupil, guardian=ship.guardian
        ).order_by("decided_on", "id")
    }
    changed = {kind: yes for kind, yes in answers.items() if current.get(kind) != yes}
    if not changed:
        return []
    lock_consent(request.activity.school)
    created = OneOffAnswer.objects.bulk_create(
        OneOffAnswer(
            request=request,
            pupil=ship.pupil,
            guardian=ship.guardian,
            kind=kind,
            decision=yes,
            decided_on=on,
            recorded_by=as_user(by),
            recorded_at=now,
        )
        for kind, yes in changed.items()
    )
    audit(
        AuditEvent.Type.ONE_OFF_ANSWERED,
        by=by,
        school=request.activity.school,
        subject=ship.pupil,
        data={
            "request": request.public_id,
            "channel": request.channel.key,
            "decider": ship.guardian.public_id,
            "decisions": [{"kind": a.kind, "decision": a.decision} for a in created],
        },
    )
    return created
