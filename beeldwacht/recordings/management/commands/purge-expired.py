"""`beeldwacht purge-expired`: the daily retention run. Destroys every classroom recording
whose review grace period or last day has passed (the file; the deletion record stays).
Idempotent; the worker runs it once a day, or run it from cron."""

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from beeldwacht.recordings.services import purge_expired


class Command(BaseCommand):
    help = "Destroy the classroom recordings whose time is up."

    def handle(self, *args, **options):
        destroyed = purge_expired()
        self.stdout.write(
            ngettext(
                "%(n)d classroom recording destroyed.",
                "%(n)d classroom recordings destroyed.",
                destroyed,
            )
            % {"n": destroyed}
        )
