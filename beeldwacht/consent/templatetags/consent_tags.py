import functools

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from beeldwacht.consent.forms import STATUS_LABELS

register = template.Library()


@register.simple_tag
def status_badge(decision) -> str:
    """A badge whose text says the status, so colour is never the only signal. A refusal
    after a yes says "withdrawn". `decision`: a consent Decision, or anything with its
    `status` and `withdrawn` (a person on the review's exception list)."""
    return _badge(decision.status, decision.withdrawn, get_language())


@functools.cache
def _badge(status, withdrawn: bool, language: str) -> str:
    # A class's matrix has hundreds of badges of a handful of kinds: each is made once.
    label = _("withdrawn") if withdrawn else STATUS_LABELS[status]
    return format_html('<span class="badge {}">{}</span>', status.value, label)
