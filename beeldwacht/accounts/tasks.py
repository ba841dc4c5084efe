"""Mail of the login pages (a login code, a password reset), sent by the worker after the
response: the page then answers a known and an unknown address alike, in the same time, so
its speed tells nobody who has an account (issue #9, finding 4)."""

from django.core.mail import EmailMultiAlternatives
from django.tasks import task

QUEUE = "mail"


@task(queue_name=QUEUE)
def send_account_mail(
    *, subject: str, body: str, from_email: str, to: list[str], alternatives: list
) -> None:
    message = EmailMultiAlternatives(subject, body, from_email, to)
    for content, mimetype in alternatives:
        message.attach_alternative(content, mimetype)
    message.send()
