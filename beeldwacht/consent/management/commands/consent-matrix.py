import csv
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.common.tabular import spreadsheet_safe
from beeldwacht.consent.selectors import KINDS, channels_for, consent_grid, pupils_for
from beeldwacht.people.services import class_name
from beeldwacht.schools.commands import school_or_error
from beeldwacht.schools.models import SchoolClass

FIELDS = ["pupil", "group", "channel", "kind", "status", "since"]


class Command(BaseCommand):
    help = "Print the consent status of every pupil x channel x kind, for other systems."

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="BRIN code of the school")
        parser.add_argument("--group", help="only this group, e.g. 5")
        parser.add_argument("--channel", help="only this channel key, e.g. website")
        parser.add_argument("--kind", choices=[str(k) for k in KINDS])
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args, school, group, channel, kind, format, **options):
        found = school_or_error(school)
        class_ids = None
        if group:
            classes = SchoolClass.objects.filter(school=found, name__iexact=class_name(group))
            if not classes:
                raise CommandError(_("No group %(group)s at this school.") % {"group": group})
            class_ids = [c.pk for c in classes]
        channels = list(channels_for(found))
        if channel:
            channels = [c for c in channels if c.key == channel]
            if not channels:
                raise CommandError(_("No channel with key %(key)s.") % {"key": channel})
        kinds = [kind] if kind else KINDS
        pupils = list(pupils_for(found, class_ids=class_ids))
        grid = consent_grid(found, pupils, channels, timezone.localdate(), kinds)
        rows = [
            {
                "pupil": pupil.las_number,
                "group": pupil.school_class.name if pupil.school_class else "",
                "channel": ch.key,
                "kind": str(k),
                "status": str(grid[(pupil.pk, ch.pk, k)].status),
                "since": (d.isoformat() if (d := grid[(pupil.pk, ch.pk, k)].since) else None),
            }
            for pupil in pupils
            for ch in channels
            for k in kinds
        ]
        if format == "json":
            self.stdout.write(json.dumps(rows, indent=1))
        else:
            writer = csv.DictWriter(self.stdout, fieldnames=FIELDS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(
                {key: spreadsheet_safe(value) for key, value in row.items()} for row in rows
            )
