"""Consent about a classroom recording (Filmen 1; DOMAIN 5), asked of the guardians with
parental authority through the same rule as the consent registry: for a recording for a
pupil's support where the school finds consent needed (the upload waits until all agree),
and for any use other than the coaching or support it was made for (asked of all the pupils
in it; refused until all agree). Guardians answer in the portal; each answer is kept."""

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.audit.models import AuditEvent
from beeldwacht.audit.services import record as audit
from beeldwacht.common.errors import InvalidInput, PermissionDenied
from beeldwacht.common.mail import send_or_log, site_url, templated_mail
from beeldwacht.people.models import Guardianship, Pupil
from beeldwacht.recordings.models import ConsentAnswer, ConsentQuestion, Recording
from beeldwacht.recordings.selectors import group_guardianships

MAX_QUESTION = 2000


def question_ask(
    *, recording: Recording, purpose: str, question: str, by, pupils=(), now=None
) -> ConsentQuestion:
    """Ask, and mail every guardian with parental authority of the pupils asked about a link
    per child. For a recording's support: the one who records, before it is made, about the
    pupils it concerns. For another use: she or her supervisor, about every pupil in it."""
    now = now or timezone.now()
    question = question.strip()
    in_group = {ship.pupil_id: ship.pupil for ship in group_guardianships(recording.school_class)}
    if purpose == ConsentQuestion.Purpose.SUPPORT:
        if by.pk != recording.recorder_id:
            raise PermissionDenied(_("Only the one who records asks for consent to record."))
        if recording.purpose != Recording.Purpose.PUPIL_SUPPORT:
            raise InvalidInput(_("Only a recording for a pupil's support is asked about."))
        if recording.status not in (Recording.Status.PLANNED, Recording.Status.INFORMED):
            raise InvalidInput(_("The recording was already made."))
        chosen = {p.pk for p in pupils}
        if not chosen or not chosen <= set(in_group):
            raise InvalidInput(_("Choose the pupils of this group the recording concerns."))
        asked_about = [in_group[pk] for pk in chosen]
    elif purpose == ConsentQuestion.Purpose.OTHER_USE:
        if by.pk not in (recording.recorder_id, recording.supervisor_id):
            raise PermissionDenied(_("Only the one who recorded and her supervisor ask this."))
        if recording.status == Recording.Status.DESTROYED:
            raise InvalidInput(_("The recording was destroyed."))
        # Every pupil of the group on the day, also one who has left school since.
        asked_about = list(
            Pupil.objects.filter(school_class=recording.school_class).filter(
                Q(left_on__isnull=True) | Q(left_on__gt=recording.lesson_on)
            )
        )
    else:
        raise InvalidInput(_("Unknown question."))
    if not question or len(question) > MAX_QUESTION:
        raise InvalidInput(
            _("Say in at most %(most)s characters what the school asks.") % {"most": MAX_QUESTION}
        )
    try:
        with transaction.atomic():
            asked = ConsentQuestion.objects.create(
                recording=recording, purpose=purpose, question=question, asked_by=by, asked_at=now
            )
            asked.pupils.set(asked_about)
            audit(
                AuditEvent.Type.RECORDING_CONSENT_ASKED,
                by=by,
                school=recording.school,
                subject=recording,
                data={"purpose": purpose, "pupils": len(asked_about)},
            )
    except IntegrityError as error:
        raise InvalidInput(_("This has already been asked.")) from error
    _mail(asked, timezone.localdate(now))
    return asked


def _mail(asked: ConsentQuestion, on: date) -> None:
    ships = list(
        Guardianship.objects.on(on)
        .filter(pupil__in=asked.pupils.all(), parental_authority=True)
        .exclude(guardian__email="")
        .select_related("pupil", "guardian")
    )
    for guardian in {ship.guardian_id: ship.guardian for ship in ships}.values():
        links = [
            (
                ship.pupil.first_name,
                site_url(
                    reverse(
                        "portal:recording_question",
                        kwargs={"pupil_id": ship.pupil.public_id, "question_id": asked.public_id},
                    )
                ),
            )
            for ship in ships
            if ship.guardian_id == guardian.pk
        ]
        mail = templated_mail(
            to=guardian.email,
            language="nl",
            template="recordings/email/question",
            context={
                "asked": asked,
                "recording": asked.recording,
                "guardian": guardian,
                "links": links,
            },
        )
        send_or_log(mail, f"recording question {asked.public_id}")


@transaction.atomic
def question_answer(
    *, question: ConsentQuestion, ship, decision: bool, by, on: date, now: datetime | None = None
) -> ConsentAnswer | None:
    """A guardian with parental authority answers for one child; None when nothing changed."""
    if ship.guardian.user_id is None or ship.guardian.user_id != by.pk:
        raise PermissionDenied(_("Only the parent or guardian answers."))
    if not ship.parental_authority:
        raise PermissionDenied(_("Only a parent or guardian with parental authority decides."))
    if not question.pupils.filter(pk=ship.pupil_id).exists():
        raise InvalidInput(_("This question is not about your child."))
    if question.recording.status == Recording.Status.DESTROYED:
        raise InvalidInput(_("The recording was destroyed."))
    latest = (
        ConsentAnswer.objects.filter(question=question, pupil=ship.pupil, guardian=ship.guardian)
        .order_by("decided_on", "id")
        .last()
    )
    if latest is not None and latest.decision == decision:
        return None
    answer = ConsentAnswer.objects.create(
        question=question,
        pupil=ship.pupil,
        guardian=ship.guardian,
        decision=decision,
        decided_on=on,
        recorded_at=now or timezone.now(),
    )
    audit(
        AuditEvent.Type.RECORDING_CONSENT_ANSWERED,
        by=by,
        school=question.recording.school,
        subject=question.recording,
        data={
            "purpose": question.purpose,
            "decider": ship.guardian.public_id,
            "decision": decision,
        },
    )
    return answer
