"""`beeldwacht status`: what `/gereed/` tells a load balancer, for an operator (exit code 1
when not ready)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beeldwacht.common.health import readiness

LABELS = {
    "database": gettext_lazy("database"),
    "storage": gettext_lazy("storage"),
    "queue": gettext_lazy("queue"),
    "daily": gettext_lazy("daily jobs"),
}


class Command(BaseCommand):
    help = "Check the database, the storage, the worker's queue and the daily jobs."

    def handle(self, *args, **options):
        checks = readiness()
        for check in checks:
            mark = _("OK") if check.ok else _("FAIL")
            self.stdout.write(f"{mark:<5} {LABELS[check.name]!s:<16} {check.detail}")
        if not all(check.ok for check in checks):
            raise CommandError(_("Not ready: see the lines marked %(fail)s.") % {"fail": _("FAIL")})
        self.stdout.write(_("Ready."))
