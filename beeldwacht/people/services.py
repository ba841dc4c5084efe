"""Writes to the roster. `roster_import` applies an export of the school administration
system in one transaction: all rows or none. It matches pupils on the LAS pupil number and
guardians on e-mail address, so a second run with the same files changes nothing. Called by
the `import-roster` command and the demo."""

import re
from dataclasses import asdict, dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.accounts.models import User
from beeldwacht.audit.models import AuditEvent
from beeldwacht.audit.services import record as audit
from beeldwacht.domain.consent import AGE_OF_CONSENT
from beeldwacht.domain.schoolyear import age_on
from beeldwacht.people.models import Guardian, Guardianship, Pupil
from beeldwacht.people.roster import ParsedPupil, ParsedStaff, Problem
from beeldwacht.schools.locks import lock_consent
from beeldwacht.schools.models import Membership, School, SchoolClass


@dataclass
class ImportReport:
    dry_run: bool = False
    pupils_added: list[str] = field(default_factory=list)  # LAS numbers, never names
    pupils_changed: list[str] = field(default_factory=list)
    pupils_left: list[str] = field(default_factory=list)
    pupils_unchanged: int = 0
    guardians_added: int = 0
    guardians_changed: int = 0
    guardianships_ended: int = 0  # dated, never deleted
    pupil_logins: int = 0  # accounts made for pupils of 16 or older
    staff_added: int = 0
    staff_changed: int = 0
    staff_left: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changed_anything(self) -> bool:
        return bool(
            self.pupils_added
            or self.pupils_changed
            or self.pupils_left
            or self.guardians_added
            or self.guardians_changed
            or self.staff_added
            or self.staff_changed
            or self.staff_left
        )

    def as_dict(self) -> dict:
        data = asdict(self)
        data["ok"] = self.ok
        return data


class _DryRun(Exception):
    """Raised inside the transaction to roll back a dry run after computing its report."""


def class_name(text: str) -> str:
    """'Groep 5', 'groep 5' and '5' are the same group; we store '5'."""
    return re.sub(r"^groep\s*", "", text.strip(), flags=re.IGNORECASE).strip()


def roster_import(
    *,
    school: School,
    pupils: list[ParsedPupil] | None,
    staff: list[ParsedStaff] | None,
    problems: list[Problem],
    dry_run: bool,
    by=None,
    today: date | None = None,
    staff_file: str = "",
    pupils_file: str = "",
    allow_shared_staff: bool = False,
) -> ImportReport:
    """Apply parsed rows. With problems nothing is written; with `dry_run` everything is
    computed and then rolled back, so the report is exactly what a real run would do.
    A staff member who also belongs to another school is neither renamed nor given a role
    here unless `allow_shared_staff` says so: one school's file must not change a person of
    another school."""
    problems = list(problems)
    if staff and not allow_shared_staff:
        problems += _shared_staff_problems(school, staff, staff_file)
    if pupils:
        problems += _pupil_email_problems(pupils, pupils_file)
    report = ImportReport(dry_run=dry_run, problems=problems)
    if problems:
        return report
    today = today or timezone.localdate()
    try:
        with transaction.atomic():
            # Pupils who left, guardianships ended and staff changed: consent as it stands
            # changes with them, so an import takes the consent lock like any consent write.
            lock_consent(school)
            classes = _classes(school)
            if pupils is not None:
                _apply_pupils(school, pupils, classes, report, today)
            if staff is not None:
                _apply_staff(school, staff, classes, report, today)
            if report.changed_anything:
                audit(
                    AuditEvent.Type.ROSTER_IMPORTED,
                    by=by,
                    school=school,
                    subject=school,
                    data={
                        "pupils_added": len(report.pupils_added),
                        "pupils_changed": len(report.pupils_changed),
                        "pupils_left": len(report.pupils_left),
                        "guardianships_ended": report.guardianships_ended,
                        "pupil_logins": report.pupil_logins,
                        "staff_added": report.staff_added,
                        "staff_changed": report.staff_changed,
                        "staff_left": report.staff_left,
                    },
                )
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


def _classes(school: School) -> dict[str, SchoolClass]:
    return {c.name.casefold(): c for c in SchoolClass.objects.filter(school=school)}


def _class_for(school: School, name: str, classes: dict[str, SchoolClass]) -> SchoolClass:
    name = class_name(name)
    found = classes.get(name.casefold())
    if found is None:
        found = classes[name.casefold()] = SchoolClass.objects.create(school=school, name=name)
    return found


def _apply_pupils(school, rows, classes, report, today) -> None:
    existing = {p.las_number: p for p in Pupil.objects.filter(school=school)}
    guardians_by_email = {
        g.email: g for g in Guardian.objects.filter(school=school).exclude(email="")
    }
    users_by_email = {
        u.email: u
        for u in User.objects.filter(
            email__in=[g.email for row in rows for g in row.guardians if g.email]
        )
    }
    # Every current guardianship at once, not a query per pupil.
    ships_by_pupil: dict[int, list[Guardianship]] = {}
    for ship in (
        Guardianship.objects.current().filter(pupil__school=school).select_related("guardian")
    ):
        ships_by_pupil.setdefault(ship.pupil_id, []).append(ship)
    for row in rows:
        school_class = _class_for(school, row.group, classes)
        wanted = {
            "first_name": row.first_name,
            "infix": row.infix,
            "last_name": row.last_name,
            "date_of_birth": row.date_of_birth,
            "school_class_id": school_class.pk,
            "left_on": None,
        }
        if row.email is not None:
            wanted["email"] = row.email
        pupil = existing.pop(row.las_number, None)
        if pupil is None:
            pupil = Pupil.objects.create(school=school, las_number=row.las_number, **wanted)
            report.pupils_added.append(row.las_number)
            is_new, pupil_changed = True, False
        else:
            changes = {k: v for k, v in wanted.items() if getattr(pupil, k) != v}
            if "email" in changes:
                changes["user"] = None  # the account went with the old address
            for key, value in changes.items():
                setattr(pupil, key, value)
            if changes:
                pupil.save(update_fields=[*changes, "updated_at"])
            is_new, pupil_changed = False, bool(changes)
        since = None if is_new else today
        if (
            pupil.email
            and pupil.user_id is None
            and age_on(pupil.date_of_birth, today) >= AGE_OF_CONSENT
        ):
            # Already 16: she decides herself and needs her login now, not at a birthday.
            pupil.user = pupil_login(pupil.email)
            if pupil.user is not None:
                pupil.save(update_fields=["user", "updated_at"])
                report.pupil_logins += 1
        ships = ships_by_pupil.get(pupil.pk, [])
        if _apply_guardians(
            school, pupil, ships, row, guardians_by_email, users_by_email, report, since
        ):
            pupil_changed = True
        if pupil_changed and not is_new:
            report.pupils_changed.append(row.las_number)
        elif not pupil_changed:
            report.pupils_unchanged += 1
    for pupil in existing.values():  # not in the file: left school; kept, never deleted
        if pupil.left_on is None:
            pupil.left_on = today
            pupil.save(update_fields=["left_on", "updated_at"])
            report.pupils_left.append(pupil.las_number)


def _apply_guardians(school, pupil, ships, row, by_email, users, report, since) -> bool:
    """Make the pupil's current guardians (`ships`) match the row. Returns whether anything
    changed. A guardian no longer listed, or whose parental authority changed, has their
    guardianship ended today, never deleted: whose answers counted until then stays
    provable, and the daily consent-transitions run sends the change through the takedown
    ledger. `since` is None for a pupil new to us: their guardians were theirs before we
    knew them, so a paper form signed before the import still counts."""
    changed = False
    current = {ship.guardian_id: ship for ship in ships}
    keep: set[int] = set()
    for parsed in row.guardians:
        guardian = by_email.get(parsed.email) if parsed.email else None
        if guardian is None:
            # No (or a new) e-mail address: the only safe match is the same name among this
            # pupil's guardians. That keeps their consent when a parent changes address.
            guardian = next(
                (
                    ship.guardian
                    for ship in current.values()
                    if ship.guardian.name.casefold() == parsed.name.casefold()
                ),
                None,
            )
            if guardian is not None and guardian.email:
                by_email.pop(guardian.email, None)
        if guardian is None:
            guardian = Guardian.objects.create(
                school=school,
                name=parsed.name,
                email=parsed.email,
                phone=parsed.phone,
                user=_login_for(parsed.email, users),
            )
            report.guardians_added += 1
            changed = True
        else:
            fields = {"name": parsed.name, "email": parsed.email, "phone": parsed.phone}
            diff = {k: v for k, v in fields.items() if getattr(guardian, k) != v}
            if diff:
                for key, value in diff.items():
                    setattr(guardian, key, value)
                guardian.save(update_fields=[*diff, "updated_at"])
                report.guardians_changed += 1
                changed = True
        if guardian.email:
            by_email[guardian.email] = guardian
            if guardian.user_id is None:
                guardian.user = _login_for(guardian.email, users)
                guardian.save(update_fields=["user", "updated_at"])
        keep.add(guardian.pk)
        ship = current.get(guardian.pk)
        if ship is not None and ship.parental_authority != parsed.parental_authority:
            _end(ship, since)
            report.guardianships_ended += 1
            ship = None
        if ship is None:
            Guardianship.objects.create(
                pupil=pupil,
                guardian=guardian,
                position=parsed.position,
                parental_authority=parsed.parental_authority,
                started_on=since,
            )
            changed = True
        elif ship.position != parsed.position:
            ship.position = parsed.position
            ship.save(update_fields=["position"])
            changed = True
    for guardian_id, ship in current.items():
        if guardian_id not in keep:
            _end(ship, since)
            report.guardianships_ended += 1
            changed = True
    return changed


def _login_for(email: str, users: dict) -> User | None:
    """The account a guardian logs in with by code: the one with this address, made when
    there is none yet (None without an address)."""
    if not email:
        return None
    if email not in users:
        users[email] = User.objects.create_user(email)
    return users[email]


def _end(ship: Guardianship, today) -> None:
    ship.ended_on = today
    ship.save(update_fields=["ended_on"])


def _apply_staff(school, rows, classes, report, today) -> None:
    memberships: dict[str, dict[str, Membership]] = {}
    for membership in Membership.objects.filter(school=school).select_related("user"):
        memberships.setdefault(membership.user.email, {})[membership.role] = membership
    users = {u.email: u for u in User.objects.filter(email__in=[r.email for r in rows])}
    seen: set[int] = set()
    for row in rows:
        user = users.get(row.email)
        person_changed = False
        known_elsewhere = user is not None and row.email not in memberships
        if user is None:
            user = User.objects.create_user(
                row.email, first_name=row.first_name, last_name=_last(row)
            )
            report.staff_added += 1
        elif (user.first_name, user.last_name) != (row.first_name, _last(row)):
            user.first_name, user.last_name = row.first_name, _last(row)
            user.save(update_fields=["first_name", "last_name"])
            person_changed = True
        wanted_classes = {_class_for(school, g, classes).pk for g in row.groups}
        existing = memberships.get(row.email, {})
        for role in row.roles:
            membership = existing.get(role)
            if membership is None:
                membership = Membership.objects.create(school=school, user=user, role=role)
                membership.classes.set(wanted_classes)
                person_changed = person_changed or bool(existing)
            else:
                if membership.left_on is not None:
                    membership.left_on = None
                    membership.save(update_fields=["left_on", "updated_at"])
                    person_changed = True
                if set(membership.classes.values_list("pk", flat=True)) != wanted_classes:
                    membership.classes.set(wanted_classes)
                    person_changed = True
            seen.add(membership.pk)
        for role, membership in existing.items():
            if role not in row.roles and membership.left_on is None:
                membership.left_on = today
                membership.save(update_fields=["left_on", "updated_at"])
                person_changed = True
        if person_changed and user.email in memberships:
            report.staff_changed += 1
        elif known_elsewhere:
            report.staff_added += 1  # an account from another school, new at this one
    for by_role in memberships.values():
        leaving = [m for m in by_role.values() if m.pk not in seen and m.left_on is None]
        if leaving and not any(m.pk in seen for m in by_role.values()):
            report.staff_left += 1
        for membership in leaving:
            if membership.pk not in seen:
                membership.left_on = today
                membership.save(update_fields=["left_on", "updated_at"])


def _shared_staff_problems(school: School, rows: list[ParsedStaff], file: str) -> list[Problem]:
    elsewhere = set(
        Membership.objects.filter(user__email__in=[r.email for r in rows])
        .exclude(school=school)
        .values_list("user__email", flat=True)
    )
    return [
        Problem(
            file,
            row.line,
            _(
                "%(email)s also works at another school; this file may not change that "
                "person. Check it, then import with --shared-staff."
            )
            % {"email": row.email},
        )
        for row in rows
        if row.email in elsewhere
    ]


def pupil_login(email: str) -> User | None:
    """The account a pupil of 16 or older logs in with: her own, never one that is a parent's
    or a staff member's (they would decide in her name). None when the address is taken."""
    user = User.objects.filter(email=email).first()
    if user is None:
        return User.objects.create_user(email)
    if user.guardian_roles.exists() or Membership.objects.filter(user=user).exists():
        return None
    return user


def _pupil_email_problems(rows: list[ParsedPupil], file: str) -> list[Problem]:
    """A pupil's address is her login from 16: shared with a parent or a member of staff,
    that person could decide in her name."""
    wanted = [r.email for r in rows if r.email]
    taken = set(Guardian.objects.filter(email__in=wanted).values_list("email", flat=True)) | set(
        Membership.objects.filter(user__email__in=wanted).values_list("user__email", flat=True)
    )
    return [
        Problem(
            file,
            row.line,
            _(
                "the pupil's e-mail address %(email)s belongs to a guardian or a member of "
                "staff; a pupil needs her own address"
            )
            % {"email": row.email},
        )
        for row in rows
        if row.email in taken
    ]


def _last(row: ParsedStaff) -> str:
    return f"{row.infix} {row.last_name}".strip()
