"""`beeldwacht webhooks`: a school's webhooks from the command line (issue 14, build 5).

    beeldwacht webhooks list --school 12AB
    beeldwacht webhooks test --school 12AB ID

`test` queues a test message; `list` shows how the last message to each went."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from beeldwacht.common.actors import SYSTEM
from beeldwacht.integrations.models import Webhook
from beeldwacht.integrations.webhooks import send_test
from beeldwacht.schools.commands import school_or_error


class Command(BaseCommand):
    help = "List a school's webhooks, or send one a test message."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        listing = actions.add_parser("list", help="the school's webhooks and their last message")
        listing.add_argument("--school", required=True, help="BRIN code of the school")
        test = actions.add_parser("test", help="send a webhook a test message")
        test.add_argument("--school", required=True, help="BRIN code of the school")
        test.add_argument("webhook", help="the webhook's id, as 'list' shows it")

    def handle(self, *args, action, school, **options):
        found = school_or_error(school)
        hooks = Webhook.objects.filter(school=found, removed_at__isnull=True)
        if action == "list":
            if not hooks:
                self.stdout.write(_("No webhooks."))
            for hook in hooks:
                last = hook.deliveries.first()
                state = _("nothing sent yet")
                if last is not None:
                    state = (
                        _("last message delivered")
                        if last.delivered_at
                        else _("last message not delivered (%(tries)d tries)")
                        % {"tries": last.attempts}
                    )
                self.stdout.write(f"{hook.public_id}  {hook.url}  {','.join(hook.events)}  {state}")
            return
        hook = hooks.filter(public_id=_uuid(options["webhook"])).first()
        if hook is None:
            raise CommandError(_("No webhook %(id)s at this school.") % {"id": options["webhook"]})
        send_test(webhook=hook, by=SYSTEM)
        self.stdout.write(_("Test message queued for %(url)s.") % {"url": hook.url})


def _uuid(text: str):
    import uuid

    try:
        return uuid.UUID(text)
    except ValueError:
        return None
