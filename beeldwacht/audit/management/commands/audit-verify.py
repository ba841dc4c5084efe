from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from beeldwacht.audit.anchors import AnchorUnreadable, anchor_dir, read_anchors
from beeldwacht.audit.services import verify


class Command(BaseCommand):
    help = "Check the audit trail's chain, head and anchors; exit 1 at the first broken link."

    def handle(self, *args, **options):
        try:
            anchors = [anchor for _path, anchor in read_anchors()]
        except AnchorUnreadable as error:
            raise CommandError(
                _("Audit anchor %(name)s in %(dir)s cannot be read: it was changed or damaged.")
                % {"name": error, "dir": anchor_dir()}
            ) from error
        checked, broken = verify(anchors)
        if broken is None:
            self.stdout.write(
                _("Audit trail intact: %(count)d events checked.") % {"count": checked}
            )
            if anchors:
                self.stdout.write(
                    _("Checked against %(n)d anchor(s); the latest: event %(sequence)d, %(hash)s.")
                    % {
                        "n": len(anchors),
                        "sequence": anchors[-1].sequence,
                        "hash": anchors[-1].hash,
                    }
                )
            else:
                self.stdout.write(_("No anchors yet: run 'beeldwacht audit-anchor' daily."))
            return
        reasons = {
            "missing": _("event is missing"),
            "previous_hash": _("does not point to the event before it"),
            "hash": _("content was changed after it was written"),
            "unkeyed": _("was written without the audit key after keyed events"),
            "head_missing": _("the record of the trail's last event is missing"),
            "head": _("the record of the trail's last event does not match the trail"),
            "anchor": _("differs from the anchor made earlier"),
            "anchor_forged": _("an anchor is not signed with this installation's audit key"),
        }
        raise CommandError(
            _("Audit trail broken at event %(sequence)d: %(reason)s.")
            % {"sequence": broken.sequence, "reason": reasons[broken.reason]}
        )
