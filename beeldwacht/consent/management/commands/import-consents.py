import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.common.actors import SYSTEM
from beeldwacht.common.errors import DomainError
from beeldwacht.common.tabular import read_rows
from beeldwacht.consent.imports import parse_consents
from beeldwacht.schools.commands import school_or_error
from beeldwacht.takedowns.actions import import_consents


class Command(BaseCommand):
    help = "Import consent decisions (leerlingnummer;kanaal;soort;besluit;datum;door)."

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="BRIN code of the school")
        parser.add_argument("file", type=Path)
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args, school, file, json: bool, **options):
        found = school_or_error(school)
        try:
            rows, problems = parse_consents(
                found, read_rows(file), file=file.name, today=timezone.localdate()
            )
        except DomainError as error:
            raise CommandError(error.message) from None
        report = import_consents(school=found, rows=rows, problems=problems, by=SYSTEM)
        if json:
            self.stdout.write(_dump(report))
        elif report.problems:
            self.stderr.write(_("%(count)d problem(s) found:") % {"count": len(report.problems)})
            for problem in report.problems:
                self.stderr.write(
                    _("%(file)s, line %(line)d: %(message)s")
                    % {"file": problem.file, "line": problem.line, "message": problem.message}
                )
        else:
            self.stdout.write(_("Decisions added: %(count)d") % {"count": report.added})
            self.stdout.write(_("Already present: %(count)d") % {"count": report.already_present})
        if not report.ok:
            raise CommandError(_("Nothing was imported: fix the problems above and try again."))


def _dump(report) -> str:
    return json.dumps(
        {
            "ok": report.ok,
            "added": report.added,
            "already_present": report.already_present,
            "problems": [vars(p) for p in report.problems],
        },
        ensure_ascii=False,
        indent=2,
    )
