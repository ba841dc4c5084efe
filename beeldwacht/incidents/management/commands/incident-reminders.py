"""`beeldwacht incident-reminders`: mail the board and management every incident step that
is still open (the inspector's phone report, the police report, the WPO 4a track). Daily,
from the worker or cron, until each is recorded."""

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from beeldwacht.incidents.tracks import remind


class Command(BaseCommand):
    help = "Remind the board and management of open incident steps."

    def handle(self, *args, **options):
        sent = remind()
        self.stdout.write(
            ngettext("%(n)d reminder sent.", "%(n)d reminders sent.", sent) % {"n": sent}
        )
