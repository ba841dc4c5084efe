from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from beeldwacht.consent.forms import STATUS_LABELS

register = template.Library()


@register.simple_tag
def status_badge(decision) -> str:
    """A badge whose text says the status, so colour is never the only signal. A refusal
    after a yes says "withdrawn". `decision`: a consent Decision, or anything with its
    `status` and `withdrawn` (a person on the review's exception list)."""
    label = _("withdrawn") if decision.withdrawn else STATUS_LABELS[decision.status]
    return format_html('<span class="badge {}">{}</span>', decision.status.value, label)
