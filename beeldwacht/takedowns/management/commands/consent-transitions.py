"""`beeldwacht consent-transitions`: the daily run that sends consent which ended without
anyone writing (yearly lapse, 'ask again', a pupil who left, a change of parental authority)
through the takedown ledger, marks the yearly lapse in the audit trail (consent/lapse.py),
and tells pupils who turned 16 (and their guardians) that they now decide themselves.
Idempotent; the worker runs it once a day, or run it from cron."""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from beeldwacht.consent.lapse import mark_yearly_lapse
from beeldwacht.consent.sixteen import sixteen_notices
from beeldwacht.schools.commands import school_or_error
from beeldwacht.schools.models import School
from beeldwacht.takedowns.ledger import takedowns_for_transitions


class Command(BaseCommand):
    help = "Send consent that ended by itself (lapse, re-ask, leaving) through the ledger."

    def add_arguments(self, parser):
        parser.add_argument("--school", help="BRIN code of one school (default: every school)")

    def handle(self, *args, school=None, **options):
        schools = [school_or_error(school)] if school else list(School.objects.order_by("brin"))
        now = timezone.now()
        today = timezone.localdate(now)
        for found in schools:
            mark_yearly_lapse(school=found, today=today)
            opened = takedowns_for_transitions(school=found, now=now)
            self.stdout.write(
                _("%(school)s: %(count)d takedown(s) opened.")
                % {"school": found.brin, "count": len(opened)}
            )
            told, failed = sixteen_notices(school=found, today=today)
            if told:
                self.stdout.write(
                    ngettext(
                        "%(school)s: %(told)d pupil turned 16 and was told.",
                        "%(school)s: %(told)d pupils turned 16 and were told.",
                        told,
                    )
                    % {"school": found.brin, "told": told}
                )
            if failed:
                self.stderr.write(
                    ngettext(
                        "%(school)s: %(failed)d birthday mail could not be sent.",
                        "%(school)s: %(failed)d birthday mails could not be sent.",
                        failed,
                    )
                    % {"school": found.brin, "failed": failed}
                )
