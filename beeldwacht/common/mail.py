"""Mail written from a pair of templates, `<name>_subject.txt` and `<name>_body.txt`, in the
reader's language (parents and staff may choose English; the default is Dutch)."""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def site_url(path: str) -> str:
    """An absolute link to a page of this installation, for a mail (SITE_URL + path)."""
    return settings.SITE_URL.rstrip("/") + path


def templated_mail(*, to: str, language: str, template: str, context: dict) -> EmailMessage:
    with translation.override(language or "nl"):
        # One line, whatever the template was given: a title with a line break in it would
        # otherwise be refused as a header injection.
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    return EmailMessage(subject=subject, body=body, to=[to])


def send_or_log(message: EmailMessage, what: str) -> bool:
    """Send one mail outside any transaction. A failure is logged with `what` (an id, never
    an address or a name) and reported, not raised: the caller's record stands."""
    try:
        message.send()
    except (OSError, smtplib.SMTPException):
        logger.warning("Mail not sent: %s", what)
        return False
    return True
