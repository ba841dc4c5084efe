import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from beeldwacht.publications.pii import get_deduce


class Command(BaseCommand):
    help = "Build and load the text checker's lookup data (slow once per machine; run at install)."
    requires_system_checks: list[str] = []  # runs without a configured installation

    def handle(self, *args, **options):
        started = time.monotonic()
        get_deduce()
        self.stdout.write(
            _("Text checker ready (%(seconds).0f s).") % {"seconds": time.monotonic() - started}
        )
