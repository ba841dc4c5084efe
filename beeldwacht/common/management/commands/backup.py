"""`beeldwacht backup DIR`: a dated, sealed backup of the database and every stored file
(actions.backup). `beeldwacht backup --new-key FILE` makes the key; BACKUP_KEY_FILE names it."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.actions.backup import make_backup
from beeldwacht.common import sealed
from beeldwacht.common.errors import DomainError


class Command(BaseCommand):
    help = "Back up the database and the stored files, sealed with the backup key."
    # Making a key comes first, before the installation's own secrets are set (the system
    # checks ask for those); a backup itself needs none of what they check.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", type=Path, help="where the backup goes")
        parser.add_argument("--new-key", type=Path, metavar="FILE", help="make a new key file")

    def handle(self, *args, directory, new_key, **options):
        if new_key is not None:
            try:
                sealed.new_key(new_key)
            except FileExistsError:
                raise CommandError(
                    _("%(path)s already exists; a key is never overwritten.") % {"path": new_key}
                ) from None
            self.stdout.write(
                _("Key written to %(path)s. Keep a copy apart from the backups.")
                % {"path": new_key}
            )
            return
        if directory is None:
            raise CommandError(_("Give the folder for the backup."))
        try:
            key = sealed.read_key(settings.BACKUP_KEY_FILE)
            folder = make_backup(directory, key=key, now=timezone.now())
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(_("Backup written to %(folder)s.") % {"folder": folder})
