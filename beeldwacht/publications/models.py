"""Publications: text plus media for one or more channels, through draft -> submitted ->
approved or sent back -> published -> withdrawn (domain.publication). Where they appeared and
who they show is the takedown ledger's (beeldwacht.takedowns)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from beeldwacht.common.models import TimestampedModel
from beeldwacht.consent.models import Channel
from beeldwacht.domain.publication import State
from beeldwacht.media.models import Activity, MediaItem
from beeldwacht.schools.models import School


class Publication(TimestampedModel):
    class Status(models.TextChoices):
        DRAFT = State.DRAFT.value, _("Draft")
        SUBMITTED = State.SUBMITTED.value, _("Submitted")
        SENT_BACK = State.SENT_BACK.value, _("Sent back")
        APPROVED = State.APPROVED.value, _("Approved")
        PUBLISHED = State.PUBLISHED.value, _("Published")
        WITHDRAWN = State.WITHDRAWN.value, _("Withdrawn")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="publications")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)  # Markdown
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    personal_title = models.BooleanField(_("on personal title"), default=False)
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    channels = models.ManyToManyField(Channel, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True)
    comment = models.TextField(blank=True)  # why it was sent back
    published_at = models.DateTimeField(null=True)
    withdrawn_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title


class PublicationMedia(models.Model):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="media")
    item = models.ForeignKey(MediaItem, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "item"], name="publicationmedia_once")
        ]

    def __str__(self) -> str:
        return f"{self.publication_id}/{self.item_id}"


class ThreadMessage(models.Model):
    """'In doubt? Ask your supervisor' (protocol B.3): a question about a publication to a
    supervisor, and the answers, kept on the publication."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="thread")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField()
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return f"{self.publication_id}@{self.sent_at:%Y-%m-%d}"
