"""`beeldwacht protocol-import --school BRIN FILE`: bring a school's existing media protocol
in as one version (Markdown or plain text), as a concept, or adopted with --adopted (then
every staff member is asked to acknowledge it)."""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.common.actors import SYSTEM
from beeldwacht.common.errors import DomainError, InvalidInput
from beeldwacht.protocol.models import ProtocolVersion
from beeldwacht.protocol.services import version_create, version_move
from beeldwacht.schools.commands import school_or_error


class Command(BaseCommand):
    help = "Import a school's media protocol (Markdown or text) as a version."

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="BRIN code of the school")
        parser.add_argument("file", type=Path, help="the protocol, Markdown or plain text")
        parser.add_argument("--number", required=True, help="its version number, e.g. 2.0")
        parser.add_argument("--authors", required=True, help="who wrote it")
        parser.add_argument("--date", help="its date (YYYY-MM-DD); today when left out")
        parser.add_argument("--note", default="", help="what changed")
        parser.add_argument("--adopted", action="store_true", help="import it as adopted")

    def handle(self, *args, school, file, number, authors, date, note, adopted, **options):
        found = school_or_error(school)
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(
                _("The file %(file)s cannot be read as UTF-8 text.") % {"file": file.name}
            ) from error
        try:
            dated = _date(date)
            with transaction.atomic():  # a version that cannot be adopted is not kept either
                version = version_create(
                    school=found,
                    number=number,
                    dated=dated,
                    authors=authors,
                    change_note=note,
                    text=text,
                    by=SYSTEM,
                )
                if adopted:
                    version = version_move(
                        version=version, to=ProtocolVersion.Status.ADOPTED, by=SYSTEM
                    )
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            _("Version %(number)s imported (%(status)s, %(chars)d characters).")
            % {
                "number": version.number,
                "status": version.get_status_display(),
                "chars": len(version.text),
            }
        )


def _date(value: str | None) -> date:
    if not value:
        return timezone.localdate()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(_("Give the date as YYYY-MM-DD, for example 2024-06-01.")) from None
