"""`beeldwacht audit-anchor`: the daily anchor of the audit trail (run from cron or the
worker). Writes the signed anchor file and mails its digest to every privacy contact."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.audit.anchors import anchor_trail
from beeldwacht.audit.services import AuditTrailBroken
from beeldwacht.common.mail import send_or_log, templated_mail
from beeldwacht.common.permissions import Role


class Command(BaseCommand):
    help = "Anchor the audit trail: a signed file with its length and last hash, and a mail."

    def handle(self, *args, **options):
        try:
            anchor, path = anchor_trail(now=timezone.now())
        except (AuditTrailBroken, OSError) as error:
            raise CommandError(getattr(error, "message", None) or str(error)) from error
        recipients = [
            (user.email, user.language)
            for user in get_user_model()
            .objects.filter(
                is_active=True,
                memberships__role=Role.PRIVACY_OFFICER,
                memberships__left_on__isnull=True,
            )
            .distinct()
        ] + [(address, "nl") for address in settings.AUDIT_ANCHOR_EMAILS]
        context = {"anchor": anchor, "made_at": timezone.now()}
        for address, language in recipients:
            message = templated_mail(
                to=address, language=language, template="audit/email/anchor", context=context
            )
            send_or_log(message, f"audit anchor {anchor.sequence}")
        self.stdout.write(
            _("Audit trail anchored at event %(sequence)d in %(path)s; mailed to %(n)d.")
            % {"sequence": anchor.sequence, "path": path, "n": len(recipients)}
        )
