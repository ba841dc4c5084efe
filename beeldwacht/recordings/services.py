"""Writes to classroom recordings. Each step checks who takes it, follows
domain.recordings, and is audited in the same transaction; mail goes outside it."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.audit.models import AuditEvent
from beeldwacht.audit.services import record as audit
from beeldwacht.common.actors import as_user
from beeldwacht.common.errors import InvalidInput, PermissionDenied
from beeldwacht.common.mail import send_or_log, templated_mail
from beeldwacht.common.permissions import Capability
from beeldwacht.domain import recordings as rules
from beeldwacht.people.models import Guardian
from beeldwacht.recordings import vault
from beeldwacht.recordings.models import (
    ConsentQuestion,
    Consultation,
    Recording,
    RecordingNotice,
    vault_storage,
)
from beeldwacht.recordings.selectors import agreed, group_guardianships
from beeldwacht.schools.access import require, staff_of

# What a browser may play: the formats of phones and laptops (H.264/AAC in MP4 or MOV).
PLAYABLE = {"video/mp4", "video/quicktime", "audio/mp4", "audio/mpeg", "audio/x-m4a"}


@transaction.atomic
def recording_plan(
    *, school, purpose: str, school_class, lesson_on, about: str, supervisor, by
) -> Recording:
    """A recording of one lesson in one group, with the one supervisor who will see it."""
    access = require(by, Capability.RECORD_LESSONS, school=school)
    if not access.sees_all_groups and school_class.pk not in access.class_ids:
        raise PermissionDenied(_("You can only record in your own groups."))
    if supervisor.pk == by.pk:
        raise InvalidInput(_("Choose a supervisor other than yourself."))
    if not staff_of(school).filter(pk=supervisor.pk).exists():
        raise InvalidInput(_("Choose a supervisor who works at this school."))
    recording = Recording.objects.create(
        school=school,
        purpose=purpose,
        school_class=school_class,
        lesson_on=lesson_on,
        about=about.strip(),
        recorder=by,
        supervisor=supervisor,
    )
    _audit(recording, by, AuditEvent.Type.RECORDING_PLANNED, purpose=purpose)
    return recording


def guardians_of(recording: Recording) -> list[Guardian]:
    """Every guardian, with an address, of the group's current pupils (Filmen 3): one each,
    also when two of her children are in the group."""
    found: dict[int, Guardian] = {}
    for ship in group_guardianships(recording.school_class):
        if ship.guardian.email:
            found.setdefault(ship.guardian_id, ship.guardian)
    return list(found.values())


def recording_notify(*, recording: Recording, by, now: datetime | None = None) -> int:
    """Tell the group's guardians in advance, one mail each, each logged with whether it
    went out. Returns how many were delivered. The mails go first, outside any transaction."""
    if by.pk != recording.recorder_id:
        raise PermissionDenied(_("Only the one who records informs the guardians."))
    if recording.status != Recording.Status.PLANNED:
        raise InvalidInput(_("The guardians have already been informed."))
    now = now or timezone.now()
    last_day = rules.last_day(recording.lesson_on, settings.RECORDING_KEEP_DAYS)
    results = []
    for guardian in guardians_of(recording):
        mail = templated_mail(
            to=guardian.email,
            language="nl",
            template="recordings/email/notice",
            context={"recording": recording, "guardian": guardian, "last_day": last_day},
        )
        results.append((guardian, send_or_log(mail, f"notice of recording {recording.public_id}")))
    with transaction.atomic():
        RecordingNotice.objects.bulk_create(
            RecordingNotice(recording=recording, guardian=g, sent_at=now, delivered=ok)
            for g, ok in results
        )
        recording.status = Recording.Status.INFORMED
        recording.notice_sent_at = now
        recording.save(update_fields=["status", "notice_sent_at", "updated_at"])
        delivered = sum(1 for _g, ok in results if ok)
        _audit(
            recording,
            by,
            AuditEvent.Type.RECORDING_NOTICE_SENT,
            guardians=len(results),
            delivered=delivered,
        )
    return delivered


@transaction.atomic
def recording_consulted(
    *, recording: Recording, ship, held_on, outcome: str, note: str, by
) -> Consultation:
    """Log a talk with a guardian of a pupil in the group (pupil support, Filmen 1)."""
    if by.pk != recording.recorder_id:
        raise PermissionDenied(_("Only the one who records logs the consultations."))
    if recording.purpose != Recording.Purpose.PUPIL_SUPPORT:
        raise InvalidInput(_("Only a recording for a pupil's support is consulted on."))
    if recording.status not in (Recording.Status.PLANNED, Recording.Status.INFORMED):
        raise InvalidInput(_("The recording was already made."))
    if not group_guardianships(recording.school_class).filter(pk=ship.pk).exists():
        raise InvalidInput(_("Choose a parent or guardian of a pupil in this group."))
    consultation = Consultation.objects.create(
        recording=recording,
        pupil=ship.pupil,
        guardian=ship.guardian,
        held_on=held_on,
        outcome=outcome,
        note=note.strip(),
        recorded_by=by,
    )
    _audit(recording, by, AuditEvent.Type.RECORDING_CONSULTED, outcome=outcome)
    return consultation


def recording_upload(
    *, recording: Recording, source, content_type: str, size: int, by, now: datetime | None = None
) -> Recording:
    """Into the vault, encrypted. Refused when the guardians were not told in time."""
    if by.pk != recording.recorder_id:
        raise PermissionDenied(_("Only the one who recorded uploads the recording."))
    if recording.status != Recording.Status.INFORMED:
        raise InvalidInput(_("This recording cannot be uploaded (again)."))
    sent_on = timezone.localdate(recording.notice_sent_at) if recording.notice_sent_at else None
    if not rules.informed_in_time(sent_on, recording.lesson_on, settings.RECORDING_NOTICE_DAYS):
        raise InvalidInput(
            _(
                "The guardians were not informed at least %(days)d day(s) before the lesson, "
                "so this recording may not be kept. Plan the recording again, in time."
            )
            % {"days": settings.RECORDING_NOTICE_DAYS}
        )
    if recording.purpose == Recording.Purpose.PUPIL_SUPPORT and not rules.support_agreed(
        list(recording.consultations.values_list("outcome", flat=True))
    ):
        raise InvalidInput(
            _(
                "A recording for a pupil's support is made in consultation with the parents: "
                "log the consultation first. It cannot be kept when a parent does not want it."
            )
        )
    support_question = recording.questions.filter(purpose=ConsentQuestion.Purpose.SUPPORT).first()
    if support_question is not None and not agreed(support_question, timezone.localdate(now)):
        raise InvalidInput(
            _(
                "The school asked the parents for consent to make this recording: it can be "
                "uploaded once the parents of every pupil asked about have agreed."
            )
        )
    if content_type not in PLAYABLE:
        raise InvalidInput(_("Upload a video (MP4 or MOV) or a sound recording (M4A or MP3)."))
    if size > settings.RECORDING_MAX_BYTES:
        raise InvalidInput(
            _("The file is larger than %(gb)d GB.")
            % {"gb": settings.RECORDING_MAX_BYTES // 1024**3}
        )
    sealed = vault.seal(
        source,
        storage=vault_storage(),
        name=f"recordings/{recording.school.public_id}/{recording.public_id}.sealed",
        recording_id=str(recording.public_id),
    )
    try:
        with transaction.atomic():
            locked = Recording.objects.select_for_update().get(pk=recording.pk)
            if locked.status != Recording.Status.INFORMED:
                raise InvalidInput(_("This recording cannot be uploaded (again)."))
            locked.file, locked.key_id, locked.nonce_prefix = (
                sealed.name,
                sealed.key_id,
                sealed.nonce_prefix,
            )
            locked.size_bytes, locked.sha256 = sealed.size, sealed.sha256
            locked.content_type = content_type
            locked.uploaded_at = now or timezone.now()
            locked.status = Recording.Status.UPLOADED
            locked.save()
            _audit(locked, by, AuditEvent.Type.RECORDING_UPLOADED, bytes=sealed.size)
    except Exception:
        vault_storage().delete(sealed.name)  # nothing half-saved
        raise
    return locked


@transaction.atomic
def recording_opened(*, recording: Recording, by, allowed: bool) -> None:
    """Every look at the player page is in the trail, and so is every refusal."""
    _audit(
        recording,
        by,
        AuditEvent.Type.RECORDING_VIEWED if allowed else AuditEvent.Type.RECORDING_REFUSED,
    )


@transaction.atomic
def recording_reviewed(*, recording: Recording, by, now: datetime | None = None) -> Recording:
    """The supervisor held the coaching talk: the recording goes after the grace period."""
    if by.pk != recording.supervisor_id:
        raise PermissionDenied(_("Only the supervisor marks the recording as discussed."))
    if recording.status != Recording.Status.UPLOADED:
        raise InvalidInput(_("There is no uploaded recording to mark as discussed."))
    recording.status = Recording.Status.REVIEWED
    recording.reviewed_at = now or timezone.now()
    recording.save(update_fields=["status", "reviewed_at", "updated_at"])
    _audit(recording, by, AuditEvent.Type.RECORDING_REVIEWED)
    return recording


def destroy_when(recording: Recording):
    """When the daily job destroys it, at the latest (for the pages)."""
    if recording.reviewed_at is not None:
        grace = timedelta(hours=settings.RECORDING_REVIEW_GRACE_HOURS)
        return timezone.localdate(recording.reviewed_at + grace)
    return rules.last_day(recording.lesson_on, settings.RECORDING_KEEP_DAYS) + timedelta(days=1)


@transaction.atomic
def recording_destroy(
    *, recording: Recording, reason: str, by=None, now: datetime | None = None
) -> Recording:
    """Remove the file (the vault keeps no copy or derivative), keep the deletion record."""
    locked = Recording.objects.select_for_update().get(pk=recording.pk)
    if locked.status == Recording.Status.DESTROYED:
        return locked
    name = locked.file
    locked.file, locked.key_id, locked.nonce_prefix = "", "", b""
    locked.status = Recording.Status.DESTROYED
    locked.destroyed_at = now or timezone.now()
    locked.destroyed_by = as_user(by)
    locked.destroy_reason = reason
    locked.save()
    _audit(locked, by, AuditEvent.Type.RECORDING_DESTROYED, reason=reason, sha256=locked.sha256)
    if name:
        transaction.on_commit(lambda: vault_storage().delete(name))
    return locked


def purge_expired(*, now: datetime | None = None) -> int:
    """The daily retention job: every recording whose review grace or last day has passed."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    grace = timedelta(hours=settings.RECORDING_REVIEW_GRACE_HOURS)
    destroyed = 0
    for recording in Recording.objects.filter(
        status__in=[Recording.Status.UPLOADED, Recording.Status.REVIEWED]
    ):
        reason = rules.destruction_due(
            reviewed_at=recording.reviewed_at,
            grace=grace,
            last_day=rules.last_day(recording.lesson_on, settings.RECORDING_KEEP_DAYS),
            now=now,
            today=today,
        )
        if reason is not None:
            recording_destroy(recording=recording, reason=reason, now=now)
            destroyed += 1
    return destroyed


def _audit(recording: Recording, by, kind, **data) -> None:
    audit(kind, by=by, school=recording.school, subject=recording, data=data)
