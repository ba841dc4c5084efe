from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from beeldwacht.actions.schools import add_school
from beeldwacht.common.errors import DomainError


class Command(BaseCommand):
    help = "Create a school (idempotent on the BRIN code)."

    def add_arguments(self, parser):
        parser.add_argument("brin", help="BRIN code, e.g. 12AB")
        parser.add_argument("name", help="The school's name")
        parser.add_argument("--board", help="The board (stichting); defaults to the school name")

    def handle(self, *args, brin, name, board, **options):
        try:
            result = add_school(brin=brin, name=name, board_name=board)
        except DomainError as error:
            raise CommandError(error.message) from None
        if result.created:
            self.stdout.write(_("School %(brin)s created.") % {"brin": result.school.brin})
        else:
            self.stdout.write(
                _("School %(brin)s already exists; nothing changed.") % {"brin": result.school.brin}
            )
