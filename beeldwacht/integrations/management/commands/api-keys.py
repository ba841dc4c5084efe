"""`beeldwacht api-keys`: the API keys of a school, from the command line (issue 14, build 5).

    beeldwacht api-keys create --school 12AB --name "Website" --scope consent:read
    beeldwacht api-keys list --school 12AB
    beeldwacht api-keys revoke --school 12AB PREFIX

`create` prints the key once; Beeldwacht keeps only its SHA-256."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from beeldwacht.common.actors import SYSTEM
from beeldwacht.common.errors import DomainError
from beeldwacht.integrations.models import ApiKey, Scope
from beeldwacht.integrations.services import key_create, key_revoke
from beeldwacht.schools.commands import school_or_error


class Command(BaseCommand):
    help = "Make, list and revoke a school's API keys."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="make a key and print it once")
        create.add_argument("--school", required=True, help="BRIN code of the school")
        create.add_argument("--name", required=True, help="the system the key is for")
        create.add_argument(
            "--scope", action="append", required=True, choices=Scope.values, dest="scopes"
        )
        listing = actions.add_parser("list", help="the school's keys, without the keys")
        listing.add_argument("--school", required=True, help="BRIN code of the school")
        revoke = actions.add_parser("revoke", help="stop a key from working")
        revoke.add_argument("--school", required=True, help="BRIN code of the school")
        revoke.add_argument("prefix", help="the key's prefix, as 'list' shows it")

    def handle(self, *args, action, school, **options):
        found = school_or_error(school)
        try:
            getattr(self, f"_{action}")(found, **options)
        except DomainError as error:
            raise CommandError(error.message) from None

    def _create(self, school, *, name, scopes, **options):
        key, token = key_create(school=school, name=name, scopes=scopes, by=SYSTEM)
        self.stdout.write(token)
        self.stderr.write(
            _("Key %(prefix)s made for %(name)s. It is shown only now: hand it over safely.")
            % {"prefix": key.prefix, "name": key.name}
        )

    def _list(self, school, **options):
        keys = ApiKey.objects.filter(school=school)
        if not keys:
            self.stdout.write(_("No API keys."))
        for key in keys:
            state = (
                _("revoked %(date)s") % {"date": key.revoked_at.date().isoformat()}
                if key.revoked_at
                else _("in use")
            )
            used = key.last_used_at.date().isoformat() if key.last_used_at else "-"
            self.stdout.write(
                f"{key.prefix}  {key.name}  {','.join(key.scopes)}  {state}  "
                + _("last used %(date)s") % {"date": used}
            )

    def _revoke(self, school, *, prefix, **options):
        key = ApiKey.objects.filter(school=school, prefix=prefix).first()
        if key is None:
            raise CommandError(_("No key %(prefix)s at this school.") % {"prefix": prefix})
        key_revoke(key=key, by=SYSTEM)
        self.stdout.write(_("Key %(prefix)s no longer works.") % {"prefix": key.prefix})
