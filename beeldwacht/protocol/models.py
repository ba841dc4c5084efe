"""The school's media protocol in versions, as its own version table keeps them (number,
date, status, authors, what changed), and each staff member's acknowledgement of an adopted
version, tied to the SHA-256 of the exact text (DOMAIN 8)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from beeldwacht.domain.protocol import Stage
from beeldwacht.schools.models import School, SchoolClass


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


class Grant(models.Model):
    """A permission the protocol leaves to management, on record (DOMAIN 8): social media
    used during lessons, for one group and a period (A.1), or a staff member's statements in
    external media (U6). Shown where it applies; ended early by management if need be."""

    class Kind(models.TextChoices):
        SOCIAL_MEDIA_IN_LESSONS = "social_media", _("Social media during lessons")
        EXTERNAL_STATEMENTS = "statements", _("Statements in external media")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("permission for"), max_length=16, choices=Kind.choices)
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("group")
    )
    staff_member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("colleague"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    about = models.CharField(_("what for"), max_length=300)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField()

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    kind="social_media", school_class__isnull=False, staff_member=None
                )
                | models.Q(kind="statements", school_class=None, staff_member__isnull=False),
                name="grant_for_a_group_or_a_colleague",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="grant_period_not_backwards",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.starts_on}–{self.ends_on}"
