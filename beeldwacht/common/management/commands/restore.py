"""`beeldwacht restore DIR`: put a backup into an empty installation, check every file and
every original against its checksum, then the audit trail (actions.backup), and run the
daily jobs that are due. Exit code 1 when anything did not come back unchanged."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.actions.backup import restore_backup
from beeldwacht.common import sealed
from beeldwacht.common.daily import run_daily_jobs
from beeldwacht.common.errors import DomainError


class Command(BaseCommand):
    help = "Restore a backup into an empty installation and check it."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="the backup's folder")

    def handle(self, *args, directory, **options):
        try:
            key = sealed.read_key(settings.BACKUP_KEY_FILE)
            report = restore_backup(directory, key=key)
        except DomainError as error:
            raise CommandError(error.message) from None
        # Migrations newer than the backup (restored into a newer Beeldwacht) run now.
        call_command("migrate", verbosity=0)
        self.stdout.write(
            _("Restored: %(files)d files, %(originals)d originals checked.")
            % {"files": report.files, "originals": report.originals_checked}
        )
        for problem in report.problems:
            self.stderr.write(problem)
        call_command("audit-verify", stdout=self.stdout, stderr=self.stderr)
        if report.problems:
            raise CommandError(_("The restore is not complete: see the lines above."))
        # The backup is from an earlier day: what expired meanwhile (consent at the end of the
        # school year, and every retention rule among the daily jobs) goes now, before anyone
        # sees the restored school, not when the worker next gets to it.
        for job in run_daily_jobs(timezone.localdate()):
            self.stdout.write(_("Daily job done: %(job)s.") % {"job": job})
