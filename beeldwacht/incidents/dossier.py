"""The personnel file and the pupil file (DOMAIN 7): the letter that puts a measure in
writing, drafted from the school's Dutch template (incidents.letters) and filed as written,
and the replies that come back; per person, exportable. Management files; management and
the board read; every filing is audited."""

import io
import json
import zipfile

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from beeldwacht.audit.models import AuditEvent
from beeldwacht.audit.services import record as audit
from beeldwacht.common.documents import dutch_day
from beeldwacht.common.errors import InvalidInput
from beeldwacht.common.permissions import Capability
from beeldwacht.domain.letters import fill
from beeldwacht.incidents import letters
from beeldwacht.incidents.models import DossierEntry, MeasureTaken
from beeldwacht.schools.access import require

MAX_TEXT = 20_000


def letter_draft(measure: MeasureTaken, by) -> tuple[str, str]:
    """(title, text) of the letter for this measure, filled in."""
    involved, incident = measure.involved, measure.involved.incident
    template = letters.BY_ROLE[involved.role]
    with translation.override("nl"):
        kind, what = measure.get_kind_display().lower(), incident.get_category_display().lower()
    values = {
        "naam": involved.pupil.full_name if involved.pupil else str(involved),
        "toelichting": letters.SUMMARY_DISMISSAL_NOTE
        if measure.kind == MeasureTaken.Kind.SUMMARY_DISMISSAL
        else "",
        "incident_datum": dutch_day(incident.happened_on),
        "wat": what,
        "maatregel": kind,
        "afzender": by.get_full_name() or by.email,
        "school": incident.school.name,
        "datum": dutch_day(timezone.localdate()),
    }
    title = _("Letter: %(measure)s of %(day)s") % {
        "measure": kind,
        "day": dutch_day(measure.decided_on),
    }
    return title, fill(template, values)


def _owner(involved) -> dict:
    """Whose file: the staff member's, or the pupil's (a guardian's measure goes with each
    child of theirs at the school)."""
    if involved.role == "staff":
        return {"staff_member": involved.staff_member}
    if involved.role == "pupil":
        return {"pupil": involved.pupil}
    raise InvalidInput(_("Only a colleague's or a pupil's file holds letters."))


@transaction.atomic
def letter_file(*, measure: MeasureTaken, text: str, by) -> list[DossierEntry]:
    """File the letter as written, in the file of the person it is about; for a guardian,
    in the file of each of their children at this school."""
    incident = measure.involved.incident
    require(by, Capability.DECIDE_MEASURES, school=incident.school)
    text = text.strip()
    if not text or len(text) > MAX_TEXT:
        raise InvalidInput(_("A letter needs a text of at most 20,000 characters."))
    title, _draft = letter_draft(measure, by)
    involved = measure.involved
    if involved.role == "guardian":
        owners = [
            {"pupil": ship.pupil}
            for ship in involved.guardian.guardianships.current().select_related("pupil")
            if ship.pupil.school_id == incident.school_id
        ]
        if not owners:
            raise InvalidInput(_("This parent has no child at the school: there is no file."))
    else:
        owners = [_owner(involved)]
    entries = [
        DossierEntry.objects.create(
            school=incident.school,
            incident=incident,
            measure=measure,
            kind=DossierEntry.Kind.LETTER,
            title=title,
            text=text,
            filed_by=by,
            filed_at=timezone.now(),
            **owner,
        )
        for owner in owners
    ]
    audit(
        AuditEvent.Type.DOSSIER_FILED,
        by=by,
        school=incident.school,
        subject=incident,
        data={"entries": [e.public_id for e in entries], "kind": "letter"},
    )
    return entries


@transaction.atomic
def reply_file(*, school, by, title: str, text: str, staff_member=None, pupil=None, incident=None):
    require(by, Capability.DECIDE_MEASURES, school=school)
    title, text = " ".join(title.split())[:200], text.strip()
    if not title or not text or len(text) > MAX_TEXT:
        raise InvalidInput(_("A reply needs a title and its text (at most 20,000 characters)."))
    entry = DossierEntry.objects.create(
        school=school,
        staff_member=staff_member,
        pupil=pupil,
        incident=incident,
        kind=DossierEntry.Kind.REPLY,
        title=title,
        text=text,
        filed_by=by,
        filed_at=timezone.now(),
    )
    audit(
        AuditEvent.Type.DOSSIER_FILED,
        by=by,
        school=school,
        subject=entry,
        data={"kind": "reply"},
    )
    return entry


def export(entries, *, name: str) -> bytes:
    """One person's file as a ZIP: a readable summary and JSON."""
    rows = [
        {
            "filed_at": e.filed_at.date().isoformat(),
            "kind": e.get_kind_display(),
            "title": e.title,
            "text": e.text,
        }
        for e in entries
    ]
    with translation.override("nl"):
        summary = render_to_string("incidents/dossier_export.html", {"name": name, "rows": rows})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("dossier.html", summary)
        archive.writestr("dossier.json", json.dumps(rows, ensure_ascii=False, indent=2))
    return out.getvalue()


@transaction.atomic
def file_opened(*, school, subject, by) -> None:
    """Every look at a personnel or pupil file is on the audit trail."""
    audit(AuditEvent.Type.DOSSIER_OPENED, by=by, school=school, subject=subject)
