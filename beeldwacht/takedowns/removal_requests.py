"""The request to an external medium (a newspaper, a social media account the school does
not run) to remove what it published: drafted when the takedown opens, in Dutch whatever the
reader's language, and sent from Beeldwacht to the channel's editor address when the school
says so. It names the publication, its date and where it appeared, and which photo or
passage, never the child: the medium needs to know what to remove, not whose consent changed.
"""

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from beeldwacht.audit.models import AuditEvent
from beeldwacht.audit.services import record as audit
from beeldwacht.common.errors import InvalidInput
from beeldwacht.common.mail import send_or_log
from beeldwacht.common.permissions import Capability
from beeldwacht.people.keys import person_fields
from beeldwacht.schools.access import require
from beeldwacht.takedowns.models import Mention, Placement, PublishedItem, Takedown

SUBJECT = "Onderwerp: "


def draft(placement: Placement, reason: str, key: str | None, *, possible: bool) -> str:
    publication = placement.publication
    attachments = [pm.item_id for pm in publication.media.all()]
    places = {"image": [], "sound": [], "name": []}
    if key is not None:
        for mention in Mention.objects.filter(
            publication=publication, channel=placement.channel, **person_fields(key)
        ):
            places[mention.kind] += mention.places
    maybe = []
    if possible:  # not marked, but one of the faces nobody identified may be theirs
        maybe = sorted(
            attachments.index(p.item_id) + 1
            for p in PublishedItem.objects.filter(
                publication=publication, channel=placement.channel, unidentified_faces__gt=0
            )
            if p.item_id in attachments
        )
    with translation.override("nl"):
        return render_to_string(
            "takedowns/removal_request.txt",
            {
                "school": publication.school,
                "publication": publication,
                "placement": placement,
                "asked": reason == Takedown.Reason.REQUEST,
                "withdrawn": reason == Takedown.Reason.WITHDRAWN,
                "author": publication.decided_by or publication.author,
                "attachments": len(attachments),
                "images": sorted(p["item"] for p in places["image"]),
                "sounds": sorted(p["item"] for p in places["sound"]),
                "passages": sorted(places["name"], key=lambda p: p["paragraph"]),
                "maybe": maybe,
            },
        ).strip()


def _subject_and_body(text: str) -> tuple[str, str]:
    first, _sep, rest = text.partition("\n")
    if first.startswith(SUBJECT):
        return first[len(SUBJECT) :].strip(), rest.strip()
    return _("Removal request"), text


def send(*, takedown: Takedown, by, now=None) -> Takedown:
    """Mail the drafted request to the channel's editors, from Beeldwacht, then record when
    and to whom (on the task and in the audit trail). Sent first and recorded after: the
    trail never says a mail went out that the mail server refused. The task stays open: it
    is done when the medium has removed it."""
    require(by, Capability.APPROVE_PUBLICATION, school=takedown.school)
    address = takedown.placement.channel.editor_email
    if takedown.status != Takedown.Status.OPEN or not takedown.removal_request:
        raise InvalidInput(_("There is no open removal request to send."))
    if not address:
        raise InvalidInput(_("First enter the editors' address in the channel's settings."))
    subject, body = _subject_and_body(takedown.removal_request)
    mail = EmailMessage(subject=subject, body=body, to=[address], reply_to=[by.email])
    if not send_or_log(mail, f"removal request of takedown {takedown.public_id}"):
        raise InvalidInput(_("The mail could not be sent. Try again later."))
    with transaction.atomic():
        Takedown.objects.filter(pk=takedown.pk).update(
            request_sent_at=now or timezone.now(), request_sent_to=address, request_sent_by=by
        )
        audit(
            AuditEvent.Type.TAKEDOWN_REQUEST_SENT,
            by=by,
            school=takedown.school,
            subject=takedown,
            data={"channel": takedown.placement.channel.key},
        )
    takedown.refresh_from_db()
    return takedown
