from django import template
from django.utils.html import format_html

from beeldwacht.consent.forms import STATUS_LABELS

register = template.Library()


@register.simple_tag
def status_badge(decision) -> str:
    """A badge whose text says the status, so colour is never the only signal."""
    return format_html(
        '<span class="badge {}">{}</span>', decision.status.value, STATUS_LABELS[decision.status]
    )
