from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from beeldwacht.common.actors import SYSTEM
from beeldwacht.consent.services import campaign_send, campaign_start
from beeldwacht.schools.commands import school_or_error


class Command(BaseCommand):
    help = "Send this school year's consent invitations and due reminders (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="BRIN code of the school")

    def handle(self, *args, school, **options):
        found = school_or_error(school)
        campaign = campaign_start(school=found, by=SYSTEM)
        report = campaign_send(campaign=campaign, by=SYSTEM)
        self.stdout.write(
            _("Invitations: %(i)d, reminders: %(r)d, failed: %(f)d, waiting for a reminder: %(w)d")
            % {
                "i": report.invitations,
                "r": report.reminders,
                "f": report.failed,
                "w": report.waiting,
            }
        )
        if report.failed:
            raise CommandError(_("Some mails could not be sent; they are tried again next run."))
