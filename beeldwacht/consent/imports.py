"""Read a bulk consent file (schools moving from paper or another system) and check every row
against the roster before anything is written. Columns:
leerlingnummer;kanaal;soort;besluit;datum;door[;tekstversie]
`tekstversie` is the version of the consent text on the form; without it, the version in force
on the decision date."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from beeldwacht.common.tabular import Row, find_column, parse_date
from beeldwacht.consent.models import Channel, ConsentText, Kind
from beeldwacht.domain.consent import AGE_OF_CONSENT
from beeldwacht.domain.schoolyear import age_on
from beeldwacht.people.models import Guardianship, Pupil
from beeldwacht.people.roster import NO, YES, Problem
from beeldwacht.schools.models import School

COLUMNS = {
    "pupil": ("leerlingnummer", "leerlingnr", "leerling"),
    "channel": ("kanaal",),
    "kind": ("soort",),
    "decision": ("besluit", "toestemming"),
    "date": ("datum",),
    "by": ("door", "besloten door"),
}
OPTIONAL = {"text_version": ("tekstversie", "versie")}
KIND_WORDS = {
    "beeld": Kind.IMAGE,
    "geluid": Kind.SOUND,
    "naam": Kind.NAME,
    "image": Kind.IMAGE,
    "sound": Kind.SOUND,
    "name": Kind.NAME,
}


@dataclass(frozen=True)
class ParsedConsent:
    line: int
    pupil: Pupil
    channel: Channel
    kind: str
    decision: bool
    decided_on: date
    guardian_id: int | None  # None: the pupil decided (16+)
    text_version: int | None = None  # None: the version in force on `decided_on`


def parse_consents(
    school: School, rows: list[Row], *, file: str, today: date
) -> tuple[list[ParsedConsent], list[Problem]]:
    if not rows:
        return [], [Problem(file, 1, _("The file has no rows."))]
    headers = set(rows[0].values)
    columns = {name: find_column(headers, variants) for name, variants in COLUMNS.items()}
    missing = [COLUMNS[k][0] for k, v in columns.items() if v is None]
    columns |= {name: find_column(headers, variants) for name, variants in OPTIONAL.items()}
    if missing:
        return [], [
            Problem(file, 1, _("Missing column(s): %(columns)s.") % {"columns": ", ".join(missing)})
        ]

    pupils = {p.las_number: p for p in Pupil.objects.filter(school=school)}
    channels = {}
    for channel in Channel.objects.filter(school=school):
        channels[channel.key.lower()] = channel
        channels[channel.name.lower()] = channel
    # Every period of every guardianship: the one in force on a row's decision date counts.
    periods: dict[tuple[int, str], list[Guardianship]] = {}
    for ship in Guardianship.objects.filter(pupil__school=school).select_related("guardian"):
        periods.setdefault((ship.pupil_id, ship.guardian.email), []).append(ship)
    versions = set(ConsentText.objects.filter(school=school).values_list("version", flat=True))
    parsed, problems = [], []
    for row in rows:

        def get(name: str, row: Row = row) -> str:
            return row.values.get(columns[name], "").strip() if columns[name] else ""

        found: list[str] = []
        pupil = pupils.get(get("pupil"))
        if pupil is None:
            found.append(_("unknown pupil number '%(value)s'") % {"value": get("pupil")})
        channel = channels.get(get("channel").lower())
        if channel is None:
            found.append(_("unknown channel '%(value)s'") % {"value": get("channel")})
        kind = KIND_WORDS.get(get("kind").lower())
        if kind is None:
            found.append(
                _("kind must be beeld, geluid or naam, not '%(value)s'") % {"value": get("kind")}
            )
        decision_text = get("decision").lower()
        if decision_text not in YES | NO:
            found.append(
                _("decision must be ja or nee, not '%(value)s'") % {"value": get("decision")}
            )
        decided_on = parse_date(get("date"))
        if decided_on is None:
            found.append(_("date '%(value)s' is not a date (dd-mm-jjjj)") % {"value": get("date")})
        elif decided_on > today:
            found.append(_("date %(value)s is in the future") % {"value": get("date")})
        text_version = None
        if get("text_version"):
            text_version = int(get("text_version")) if get("text_version").isdigit() else -1
            if text_version not in versions:
                found.append(
                    _("there is no version '%(value)s' of the consent text")
                    % {"value": get("text_version")}
                )
        by = get("by").lower()
        guardian_id = None
        if pupil is not None and decided_on is not None and decided_on <= today:
            adult = age_on(pupil.date_of_birth, decided_on) >= AGE_OF_CONSENT
            if by == "leerling":
                if not adult:
                    found.append(_("the pupil was under 16 on that date; guardians decide"))
            else:
                ship = next(
                    (s for s in periods.get((pupil.pk, by), ()) if s.in_force_on(decided_on)),
                    None,
                )
                if ship is None:
                    found.append(
                        _("'%(value)s' is not a guardian of pupil %(number)s")
                        % {"value": by, "number": pupil.las_number}
                    )
                elif not ship.parental_authority:
                    found.append(_("'%(value)s' has no parental authority") % {"value": by})
                elif adult:
                    found.append(_("the pupil was 16 or older on that date and decides"))
                else:
                    guardian_id = ship.guardian_id
        for message in found:
            problems.append(Problem(file, row.line, message))
        if not found:
            parsed.append(
                ParsedConsent(
                    row.line,
                    pupil,
                    channel,
                    kind,
                    decision_text in YES,
                    decided_on,
                    guardian_id,
                    text_version,
                )
            )
    return parsed, problems
