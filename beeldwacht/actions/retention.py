"""The daily retention run (DOMAIN 9, issue 13 item 6): deletes what has been kept as long
as `domain.retention` allows, and keeps the rest.

- letters and replies in a pupil's file or a personnel file, some years after the person left
  (for staff: left every school of the board, their employer) or after they were filed;
- consent proof (a pupil's or staff member's answers per channel and their one-off answers),
  once they left and nothing published shows them any more, after a margin;
- an incident's evidence files, after the months the board chose (the incident, its
  measures and its steps stay: they are the school's decisions on record);
- photos, videos and sound never put in a publication, some months after the activity, with
  everything rendered from them and the faces found in them.

Classroom recordings have their own, shorter run (`purge-expired`). Each school gets one
audit event with what was deleted, in numbers: the trail must not keep what was deleted."""

import logging
from collections import Counter, defaultdict
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q
from django.db.models.functions import Coalesce
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
from beeldwacht.incidents.models import (
    DossierEntry,
    Evidence,
    ExternalStep,
    Incident,
    MeasureTaken,
)
from beeldwacht.incidents.tracks import with_open_steps
from beeldwacht.media.models import MediaItem, OneOffAnswer
from beeldwacht.media.renditions import cached_names
from beeldwacht.people.models import Pupil
from beeldwacht.publications.models import PublicationMedia
from beeldwacht.schools.models import Membership, School
from beeldwacht.takedowns.models import Mention, Placement, PublishedItem

logger = logging.getLogger(__name__)


def apply_retention(*, today: date) -> dict[School, Counter]:
    """Delete every expired record; per school, what was deleted (only schools with any).
    The records go in one transaction; media in batches of their own, so a year's backlog
    never holds the database for minutes while files are listed."""
    deleted: dict[School, Counter] = defaultdict(Counter)
    with transaction.atomic():
        counts: dict[int, Counter] = defaultdict(Counter)
        # Incidents still waiting for a step outside the school keep their letters and files.
        waiting = {incident.id for incident, _steps in with_open_steps(Incident.objects.all())}
        _file_entries(today, waiting, counts)
        _consent_proof(today, counts)
        _evidence(today, waiting, counts)
        _add(deleted, _record(counts, today))
    for batch in _unused_media(today):
        counts = defaultdict(Counter)
        with transaction.atomic():
            _delete_media(batch, counts)
            _add(deleted, _record(counts, today))
    return dict(deleted)


def _record(deleted: dict[int, Counter], today: date) -> dict[School, Counter]:
    """One audit event per school: what was deleted, in numbers. Returns those schools."""
    found = {school_id: +counts for school_id, counts in deleted.items() if +counts}
    schools = School.objects.in_bulk(list(found))
    for school_id, counts in sorted(found.items()):
        audit(
            AuditEvent.Type.RETENTION_APPLIED,
            by=None,
            school=school_id,
            subject=schools[school_id],
            data={"on": today.isoformat(), **dict(sorted(counts.items()))},
        )
    return {schools[school_id]: counts for school_id, counts in found.items()}


def _add(total: dict[School, Counter], more: dict[School, Counter]) -> None:
    for school, counts in more.items():
        total[school] += counts


def staff_left_on(per: str = "school_id") -> dict[tuple[int, int], date | None]:
    """(school id, user id) -> the day a staff member's last role at that school ended, or
    None while they still hold one. With `per="school__board_id"`: at any school of that
    board (the employer, whose personnel file it is)."""
    return {
        (row[per], row["user_id"]): None if row["active"] else row["left"]
        for row in Membership.objects.values(per, "user_id").annotate(
            active=Count("id", filter=Q(left_on__isnull=True)), left=Max("left_on")
        )
    }


def _file_entries(today: date, waiting: set[int], deleted) -> None:
    staff_left = staff_left_on(per="school__board_id")
    expired = []
    # The files of pupils still at the school are not even read.
    entries = DossierEntry.objects.exclude(pupil__isnull=False, pupil__left_on__isnull=True)
    for (
        entry_id,
        school_id,
        board_id,
        pupil_left,
        staff_id,
        filed_at,
        incident_id,
    ) in entries.values_list(
        "id",
        "school_id",
        "school__board_id",
        "pupil__left_on",
        "staff_member_id",
        "filed_at",
        "incident_id",
    ):
        if staff_id is None:
            left_on, years, kind = pupil_left, settings.RETENTION_PUPIL_FILE_YEARS, "pupil_file"
        else:
            left_on = staff_left.get((board_id, staff_id))
            years, kind = settings.RETENTION_PERSONNEL_FILE_YEARS, "personnel_file"
        if file_entry_expired(
            left_on=left_on,
            filed_on=localdate(filed_at),
            steps_open=incident_id in waiting,
            keep_years=years,
            today=today,
        ):
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
        key: staff_left[key]
        for key in own.values_list("school_id", "staff_member_id").distinct()
        if staff_left.get(key)  # those still at the school keep theirs: not even looked at
    }
    expired = _proof_expired(colleagues, "staff_member_id", today)
    if expired:
        whose = Q()
        for school_id, staff_id in expired:
            whose |= Q(school_id=school_id, staff_member_id=staff_id)
        for school_id, count in own.filter(whose).values_list("school_id").annotate(n=Count("id")):
            deleted[school_id]["consent_records"] += count
        own.filter(whose).delete()


def _proof_expired(left: dict, person_field: str, today: date) -> list[tuple[int, int]]:
    """Of these (school id, person id) -> day they left, those whose consent proof expired."""
    shown = _shown(person_field, [person_id for _school, person_id in left])
    expired = []
    for key, left_on in left.items():
        still_shown, shown_until = shown.get(key, (False, None))
        if consent_proof_expired(
            left_on=left_on,
            still_shown=still_shown,
            shown_until=shown_until,
            margin_days=settings.RETENTION_CONSENT_PROOF_MARGIN_DAYS,
            today=today,
        ):
            expired.append(key)
    return expired


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


def _evidence(today: date, waiting: set[int], deleted) -> None:
    candidates = list(
        Incident.objects.filter(evidence__isnull=False).distinct().select_related("school__board")
    )
    ids = [incident.id for incident in candidates]
    # The last day of each kind of record, per incident: one grouped query each (one query
    # joining them all would multiply every row by every other).
    latest = [
        _last_per_incident(MeasureTaken, "involved__incident", "decided_on", ids),
        _last_per_incident(ExternalStep, "incident", Coalesce("recorded_at", "done_at"), ids),
        _last_per_incident(DossierEntry, "incident", "filed_at", ids),
        _last_per_incident(Evidence, "incident", "added_at", ids),
    ]
    for incident in candidates:
        days = [incident.happened_on, localdate(incident.reported_at)]
        for last in (found.get(incident.id) for found in latest):
            if last is not None:
                days.append(localdate(last) if isinstance(last, datetime) else last)
        if evidence_expired(
            last_event_on=max(days),
            keep_months=incident.school.board.evidence_keep_months,
            steps_open=incident.id in waiting,
            today=today,
        ):
            deleted[incident.school_id]["evidence_files"] += _delete_evidence(incident, today)


def _last_per_incident(model, incident_field: str, value, ids: list[int]) -> dict:
    rows = model.objects.filter(**{f"{incident_field}__in": ids})
    return dict(rows.values_list(incident_field).annotate(last=Max(value)))


def _delete_evidence(incident: Incident, today: date) -> int:
    files = list(Evidence.objects.filter(incident=incident))
    Evidence.objects.filter(id__in=[evidence.id for evidence in files]).delete()
    Incident.objects.filter(pk=incident.pk).update(evidence_deleted_on=today)
    if files:
        _delete_after_commit(files[0].file.storage, [evidence.file.name for evidence in files])
    return len(files)


def _unused_media(today: date):
    """Batches of at most 500 media never added to a publication whose time is up, each
    with the names of the files made from them (listed before anything is deleted). Still
    being uploaded or analysed: not yet."""
    used = Exists(PublicationMedia.objects.filter(item=OuterRef("pk"))) | Exists(
        PublishedItem.objects.filter(item=OuterRef("pk"))
    )
    unused = (
        MediaItem.objects.annotate(used=used)
        .filter(used=False)
        .exclude(status__in=[MediaItem.Status.UPLOADED, MediaItem.Status.ANALYSING])
    )
    expired = [
        item_id
        for item_id, activity_on, uploaded_at in unused.values_list(
            "id", "activity__date", "created_at"
        )
        if unused_media_expired(
            activity_on=activity_on,
            uploaded_on=localdate(uploaded_at),
            keep_months=settings.RETENTION_UNUSED_MEDIA_MONTHS,
            today=today,
        )
    ]
    for start in range(0, len(expired), 500):
        items = list(
            MediaItem.objects.filter(id__in=expired[start : start + 500]).prefetch_related("faces")
        )
        yield [(item, [item.original.name, *cached_names(item)]) for item in items]


def _delete_media(batch, deleted) -> None:
    # Added to a publication since it was listed: it stays (the PROTECT would refuse anyway).
    ids = [item.pk for item, _names in batch]
    used = {
        *PublicationMedia.objects.filter(item_id__in=ids).values_list("item_id", flat=True),
        *PublishedItem.objects.filter(item_id__in=ids).values_list("item_id", flat=True),
    }
    gone = [(item, names) for item, names in batch if item.pk not in used]
    MediaItem.objects.filter(pk__in=[item.pk for item, _names in gone]).delete()
    for item, _names in gone:
        deleted[item.school_id]["media_items"] += 1
    storage = MediaItem._meta.get_field("original").storage
    _delete_after_commit(storage, [name for _item, names in gone for name in names])


def _delete_after_commit(storage, names: list[str]) -> None:
    """Files go only once their rows are gone for good: a rolled-back run deletes nothing.
    One that cannot be deleted is logged (its name is a random id) and the rest still go."""

    def delete():
        for name in names:
            try:
                storage.delete(name)
            except Exception:  # a storage hiccup must not leave the other files behind
                logger.exception("Retention: could not delete %s", name)

    transaction.on_commit(delete)
