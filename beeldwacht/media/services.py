"""Writes to the media library. Invariants: an original is stored together with its row or not
at all; analysis claims an item with a lease, so two workers never analyse it at once and a
dead worker's item is taken back by the reaper; faces drawn or answered by hand survive
re-analysis. Called by the upload and review views, the worker and the commands."""

import logging
from datetime import datetime, timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, ProtectedError, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.audit.models import AuditEvent
from beeldwacht.audit.services import record as audit
from beeldwacht.common.actors import as_user
from beeldwacht.common.errors import InvalidInput, PermissionDenied
from beeldwacht.common.permissions import Capability
from beeldwacht.media import faces as detection
from beeldwacht.media import renditions
from beeldwacht.media.intake import AUDIO, PHOTO, check_upload
from beeldwacht.media.models import (
    Activity,
    AudiblePerson,
    Face,
    MediaItem,
    MediaReview,
    Participant,
)
from beeldwacht.media.tasks import analyse_media
from beeldwacht.people.models import Pupil
from beeldwacht.schools.access import require
from beeldwacht.schools.locks import lock_consent
from beeldwacht.schools.models import Membership, School, SchoolClass

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 4
RETRY_BACKOFF = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10))
SAME_FACE_IOU = 0.5  # a new detection this close to a kept face is that face


def require_activity(activity: Activity, by) -> None:
    access = require(by, Capability.MANAGE_MEDIA, school=activity.school)
    if access.sees_all_groups:
        return
    class_ids = set(activity.classes.values_list("pk", flat=True))
    if not class_ids & access.class_ids:
        raise PermissionDenied(_("This activity is not one of your groups."))


@transaction.atomic
def activity_create(
    *,
    school: School,
    name: str,
    date,
    classes: list[SchoolClass],
    by,
    kind: str = Activity.Kind.OTHER,
    outside_school: bool = False,
) -> Activity:
    access = require(by, Capability.MANAGE_MEDIA, school=school)
    name = name.strip()
    if not name:
        raise InvalidInput(_("An activity needs a name."))
    if not classes:
        raise InvalidInput(_("Choose at least one group."))
    if any(c.school_id != school.pk for c in classes):
        raise InvalidInput(_("Unknown group."))
    if not access.sees_all_groups and not {c.pk for c in classes} <= access.class_ids:
        raise PermissionDenied(_("You can only make activities for your own groups."))
    if kind not in Activity.Kind.values:
        raise InvalidInput(_("Unknown kind of activity."))
    activity = Activity.objects.create(
        school=school,
        name=name,
        date=date,
        kind=kind,
        outside_school=outside_school,
        created_by=as_user(by),
    )
    activity.classes.set(classes)
    participants = _participants_of_groups(activity, classes)
    audit(
        AuditEvent.Type.ACTIVITY_CREATED,
        by=by,
        school=school,
        subject=activity,
        data={"classes": sorted(c.name for c in classes), "participants": len(participants)},
    )
    return activity


def _participants_of_groups(activity: Activity, classes: list[SchoolClass]) -> list[Participant]:
    """Who was there, fixed now: the pupils of these groups who had not left by the
    activity's date, and the staff who work with these groups."""
    class_ids = [c.pk for c in classes]
    pupils = Pupil.objects.filter(school=activity.school, school_class_id__in=class_ids).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=activity.date)
    )
    staff_ids = set(
        Membership.objects.filter(
            school=activity.school, classes__in=class_ids, left_on__isnull=True
        ).values_list("user_id", flat=True)
    )
    return Participant.objects.bulk_create(
        [Participant(activity=activity, pupil=p, source=Participant.Source.GROUP) for p in pupils]
        + [
            Participant(activity=activity, staff_member_id=pk, source=Participant.Source.GROUP)
            for pk in sorted(staff_ids)
        ]
    )


@transaction.atomic
def participant_add(
    *,
    activity: Activity,
    by,
    pupil=None,
    staff_member=None,
    guest_name="",
    guest_email="",
    guest_role=Participant.GuestRole.GUEST,
) -> Participant:
    """Someone else who took part: a pupil of another group, a colleague, an accompanying
    parent, a volunteer or a guest (a name, and an e-mail address when known)."""
    require_activity(activity, by)
    lock_consent(activity.school)
    guest_name = guest_name.strip()
    if sum(bool(x) for x in (pupil, staff_member, guest_name)) != 1:
        raise InvalidInput(_("Choose a pupil or a colleague, or give a guest's name."))
    if pupil is not None and pupil.school_id != activity.school_id:
        raise InvalidInput(_("Unknown pupil."))
    if guest_name and guest_role not in Participant.GuestRole.values:
        raise InvalidInput(_("Choose whether the guest accompanies, volunteers or visits."))
    if (
        staff_member is not None
        and not Membership.objects.filter(school=activity.school, user=staff_member).exists()
    ):
        raise InvalidInput(_("Unknown colleague."))
    already = activity.participants.filter(
        Q(pupil=pupil) if pupil else Q(staff_member=staff_member) if staff_member else Q(pk=None)
    )
    if already.exists():
        raise InvalidInput(_("Already a participant."))
    participant = Participant.objects.create(
        activity=activity,
        pupil=pupil,
        staff_member=staff_member,
        guest_name=guest_name[:200],
        guest_email=guest_email.strip()[:254],
        guest_role=guest_role if guest_name else "",
        source=Participant.Source.ADDED,
        added_by=as_user(by),
    )
    audit(
        AuditEvent.Type.PARTICIPANTS_CHANGED,
        by=by,
        school=activity.school,
        subject=activity,
        data={"added": participant.public_id, "kind": participant.person_key.split(":")[0]},
    )
    return participant


@transaction.atomic
def participant_remove(*, participant: Participant, by) -> None:
    """Take back someone added by mistake. Those of the groups stay: they were there."""
    activity = participant.activity
    require_activity(activity, by)
    lock_consent(activity.school)
    if participant.source != Participant.Source.ADDED:
        raise InvalidInput(_("Pupils and staff of the activity's groups stay participants."))
    audit(
        AuditEvent.Type.PARTICIPANTS_CHANGED,
        by=by,
        school=activity.school,
        subject=activity,
        data={"removed": participant.public_id},
    )
    try:
        participant.delete()
    except ProtectedError as error:
        # Their own answers are on record (an accepted set of rules): proof, kept.
        raise InvalidInput(
            _("This participant has answered the school; the answer is kept, so they stay.")
        ) from error


def media_upload(*, activity: Activity, name: str, data: bytes, by) -> MediaItem:
    """Check and store one uploaded file for an activity and queue its analysis. Raises
    InvalidInput with the reason in Dutch; then nothing is stored."""
    require_activity(activity, by)
    intake = check_upload(name, data)
    if MediaItem.objects.filter(activity=activity, sha256=intake.sha256).exists():
        raise InvalidInput(_("This file was already uploaded for this activity."))
    item = MediaItem(
        school=activity.school,
        activity=activity,
        kind=intake.kind,
        original_name=PurePath(name).name[:255],
        content_type=intake.content_type,
        size_bytes=intake.size_bytes,
        sha256=intake.sha256,
        width=intake.width,
        height=intake.height,
        duration_seconds=intake.duration_seconds,
        uploaded_by=as_user(by),
    )
    suffix = PurePath(name).suffix.lower()
    # The stored name says nothing about the child or the school: ids only.
    stored = item.original.storage.save(
        f"{activity.school.public_id}/{activity.public_id}/{item.public_id}{suffix}",
        ContentFile(data),
    )
    try:
        with transaction.atomic():
            item.original.name = stored
            item.save()
            audit(
                AuditEvent.Type.MEDIA_UPLOADED,
                by=by,
                school=activity.school,
                subject=item,
                data={"activity": activity.public_id, "kind": item.kind, "bytes": item.size_bytes},
            )
            transaction.on_commit(lambda: analyse_media.enqueue(item.pk))
    except IntegrityError:
        item.original.storage.delete(stored)  # a parallel upload of the same file won
        raise InvalidInput(_("This file was already uploaded for this activity.")) from None
    except BaseException:
        item.original.storage.delete(stored)  # nothing half-stored
        raise
    return item


def _claim(item_id: int, now: datetime) -> bool:
    """Take the item for analysis, or learn that someone else has it (like healthchecks'
    sendalerts). Exactly one worker gets 1 back from this conditional update."""
    lease = now + timedelta(seconds=settings.MEDIA_ANALYSIS_LEASE_SECONDS)
    claimed = MediaItem.objects.filter(
        Q(lease_until__isnull=True) | Q(lease_until__lte=now),
        pk=item_id,
        status=MediaItem.Status.UPLOADED,
    ).update(status=MediaItem.Status.ANALYSING, lease_until=lease, attempts=F("attempts") + 1)
    return claimed == 1


def media_analyse(*, item_id: int, now: datetime | None = None) -> None:
    """Find the faces in one item. Transient trouble (storage, memory) puts it back with a
    delay; an unreadable file fails with a reason. Re-running gives the same faces."""
    now = now or timezone.now()
    if not _claim(item_id, now):
        return  # another worker has it, it is done, or it waits for its retry time
    item = MediaItem.objects.select_related("school").get(pk=item_id)
    try:
        found = _detect(item)
    except detection.UnreadableImage:
        _fail(item, _("The photo could not be read during analysis."))
        return
    except (OSError, MemoryError) as error:
        _retry_later(item, now, error)
        return
    with transaction.atomic():
        lock_consent(item.school)
        locked = MediaItem.objects.select_for_update().get(pk=item_id)
        if locked.status != MediaItem.Status.ANALYSING:
            return  # the reaper took it back meanwhile; the next run will redo it
        _store_detections(locked, found)
        locked.status = MediaItem.Status.NEEDS_REVIEW
        locked.lease_until = None
        locked.failure_reason = ""
        locked.analysed_at = timezone.now()
        locked.save(
            update_fields=["status", "lease_until", "failure_reason", "analysed_at", "updated_at"]
        )
    logger.info(
        "Analysed media item %s",
        item.public_id,
        extra={"item": str(item.public_id), "faces": len(found), "attempt": locked.attempts},
    )
    # After the item is ready: the review renders a missing crop itself, so nothing waits
    # for these and nothing is lost when they fail.
    try:
        renditions.face_crops_render(locked)
    except OSError as error:
        logger.warning("Face crops of %s not rendered: %s", item.public_id, error)


def _detect(item: MediaItem) -> list[Face]:
    """Unsaved Face rows for what the detector finds: one per face in a photo, one per
    followed face (track) in a video, none in a sound recording."""
    if item.kind == AUDIO:
        return []  # audible people are tagged by hand
    with item.original.open("rb") as handle:
        if item.kind == PHOTO:
            _size, found = detection.detect_file(handle, thorough=settings.MEDIA_THOROUGH_DETECTION)
            return [
                Face(
                    item=item,
                    x1=f.box[0],
                    y1=f.box[1],
                    x2=f.box[2],
                    y2=f.box[3],
                    score=f.score,
                    source=Face.Source.DETECTOR,
                )
                for f in found
            ]
        from beeldwacht.media.video import sample_faces

        _duration, tracks = sample_faces(handle)
    faces = []
    for track in tracks:
        t, box, _score = track.best
        faces.append(
            Face(
                item=item,
                x1=box[0],
                y1=box[1],
                x2=box[2],
                y2=box[3],
                score=min(k[2] for k in track.keyframes),
                source=Face.Source.DETECTOR,
                at_seconds=t,
                track=[[k[0], *k[1], k[2]] for k in track.keyframes],
            )
        )
    return faces


def _store_detections(item: MediaItem, found: list[Face]) -> None:
    """Replace the detector's untouched faces; keep every face a person drew or answered,
    and skip detections of a face that is already kept."""
    kept = [face for face in item.faces.all() if face.is_hand_work]
    item.faces.exclude(pk__in=[f.pk for f in kept]).delete()
    Face.objects.bulk_create(
        [
            f
            for f in found
            if not any(
                _iou(f.box, k.box) >= SAME_FACE_IOU and (f.at_seconds or 0) == (k.at_seconds or 0)
                for k in kept
            )
        ]
    )


def _iou(a, b) -> float:
    x1, y1, x2, y2 = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    inter = max(0, x2 - x1) * max(0, y2 - y1)
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union else 0.0


def _fail(item: MediaItem, reason: str) -> None:
    MediaItem.objects.filter(pk=item.pk, status=MediaItem.Status.ANALYSING).update(
        status=MediaItem.Status.FAILED, lease_until=None, failure_reason=reason
    )


def _retry_later(item: MediaItem, now: datetime, error: Exception) -> None:
    logger.warning("Analysis of media item %s failed, will retry: %s", item.public_id, error)
    if item.attempts >= MAX_ATTEMPTS:
        _fail(item, _("Analysis failed several times; try uploading the file again."))
        return
    delay = RETRY_BACKOFF[min(item.attempts - 1, len(RETRY_BACKOFF) - 1)]
    # Back to UPLOADED with a lease that marks the earliest retry; the deferred task runs then.
    MediaItem.objects.filter(pk=item.pk, status=MediaItem.Status.ANALYSING).update(
        status=MediaItem.Status.UPLOADED, lease_until=now + delay
    )
    analyse_media.using(run_after=now + delay).enqueue(item.pk)


def media_reap_expired(*, now: datetime | None = None) -> int:
    """Give back items whose worker died mid-analysis (the database queue leaves its task
    RUNNING for ever). Run periodically by `beeldwacht worker`."""
    now = now or timezone.now()
    expired = list(
        MediaItem.objects.filter(
            status=MediaItem.Status.ANALYSING, lease_until__lt=now
        ).values_list("pk", "attempts")
    )
    returned = 0
    for pk, attempts in expired:
        if attempts >= MAX_ATTEMPTS:
            MediaItem.objects.filter(
                pk=pk, status=MediaItem.Status.ANALYSING, lease_until__lt=now
            ).update(
                status=MediaItem.Status.FAILED,
                lease_until=None,
                failure_reason=_(
                    "Analysis was interrupted several times; try uploading the file again."
                ),
            )
            continue
        if MediaItem.objects.filter(
            pk=pk, status=MediaItem.Status.ANALYSING, lease_until__lt=now
        ).update(status=MediaItem.Status.UPLOADED, lease_until=None):
            analyse_media.enqueue(pk)
            logger.info("Returned media item %s to the queue", pk, extra={"item_pk": pk})
            returned += 1
    return returned


def _require_item(item: MediaItem, by) -> None:
    require_activity(item.activity, by)


@transaction.atomic
def face_mark(
    *, face: Face, by, pupil=None, staff_member=None, not_recognisable=False, outsider=False
) -> Face:
    """Say who a face is (or that it is nobody recognisable, or a visitor), or clear the
    answer when every argument is empty. Never identifies automatically: a person decides."""
    _require_item(face.item, by)
    lock_consent(face.item.school)
    if sum(bool(x) for x in (pupil, staff_member, not_recognisable, outsider)) > 1:
        raise InvalidInput(_("Give one answer for a face."))
    if pupil is not None and pupil.school_id != face.item.school_id:
        raise InvalidInput(_("Unknown pupil."))
    if (
        staff_member is not None
        and not Membership.objects.filter(school=face.item.school, user=staff_member).exists()
    ):
        raise InvalidInput(_("Unknown staff member."))
    face.pupil, face.staff_member = pupil, staff_member
    face.not_recognisable, face.outsider = not_recognisable, outsider
    face.resolved_by, face.resolved_at = as_user(by), timezone.now()
    face.save()
    answer = (
        "pupil"
        if pupil
        else "staff"
        if staff_member
        else "not_recognisable"
        if not_recognisable
        else "outsider"
        if outsider
        else "cleared"
    )
    audit(
        AuditEvent.Type.FACE_CHANGED,
        by=by,
        school=face.item.school,
        subject=face,
        data={"item": face.item.public_id, "answer": answer},
    )
    return face


@transaction.atomic
def face_draw(*, item: MediaItem, box: tuple[int, int, int, int], by) -> Face:
    """A face the detector missed, drawn by the reviewer; kept on every re-analysis."""
    _require_item(item, by)
    lock_consent(item.school)
    x1, y1, x2, y2 = (int(v) for v in box)
    width, height = item.width or 0, item.height or 0
    x1, x2 = sorted((max(0, min(x1, width)), max(0, min(x2, width))))
    y1, y2 = sorted((max(0, min(y1, height)), max(0, min(y2, height))))
    if x2 - x1 < 4 or y2 - y1 < 4:
        raise InvalidInput(_("Draw a box around the face."))
    face = Face.objects.create(
        item=item,
        x1=x1,
        y1=y1,
        x2=x2,
        y2=y2,
        score=1.0,
        source=Face.Source.HAND,
        resolved_by=as_user(by),
        resolved_at=timezone.now(),
    )
    audit(
        AuditEvent.Type.FACE_CHANGED,
        by=by,
        school=item.school,
        subject=face,
        data={"item": item.public_id, "answer": "drawn"},
    )
    return face


@transaction.atomic
def item_review_confirm(
    *, item: MediaItem, channel, by, now: datetime | None = None
) -> MediaReview:
    """'None of the others is here': the reviewer has marked the faces of the people without
    consent for this channel. Records which exceptions were looked for (domain.clearance)."""
    from beeldwacht.media.selectors import exceptions_for

    _require_item(item, by)
    lock_consent(item.school)
    if item.status not in (MediaItem.Status.NEEDS_REVIEW, MediaItem.Status.READY):
        raise InvalidInput(_("This item has not been analysed yet."))
    if channel.school_id != item.school_id:
        raise InvalidInput(_("Unknown channel or kind."))
    now = now or timezone.now()
    looked_for = [p.key for p in exceptions_for(item.activity, channel, timezone.localdate(now))]
    review = MediaReview.objects.create(
        item=item, channel=channel, exceptions=looked_for, reviewed_by=as_user(by), reviewed_at=now
    )
    if item.status == MediaItem.Status.NEEDS_REVIEW:
        item.status = MediaItem.Status.READY
        item.save(update_fields=["status", "updated_at"])
    audit(
        AuditEvent.Type.MEDIA_REVIEWED,
        by=by,
        school=item.school,
        subject=item,
        data={"channel": channel.key, "looked_for": len(looked_for), "faces": item.faces.count()},
    )
    return review


@transaction.atomic
def audible_set(*, item: MediaItem, by, pupils: list, staff: list) -> None:
    """Who can be heard in this video or recording: replaces the list (tagged by hand)."""
    _require_item(item, by)
    lock_consent(item.school)
    if item.kind == PHOTO:
        raise InvalidInput(_("A photo has no sound."))
    if any(p.school_id != item.school_id for p in pupils):
        raise InvalidInput(_("Unknown pupil."))
    members = set(Membership.objects.filter(school=item.school).values_list("user_id", flat=True))
    if any(u.pk not in members for u in staff):
        raise InvalidInput(_("Unknown staff member."))
    now = timezone.now()
    item.audible.all().delete()
    AudiblePerson.objects.bulk_create(
        [AudiblePerson(item=item, pupil=p, added_by=as_user(by), added_at=now) for p in pupils]
        + [
            AudiblePerson(item=item, staff_member=u, added_by=as_user(by), added_at=now)
            for u in staff
        ]
    )
    audit(
        AuditEvent.Type.FACE_CHANGED,
        by=by,
        school=item.school,
        subject=item,
        data={"audible": len(pupils) + len(staff)},
    )
