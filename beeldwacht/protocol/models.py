"""The school's media protocol in versions, as its own version table keeps them (number,
date, status, authors, what changed), and each staff member's acknowledgement of an adopted
version, tied to the SHA-256 of the exact text (DOMAIN 8)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from beeldwacht.domain.protocol import Stage
from beeldwacht.schools.models import School


class ProtocolVersion(models.Model):
    class Status(models.TextChoices):
        CONCEPT = Stage.CONCEPT.value, _("Concept")
        CONCEPT_MT = Stage.CONCEPT_MT.value, _("Concept for the management team")
        ADOPTED = Stage.ADOPTED.value, _("Adopted")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("version"), max_length=20)
    dated = models.DateField(_("date"))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.CONCEPT)
    authors = models.CharField(_("authors"), max_length=300)
    change_note = models.TextField(_("what changed"), blank=True)
    text = models.TextField(_("text (Markdown)"))
    text_sha256 = models.CharField(max_length=64, blank=True)  # set when adopted
    adopted_at = models.DateTimeField(null=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-dated", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["school", "number"], name="protocol_number_once")
        ]

    def __str__(self) -> str:
        return self.number


class Acknowledgement(models.Model):
    """A staff member read this adopted version and keeps to it."""

    version = models.ForeignKey(
        ProtocolVersion, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text_sha256 = models.CharField(max_length=64)
    acknowledged_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="acknowledged_once")
        ]

    def __str__(self) -> str:
        return f"{self.version_id}/{self.user_id}"
