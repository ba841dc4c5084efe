"""Turn the rows of a school administration export into pupils, guardians and staff, and
list every problem with its line number. Nothing is written here; see services.roster_import."""

import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from beeldwacht.common.permissions import Role
from beeldwacht.common.tabular import Row, find_column, parse_date
from beeldwacht.domain.schoolyear import age_on

PUPIL_COLUMNS = {
    "las_number": (
        "leerlingnummer",
        "leerling nummer",
        "leerlingnr",
        "llnr",
        "lln nr",
        "lasnummer",
        "las nummer",
        "nummer",
    ),
    "first_name": ("roepnaam", "voornaam", "roepnaam leerling", "voornaam leerling"),
    "infix": ("tussenvoegsel", "tussenvoegsels", "voorvoegsel", "voorvoegsels", "tussenv"),
    "last_name": ("achternaam", "geslachtsnaam", "achternaam leerling"),
    "date_of_birth": ("geboortedatum", "geb datum", "geboorte datum", "gebdatum"),
    "group": ("groep", "jaargroep", "stamgroep", "klas"),
    # Optional: a pupil of 16 or older logs in with it to decide herself.
    "email": ("email leerling", "leerling email", "emailadres leerling"),
}
OPTIONAL_PUPIL_COLUMNS = {"infix", "email"}
STAFF_COLUMNS = {
    "email": ("email", "emailadres", "email adres"),
    "first_name": ("roepnaam", "voornaam"),
    "infix": PUPIL_COLUMNS["infix"],
    "last_name": ("achternaam",),
    "roles": ("functie", "functies", "rol", "rollen"),
    "groups": ("groepen", "groep"),
}
GUARDIAN_FIELDS = {
    "name": ("naam",),
    "email": ("email", "emailadres"),
    "phone": ("telefoon", "tel", "telefoonnummer", "mobiel", "mobiel nummer"),
    "authority": ("gezag", "ouderlijk gezag"),
}
# "Ouder 1 naam", "Verzorger 2 e-mail", "Ouder/verzorger 1 telefoon", and "Naam ouder 1".
GUARDIAN_HEADER = re.compile(
    r"^(?:(?:ouder verzorger|ouder|verzorger) (?P<n1>\d) (?P<f1>.+)"
    r"|(?P<f2>.+) (?:ouder verzorger|ouder|verzorger) (?P<n2>\d))$"
)
ROLE_WORDS = {
    "leerkracht": Role.TEACHER,
    "leraar": Role.TEACHER,
    "groepsleerkracht": Role.TEACHER,
    "directeur": Role.MANAGEMENT,
    "directie": Role.MANAGEMENT,
    "schoolleiding": Role.MANAGEMENT,
    "mt": Role.MANAGEMENT,
    "adjunct directeur": Role.MANAGEMENT,
    "leidinggevende": Role.SUPERVISOR,
    "stagiair": Role.INTERN,
    "stagiaire": Role.INTERN,
    "stagebegeleider": Role.INTERN_SUPERVISOR,
    "begeleider stagiair": Role.INTERN_SUPERVISOR,
    "communicatie": Role.COMMUNICATIONS,
    "privacyfunctionaris": Role.PRIVACY_OFFICER,
    "privacycontactpersoon": Role.PRIVACY_OFFICER,
    "privacy officer": Role.PRIVACY_OFFICER,
    "bestuur": Role.BOARD,
    "bestuurder": Role.BOARD,
    "administratie": Role.ADMINISTRATION,
    "administratief medewerker": Role.ADMINISTRATION,
}
YES = {"ja", "j", "yes", "1", "true", "x"}
NO = {"nee", "n", "no", "0", "false"}
MAX_GUARDIANS = 4


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str


@dataclass
class ParsedGuardian:
    position: int
    name: str
    email: str
    phone: str
    parental_authority: bool


@dataclass
class ParsedPupil:
    line: int
    las_number: str
    first_name: str
    infix: str
    last_name: str
    date_of_birth: date
    group: str
    guardians: list[ParsedGuardian] = field(default_factory=list)
    email: str | None = None  # None: not in the file


@dataclass
class ParsedStaff:
    line: int
    email: str
    first_name: str
    infix: str
    last_name: str
    roles: list[str]
    groups: list[str]


def _columns(rows: list[Row], wanted: dict[str, tuple[str, ...]]) -> dict[str, str | None]:
    headers = set(rows[0].values) if rows else set()
    return {name: find_column(headers, variants) for name, variants in wanted.items()}


def _guardian_columns(headers: set[str]) -> dict[int, dict[str, str]]:
    found: dict[int, dict[str, str]] = {}
    for header in headers:
        match = GUARDIAN_HEADER.match(header)
        if not match:
            continue
        number = int(match["n1"] or match["n2"])
        word = match["f1"] or match["f2"]
        for field_name, variants in GUARDIAN_FIELDS.items():
            if word in variants:
                found.setdefault(number, {})[field_name] = header
    return found


def _valid_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def parse_pupils(
    rows: list[Row], *, file: str, today: date
) -> tuple[list[ParsedPupil], list[Problem]]:
    problems: list[Problem] = []
    if not rows:
        return [], [Problem(file, 1, _("The file has no pupils."))]
    columns = _columns(rows, PUPIL_COLUMNS)
    missing = [
        PUPIL_COLUMNS[k][0]
        for k, v in columns.items()
        if v is None and k not in OPTIONAL_PUPIL_COLUMNS
    ]
    if missing:
        return [], [
            Problem(file, 1, _("Missing column(s): %(columns)s.") % {"columns": ", ".join(missing)})
        ]
    guardian_columns = _guardian_columns(set(rows[0].values))
    pupils: list[ParsedPupil] = []
    seen: dict[str, int] = {}
    for row in rows:

        def get(name: str, row: Row = row) -> str:
            column = columns[name]
            return row.values.get(column, "").strip() if column else ""

        line_problems: list[str] = []
        number = get("las_number")
        if not number:
            line_problems.append(_("pupil number is empty"))
        elif number in seen:
            line_problems.append(
                _("pupil number %(number)s also appears on line %(line)d")
                % {"number": number, "line": seen[number]}
            )
        else:
            seen[number] = row.line
        first, last = get("first_name"), get("last_name")
        if not first:
            line_problems.append(_("first name is empty"))
        if not last:
            line_problems.append(_("last name is empty"))
        born = parse_date(get("date_of_birth"))
        if born is None:
            line_problems.append(
                _("date of birth '%(value)s' is not a date (dd-mm-jjjj)")
                % {"value": get("date_of_birth")}
            )
        elif born > today or age_on(born, today) > 25:
            line_problems.append(
                _("date of birth %(value)s is not plausible for a pupil")
                % {"value": get("date_of_birth")}
            )
        group = get("group")
        if not group:
            line_problems.append(_("group is empty"))
        guardians = []
        for position in sorted(guardian_columns)[:MAX_GUARDIANS]:
            cols = guardian_columns[position]
            name = row.values.get(cols.get("name", ""), "").strip()
            email = row.values.get(cols.get("email", ""), "").strip().lower()
            phone = row.values.get(cols.get("phone", ""), "").strip()
            authority_text = row.values.get(cols.get("authority", ""), "").strip().lower()
            if not (name or email or phone):
                continue
            if not name:
                line_problems.append(_("guardian %(n)d has no name") % {"n": position})
            if email and not _valid_email(email):
                line_problems.append(
                    _("e-mail address of guardian %(n)d ('%(value)s') is not valid")
                    % {"n": position, "value": email}
                )
            if authority_text and authority_text not in YES | NO:
                line_problems.append(
                    _("parental authority of guardian %(n)d must be 'ja' or 'nee'")
                    % {"n": position}
                )
            guardians.append(ParsedGuardian(position, name, email, phone, authority_text not in NO))
        emails = [g.email for g in guardians if g.email]
        if len(emails) != len(set(emails)):
            line_problems.append(_("two guardians have the same e-mail address"))
        # None: the file has no such column, so the address we know stays as it is.
        own_email = get("email").lower() if columns["email"] else None
        if own_email and not _valid_email(own_email):
            line_problems.append(
                _("e-mail address of the pupil ('%(value)s') is not valid") % {"value": own_email}
            )
        for message in line_problems:
            problems.append(Problem(file, row.line, message))
        if not line_problems:
            pupils.append(
                ParsedPupil(
                    row.line, number, first, get("infix"), last, born, group, guardians, own_email
                )
            )
    # One guardian (by e-mail) must carry one name throughout, or we would merge two people.
    names_by_email: dict[str, tuple[str, int]] = {}
    for pupil in pupils:
        for guardian in pupil.guardians:
            if not guardian.email:
                continue
            first_seen = names_by_email.setdefault(guardian.email, (guardian.name, pupil.line))
            if first_seen[0].casefold() != guardian.name.casefold():
                problems.append(
                    Problem(
                        file,
                        pupil.line,
                        _(
                            "e-mail address %(email)s belongs to '%(other)s' on line %(line)d, "
                            "not to '%(name)s'"
                        )
                        % {
                            "email": guardian.email,
                            "other": first_seen[0],
                            "line": first_seen[1],
                            "name": guardian.name,
                        },
                    )
                )
    problems += _shared_pupil_emails(pupils, set(names_by_email), file)
    return pupils, problems


def _shared_pupil_emails(pupils: list[ParsedPupil], guardian_emails: set, file: str) -> list:
    """A pupil's address is her own login from 16: shared with a brother, a sister or a
    parent, the other could decide in her name."""
    problems, seen = [], {}
    for pupil in pupils:
        if not pupil.email:
            continue
        if pupil.email in guardian_emails:
            problems.append(
                Problem(file, pupil.line, _("the pupil has the e-mail address of a guardian"))
            )
        elif pupil.email in seen:
            problems.append(
                Problem(
                    file,
                    pupil.line,
                    _("the pupil's e-mail address is also on line %(line)d; a pupil needs her own")
                    % {"line": seen[pupil.email]},
                )
            )
        seen.setdefault(pupil.email, pupil.line)
    return problems


def parse_staff(rows: list[Row], *, file: str) -> tuple[list[ParsedStaff], list[Problem]]:
    problems: list[Problem] = []
    if not rows:
        return [], [Problem(file, 1, _("The file has no staff."))]
    columns = _columns(rows, STAFF_COLUMNS)
    missing = [
        STAFF_COLUMNS[k][0]
        for k in ("email", "first_name", "last_name", "roles")
        if columns[k] is None
    ]
    if missing:
        return [], [
            Problem(file, 1, _("Missing column(s): %(columns)s.") % {"columns": ", ".join(missing)})
        ]
    staff: list[ParsedStaff] = []
    seen: dict[str, int] = {}
    for row in rows:

        def get(name: str, row: Row = row) -> str:
            column = columns[name]
            return row.values.get(column, "").strip() if column else ""

        line_problems = []
        email = get("email").lower()
        if not email or not _valid_email(email):
            line_problems.append(_("e-mail address '%(value)s' is not valid") % {"value": email})
        elif email in seen:
            line_problems.append(
                _("e-mail address also appears on line %(line)d") % {"line": seen[email]}
            )
        else:
            seen[email] = row.line
        if not get("first_name") or not get("last_name"):
            line_problems.append(_("name is incomplete"))
        roles = []
        for word in re.split(r"[,;+]", get("roles")):
            key = re.sub(r"[-_]+", " ", word.strip().lower())
            if not key:
                continue
            if key not in ROLE_WORDS:
                line_problems.append(
                    _("unknown function '%(value)s'; use one of: %(known)s")
                    % {"value": word.strip(), "known": ", ".join(sorted(ROLE_WORDS))}
                )
            else:
                roles.append(ROLE_WORDS[key])
        if not roles and not line_problems:
            line_problems.append(_("function is empty"))
        groups = [g.strip() for g in re.split(r"[,;]", get("groups")) if g.strip()]
        for message in line_problems:
            problems.append(Problem(file, row.line, message))
        if not line_problems:
            staff.append(
                ParsedStaff(
                    row.line,
                    email,
                    get("first_name"),
                    get("infix"),
                    get("last_name"),
                    sorted(set(roles)),
                    groups,
                )
            )
    return staff, problems
