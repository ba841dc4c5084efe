"""`beeldwacht apply-retention`: the daily retention run (actions.retention). Deletes the
file entries, consent proof, incident evidence and unpublished media whose retention period
has passed, and says how many per school. Idempotent; the worker runs it once a day, or run
it from cron."""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beeldwacht.actions.retention import apply_retention

# In the order the summary lists them.
LABELS = {
    "pupil_file_entries": gettext_lazy("letters and replies in pupil files"),
    "personnel_file_entries": gettext_lazy("letters and replies in personnel files"),
    "consent_records": gettext_lazy("consent answers"),
    "one_off_answers": gettext_lazy("one-off consent answers"),
    "evidence_files": gettext_lazy("incident evidence files"),
    "media_items": gettext_lazy("photos, videos and sound recordings never published"),
}


class Command(BaseCommand):
    help = "Delete the records whose retention period has passed."

    def handle(self, *args, **options):
        deleted = apply_retention(today=timezone.localdate())
        if not deleted:
            self.stdout.write(_("Nothing had passed its retention period."))
        for school, counts in sorted(deleted.items(), key=lambda pair: pair[0].brin):
            listed = ", ".join(
                f"{counts[key]} {label}" for key, label in LABELS.items() if counts[key]
            )
            self.stdout.write(f"{school.brin}: {listed}")
