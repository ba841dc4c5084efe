from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from beeldwacht.audit.services import verify


class Command(BaseCommand):
    help = "Check the audit trail's hash chain; exit 1 at the first broken link."

    def handle(self, *args, **options):
        checked, broken = verify()
        if broken is None:
            self.stdout.write(
                _("Audit trail intact: %(count)d events checked.") % {"count": checked}
            )
            return
        reasons = {
            "missing": _("event is missing"),
            "previous_hash": _("does not point to the event before it"),
            "hash": _("content was changed after it was written"),
        }
        raise CommandError(
            _("Audit trail broken at event %(sequence)d: %(reason)s.")
            % {"sequence": broken.sequence, "reason": reasons[broken.reason]}
        )
