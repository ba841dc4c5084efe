from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.schools.commands import school_or_error
from beeldwacht.takedowns.ledger import takedowns_remind


class Command(BaseCommand):
    help = "Mail the owners of overdue takedowns (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="BRIN code of the school")

    def handle(self, *args, school, **options):
        found = school_or_error(school)
        sent, failed = takedowns_remind(school=found, today=timezone.localdate())
        self.stdout.write(
            _("Reminders about overdue takedowns: %(sent)d sent, %(failed)d failed.")
            % {"sent": sent, "failed": failed}
        )
        if failed:
            raise CommandError(_("Some mails could not be sent; they are tried again next run."))
