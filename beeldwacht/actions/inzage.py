"""A guardian's copy of what the school holds about her child (AVG art. 15; issue 13, item
6): one ZIP with a readable summary (HTML, Dutch) and the same as JSON. What a guardian may
see in the portal and no more: her own answers (never the other parent's, never a flag but
her own "do not photograph"), where the child is published, the activities and photos the
child was marked in, the recordings she was asked about, and measures decided for the
child with the letters that put them in writing. Nothing of another child; no photo of
anyone (a list, not the pixels)."""

import io
import json
import zipfile
from collections import Counter
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from beeldwacht.audit.models import AuditEvent
from beeldwacht.audit.services import record as audit
from beeldwacht.consent.models import PupilFlag
from beeldwacht.consent.selectors import history_for
from beeldwacht.incidents.models import DossierEntry, MeasureTaken
from beeldwacht.media.models import Face, OneOffAnswer
from beeldwacht.publications.selectors import placements_showing
from beeldwacht.recordings.models import ConsentAnswer, Consultation


def child_data(ship, today: date) -> dict:
    pupil, guardian = ship.pupil, ship.guardian
    no_images = pupil.flags.filter(kind=PupilFlag.Kind.NO_IMAGES, lifted_on__isnull=True).first()
    marked = Counter(  # photos and videos, not faces: one item may show the child twice
        (name, day.isoformat())
        for name, day, _item in Face.objects.filter(pupil=pupil)
        .values_list("item__activity__name", "item__activity__date", "item_id")
        .distinct()
    )
    return {
        "made_on": today.isoformat(),
        "school": pupil.school.name,
        "child": {
            "first_name": pupil.first_name,
            "infix": pupil.infix,
            "last_name": pupil.last_name,
            "date_of_birth": pupil.date_of_birth.isoformat(),
            "pupil_number": pupil.las_number,
            "group": pupil.school_class.name if pupil.school_class else "",
            "left_on": pupil.left_on.isoformat() if pupil.left_on else None,
        },
        "you": {
            "name": guardian.name,
            "email": guardian.email,
            "parental_authority": ship.parental_authority,
        },
        "your_choices": [
            {
                "decided_on": r.decided_on.isoformat(),
                "channel": r.channel.name,
                "kind": r.get_kind_display(),
                "decision": r.decision,
                "how": r.get_method_display(),
                "text_version": r.consent_text.version,
            }
            for r in history_for(pupil).filter(guardian=guardian)
        ],
        "your_one_off_answers": [
            {
                "decided_on": a.decided_on.isoformat(),
                "activity": a.request.activity.name,
                "channel": a.request.channel.name,
                "kind": a.get_kind_display(),
                "decision": a.decision,
            }
            for a in OneOffAnswer.objects.filter(pupil=pupil, guardian=guardian).select_related(
                "request__activity", "request__channel"
            )
        ],
        "not_to_be_photographed_since": no_images.set_on.isoformat() if no_images else None,
        "published": [
            {
                "title": entry["publication"].title,
                "published_at": entry["publication"].published_at.date().isoformat()
                if entry["publication"].published_at
                else None,
                "places": [
                    {
                        "channel": row["placement"].channel.name,
                        "where": row["placement"].where,
                        "state": row["state"],
                        "how": row["kinds"],
                    }
                    for row in entry["placements"]
                ],
            }
            for entry in placements_showing(pupil, guardian)
        ],
        "marked_in_photos": [
            {"activity": name, "date": day, "photos_and_videos": count}
            for (name, day), count in sorted(marked.items(), key=lambda x: x[0][1])
        ],
        "recordings": [
            {
                "lesson_on": a.question.recording.lesson_on.isoformat(),
                "asked": a.question.get_purpose_display(),
                "your_answer": a.decision,
                "answered_on": a.decided_on.isoformat(),
            }
            for a in ConsentAnswer.objects.filter(pupil=pupil, guardian=guardian).select_related(
                "question__recording"
            )
        ]
        + [
            {
                "lesson_on": c.recording.lesson_on.isoformat(),
                "asked": "consultation",
                "your_answer": c.outcome == Consultation.Outcome.AGREED,
                "answered_on": c.held_on.isoformat(),
            }
            for c in Consultation.objects.filter(pupil=pupil, guardian=guardian).select_related(
                "recording"
            )
        ],
        "measures": [
            {"measure": m.get_kind_display(), "decided_on": m.decided_on.isoformat()}
            for m in MeasureTaken.objects.filter(involved__pupil=pupil)
        ],
        # The letters in the pupil file about the child's own measures or hers; a letter to
        # the other parent is theirs.
        "letters": [
            {"filed_at": e.filed_at.date().isoformat(), "title": e.title, "text": e.text}
            for e in DossierEntry.objects.filter(pupil=pupil, kind=DossierEntry.Kind.LETTER)
            .filter(Q(measure__involved__pupil=pupil) | Q(measure__involved__guardian=guardian))
            .order_by("filed_at")
        ],
    }


def child_export(*, ship, by, today: date | None = None) -> bytes:
    """The ZIP, audited (who asked, for which child; not what was in it)."""
    today = today or timezone.localdate()
    with translation.override("nl"):
        data = child_data(ship, today)
        summary = render_to_string("portal/export_summary.html", {"data": data})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("overzicht.html", summary)
        archive.writestr("gegevens.json", json.dumps(data, ensure_ascii=False, indent=2))
    with transaction.atomic():
        audit(AuditEvent.Type.PUPIL_EXPORTED, by=by, school=ship.pupil.school, subject=ship.pupil)
    return out.getvalue()
