import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.common.errors import DomainError
from beeldwacht.common.tabular import read_rows
from beeldwacht.people.roster import Problem, parse_pupils, parse_staff
from beeldwacht.people.services import ImportReport, roster_import
from beeldwacht.schools.commands import school_or_error


class Command(BaseCommand):
    help = "Import pupils with guardians (and optionally staff) from a CSV or XLSX export."

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="BRIN code of the school")
        parser.add_argument("file", nargs="?", type=Path, help="pupils with guardians")
        parser.add_argument("--staff", type=Path, help="staff file")
        parser.add_argument("--dry-run", action="store_true", help="report, change nothing")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")
        parser.add_argument(
            "--shared-staff",
            action="store_true",
            help="allow changing staff who also work at another school (checked by hand)",
        )

    def handle(
        self, *args, school, file, staff, dry_run, json: bool, shared_staff: bool, **options
    ):
        found = school_or_error(school)
        if file is None and staff is None:
            raise CommandError(_("Give a pupil file, a staff file (--staff), or both."))
        today = timezone.localdate()
        problems: list[Problem] = []
        pupils = staff_rows = None
        try:
            if file is not None:
                pupils, found_problems = parse_pupils(read_rows(file), file=file.name, today=today)
                problems += found_problems
            if staff is not None:
                staff_rows, found_problems = parse_staff(read_rows(staff), file=staff.name)
                problems += found_problems
        except DomainError as error:
            raise CommandError(error.message) from None
        report = roster_import(
            school=found,
            pupils=pupils,
            staff=staff_rows,
            problems=problems,
            dry_run=dry_run,
            today=today,
            staff_file=staff.name if staff else "",
            pupils_file=file.name if file else "",
            allow_shared_staff=shared_staff,
        )
        if json:
            self.stdout.write(_json_dump(report))
        else:
            self._print(report)
        if not report.ok:
            raise CommandError(_("Nothing was imported: fix the problems above and try again."))

    def _print(self, report: ImportReport) -> None:
        if report.problems:
            self.stderr.write(_("%(count)d problem(s) found:") % {"count": len(report.problems)})
            for problem in report.problems:
                self.stderr.write(
                    _("%(file)s, line %(line)d: %(message)s")
                    % {"file": problem.file, "line": problem.line, "message": problem.message}
                )
            return
        if report.dry_run:
            self.stdout.write(_("Trial run: nothing was saved."))
        lines = [
            (_("Pupils added"), len(report.pupils_added)),
            (_("Pupils changed"), len(report.pupils_changed)),
            (_("Pupils left school"), len(report.pupils_left)),
            (_("Pupils unchanged"), report.pupils_unchanged),
            (_("Guardians added"), report.guardians_added),
            (_("Guardians changed"), report.guardians_changed),
            (_("Guardianships ended"), report.guardianships_ended),
            (_("Logins made for pupils of 16 or older"), report.pupil_logins),
            (_("Staff added"), report.staff_added),
            (_("Staff changed"), report.staff_changed),
            (_("Staff left"), report.staff_left),
        ]
        for label, count in lines:
            self.stdout.write(f"{label}: {count}")
        if report.pupils_left:
            self.stdout.write(
                _("Pupil numbers that left: %(numbers)s")
                % {"numbers": ", ".join(report.pupils_left)}
            )


def _json_dump(report: ImportReport) -> str:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2)
