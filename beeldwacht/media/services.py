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
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.audit.models import AuditEvent
from beeldwacht.audit.services import record as audit
from beeldwacht.common.actors import as_user
from beeldwacht.common.errors import InvalidInput, PermissionDenied
from beeldwacht.common.permissions import Capability
from beeldwacht.media import faces as detection
from beeldwacht.media.intake import PHOTO, check_upload
from beeldwacht.media.models import Activity, Face, MediaItem
from beeldwacht.media.tasks import analyse_media
from beeldwacht.schools.access import require
from beeldwacht.schools.models import School, SchoolClass

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 4
RETRY_BACKOFF = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10))
SAME_FACE_IOU = 0.5  # a new detection this close to a kept face is that face


def _require_activity(activity: Activity, by) -> None:
    access = require(by, Capability.MANAGE_MEDIA, school=activity.school)
    if access.sees_all_groups:
        return
    class_ids = set(activity.classes.values_list("pk", flat=True))
    if not class_ids & access.class_ids:
        raise PermissionDenied(_("This activity is not one of your groups."))


@transaction.atomic
def activity_create(*, school: School, name: str, date, classes: list[SchoolClass], by) -> Activity:
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
    activity = Activity.objects.create(school=school, name=name, date=date, created_by=as_user(by))
    activity.classes.set(classes)
    audit(
        AuditEvent.Type.ACTIVITY_CREATED,
        by=by,
        school=school,
        subject=activity,
        data={"classes": sorted(c.name for c in classes)},
    )
    return activity


def media_upload(*, activity: Activity, name: str, data: bytes, by) -> MediaItem:
    """Check and store one uploaded file for an activity and queue its analysis. Raises
    InvalidInput with the reason in Dutch; then nothing is stored."""
    _require_activity(activity, by)
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


def _detect(item: MediaItem) -> list[detection.Face]:
    if item.kind != PHOTO:
        return []  # video frames and audible persons: see media.video (next slice)
    with item.original.open("rb") as handle:
        _size, found = detection.detect_file(handle)
    return found


def _store_detections(item: MediaItem, found: list[detection.Face]) -> None:
    """Replace the detector's untouched faces; keep every face a person drew or answered,
    and skip detections of a face that is already kept."""
    kept = [face for face in item.faces.all() if face.is_hand_work]
    item.faces.exclude(pk__in=[f.pk for f in kept]).delete()
    new = [
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
        if not any(_iou(f.box, k.box) >= SAME_FACE_IOU for k in kept)
    ]
    Face.objects.bulk_create(new)


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
            returned += 1
    return returned
