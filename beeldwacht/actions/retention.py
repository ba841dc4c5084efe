"""The daily retention run (DOMAIN 9, issue 13 item 6): deletes what has been kept as long
as `domain.retention` allows, and keeps the rest.

- letters and replies in a pupil's file or a personnel file, some years after the person left;
- consent proof (a pupil's or staff member's answers per channel and their one-off answers),
  once they left and nothing published shows them any more, after a margin;
- an incident's evidence files, after the months the board chose (the incident, its
  measures and its steps stay: they are the school's decisions on record);
- photos, videos and sound never put in a publication, some months after the activity, with
  everything rendered from them and the faces found in them.

Classroom recordings have their own, shorter run (`purge-expired`). Each school gets one
audit event with what was deleted, in numbers: the trail must not keep what was deleted."""

from collections import Counter, defaultdict
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q
from django.utils.timezone import localdate

from beeldwacht.audit.models import AuditEvent
from beeldwacht.audit.services import record as audit
from beeldwacht.consent.models import ConsentRecord
from beeldwacht.domain.retention import (
    consent_proof_expired,
    evidence_expired,
    file_entry_expired,
    unused_media_expired,
)
from beeldwacht.incidents.models import DossierEntry, Evidence, Incident
from beeldwacht.incidents.tracks import with_open_steps
from beeldwacht.media.models import MediaItem, OneOffAnswer
from beeldwacht.media.renditions import cached_names
from beeldwacht.people.models import Pupil
from beeldwacht.publications.models import PublicationMedia
from beeldwacht.schools.models import Membership, School
from beeldwacht.takedowns.models import Mention, Placement, PublishedItem


def apply_retention(*, today: date) -> dict[School, Counter]:
    """Delete every expired record; per school, what was deleted (only schools with any)."""
    deleted: dict[int, Counter] = defaultdict(Counter)
    with transaction.atomic():
        _file_entries(today, deleted)
        _consent_proof(today, deleted)
        _evidence(today, deleted)
        _unused_media(today, deleted)
        deleted = {school_id: +counts for school_id, counts in deleted.items() if +counts}
        schools = School.objects.in_bulk(list(deleted))
        for school_id, counts in sorted(deleted.items()):
            audit(
                AuditEvent.Type.RETENTION_APPLIED,
                by=None,
                school=school_id,
                subject=schools[school_id],
                data={"on": today.isoformat(), **dict(sorted(counts.items()))},
            )
    return {schools[school_id]: counts for school_id, counts in deleted.items()}


def staff_left_on() -> dict[tuple[int, int], date | None]:
    """(school id, user id) -> the day a staff member's last role at that school ended, or
    None while they still hold one."""
    return {
        (row["school_id"], row["user_id"]): None if row["active"] else row["left"]
        for row in Membership.objects.values("school_id", "user_id").annotate(
            active=Count("id", filter=Q(left_on__isnull=True)), left=Max("left_on")
        )
    }


def _file_entries(today: date, deleted) -> None:
    staff_left = staff_left_on()
    expired = []
    for entry_id, school_id, pupil_left, staff_id in DossierEntry.objects.values_list(
        "id", "school_id", "pupil__left_on", "staff_member_id"
    ):
        if staff_id is None:
            left_on, years, kind = pupil_left, settings.RETENTION_PUPIL_FILE_YEARS, "pupil_file"
        else:
            left_on = staff_left.get((school_id, staff_id))
            years, kind = settings.RETENTION_PERSONNEL_FILE_YEARS, "personnel_file"
        if file_entry_expired(left_on=left_on, keep_years=years, today=today):
            expired.append(entry_id)
            deleted[school_id][f"{kind}_entries"] += 1
    DossierEntry.objects.filter(id__in=expired).delete()


def _consent_proof(today: date, deleted) -> None:
    """A fixed number of queries, however many pupils and colleagues left."""
    with_proof = Q(consent_records__isnull=False) | Q(one_off_answers__isnull=False)
    pupils = {
        (pupil.school_id, pupil.id): pupil.left_on
        for pupil in Pupil.objects.filter(with_proof, left_on__isnull=False)
        .distinct()
        .only("id", "school_id", "left_on")
    }
    expired = _proof_expired(pupils, "pupil_id", today)
    for model, key in ((ConsentRecord, "consent_records"), (OneOffAnswer, "one_off_answers")):
        rows = model.objects.filter(pupil_id__in=[pupil_id for _school, pupil_id in expired])
        for school_id, count in rows.values_list("pupil__school_id").annotate(n=Count("id")):
            deleted[school_id][key] += count
        rows.delete()
    staff_left = staff_left_on()
    own = ConsentRecord.objects.filter(staff_member__isnull=False)
    colleagues = {
        key: staff_left.get(key)
        for key in own.values_list("school_id", "staff_member_id").distinct()
    }
    for school_id, staff_id in _proof_expired(colleagues, "staff_member_id", today):
        gone = own.filter(school_id=school_id, staff_member_id=staff_id).delete()[0]
        deleted[school_id]["consent_records"] += gone


def _proof_expired(left: dict, person_field: str, today: date) -> list[tuple[int, int]]:
    """Of these (school id, person id) -> day they left, those whose consent proof expired."""
    shown = _shown(person_field, [person_id for _school, person_id in left])
    return [
        key
        for key, left_on in left.items()
        if consent_proof_expired(
            left_on=left_on,
            still_shown=shown.get(key, (False, None))[0],
            shown_until=shown.get(key, (False, None))[1],
            margin_days=settings.RETENTION_CONSENT_PROOF_MARGIN_DAYS,
            today=today,
        )
    ]


def _shown(person_field: str, person_ids: list[int]) -> dict[tuple, tuple[bool, date | None]]:
    """(school id, person id) -> whether a placement that shows or names them is still out
    there, and else the last day one was (taken down, or printed). Counted broadly: any
    placement of a publication that names them, or carries an item with unidentified faces
    of an activity they took part in: proof kept too long does less harm than proof deleted
    too early. Three queries."""
    named = Mention.objects.filter(**{f"{person_field}__in": person_ids}).values_list(
        "publication_id", person_field
    )
    maybe = (
        PublishedItem.objects.filter(unidentified_faces__gt=0)
        .annotate(person=F(f"item__activity__participants__{person_field}"))
        .filter(person__in=person_ids)
        .values_list("publication_id", "person")
    )
    people_in: dict[int, set[int]] = defaultdict(set)
    for publication_id, person_id in [*named, *maybe]:
        people_in[publication_id].add(person_id)
    found: dict[tuple, tuple[bool, date | None]] = {}
    for publication_id, school_id, removed_at, printed, placed_on in Placement.objects.filter(
        publication_id__in=list(people_in)
    ).values_list("publication_id", "publication__school_id", "removed_at", "printed", "placed_on"):
        ended = localdate(removed_at) if removed_at else placed_on
        live = removed_at is None and not printed
        for person_id in people_in[publication_id]:
            still, until = found.get((school_id, person_id), (False, None))
            found[(school_id, person_id)] = (still or live, max(until, ended) if until else ended)
    return found


def _evidence(today: date, deleted) -> None:
    with_files = Incident.objects.filter(evidence__isnull=False).distinct()
    open_ids = {incident.id for incident, _missing in with_open_steps(with_files)}
    candidates = with_files.select_related("school__board").annotate(
        last_measure=Max("involved__measures__decided_on"),
        last_step=Max("steps__done_at"),
        last_letter=Max("dossier__filed_at"),
    )
    for incident in candidates:
        last_event_on = max(
            day
            for day in (
                incident.happened_on,
                localdate(incident.reported_at),
                incident.last_measure,
                incident.last_step and localdate(incident.last_step),
                incident.last_letter and localdate(incident.last_letter),
            )
            if day
        )
        if evidence_expired(
            last_event_on=last_event_on,
            keep_months=incident.school.board.evidence_keep_months,
            steps_open=incident.id in open_ids,
            today=today,
        ):
            deleted[incident.school_id]["evidence_files"] += _delete_evidence(incident, today)


def _delete_evidence(incident: Incident, today: date) -> int:
    files = list(Evidence.objects.filter(incident=incident))
    Evidence.objects.filter(id__in=[evidence.id for evidence in files]).delete()
    Incident.objects.filter(pk=incident.pk).update(evidence_deleted_on=today)
    if files:
        _delete_after_commit(files[0].file.storage, [evidence.file.name for evidence in files])
    return len(files)


def _unused_media(today: date, deleted) -> None:
    used = Exists(PublicationMedia.objects.filter(item=OuterRef("pk"))) | Exists(
        PublishedItem.objects.filter(item=OuterRef("pk"))
    )
    unused = MediaItem.objects.annotate(used=used).filter(used=False)
    expired = [
        item_id
        for item_id, activity_on in unused.values_list("id", "activity__date")
        if unused_media_expired(
            activity_on=activity_on,
            keep_months=settings.RETENTION_UNUSED_MEDIA_MONTHS,
            used=False,
            today=today,
        )
    ]
    storage = MediaItem._meta.get_field("original").storage
    for start in range(0, len(expired), 500):  # a year of photos, in bounded batches
        batch = MediaItem.objects.filter(id__in=expired[start : start + 500])
        names = []
        for item in batch.prefetch_related("faces"):
            names += [item.original.name, *cached_names(item)]
            deleted[item.school_id]["media_items"] += 1
        batch.delete()  # their faces, the people heard in them and their reviews go along
        _delete_after_commit(storage, names)


def _delete_after_commit(storage, names: list[str]) -> None:
    """Files go only once their rows are gone for good: a rolled-back run deletes nothing."""

    def delete():
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete)
