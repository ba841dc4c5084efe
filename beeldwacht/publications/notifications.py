"""Mails along a publication's way: to the approvers when it is submitted, to the author
when it is sent back, approved or published, and the questions of its thread (B.3). Sent
after the step is committed; a mail that fails is logged and the step stands. No subject
carries the title: a title may name a child ("Sanne wint de voorleeswedstrijd"), and
subjects end up in lists and phone notifications."""

from django.db import transaction
from django.urls import reverse

from beeldwacht.common.mail import send_or_log, site_url, templated_mail
from beeldwacht.common.permissions import Capability
from beeldwacht.publications.models import Publication
from beeldwacht.schools.access import staff_with


def _link(publication: Publication) -> str:
    return site_url(
        reverse(
            "publications:detail",
            kwargs={"brin": publication.school.brin, "publication_id": publication.public_id},
        )
    )


def _send(publication: Publication, recipients, step: str) -> None:
    for user in recipients:
        mail = templated_mail(
            to=user.email,
            language=user.language,
            template=f"publications/email/{step}",
            context={"publication": publication, "link": _link(publication), "user": user},
        )
        send_or_log(mail, f"{step} of publication {publication.public_id}")


def after_step(publication: Publication, step: str, *, by) -> None:
    """Queue the mails of one step, to be sent once the transaction commits: 'submitted'
    goes to every approver but the one who submitted; 'sent_back', 'approved' and
    'published' go to the author, unless the author took the step herself."""
    if step == "submitted":
        recipients = list(
            staff_with(publication.school, Capability.APPROVE_PUBLICATION).exclude(pk=by.pk)
        )
    elif publication.author_id and publication.author_id != by.pk:
        recipients = [publication.author]
    else:
        return
    transaction.on_commit(lambda: _send(publication, recipients, step))


def question_asked(message) -> None:
    """A question or answer in a publication's thread (B.3), to the one it is addressed to."""
    publication = message.publication
    mail = templated_mail(
        to=message.recipient.email,
        language=message.recipient.language,
        template="publications/email/question",
        context={"message": message, "publication": publication, "link": _link(publication)},
    )
    send_or_log(mail, f"question on publication {publication.public_id}")
