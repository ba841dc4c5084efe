"""What the command-line tools share about schools."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from beeldwacht.schools.models import School


def school_or_error(brin: str) -> School:
    """The school with this BRIN code (any case, spaces around allowed), or the Dutch error
    that ends the command with exit code 1."""
    found = School.objects.filter(brin=brin.strip().upper()).first()
    if found is None:
        raise CommandError(_("No school with BRIN code %(brin)s.") % {"brin": brin})
    return found
