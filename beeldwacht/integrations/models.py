"""The school's other systems (issue 14): the website's CMS, the parent app, the yearbook
printer and the administration system ask Beeldwacht through the API with a key of their
own, scoped to what they need."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from beeldwacht.schools.models import School


class Scope(models.TextChoices):
    READ_CONSENT = "consent:read", _("Read consent (may a pupil appear on a channel)")
    READ_PUBLICATIONS = "publications:read", _("Read published items")
    WRITE_ROSTER = "roster:write", _("Push the roster")


class ApiKey(models.Model):
    """One system's key. Only its SHA-256 is kept: the key itself is shown once, when it is
    made. The prefix names it in lists and logs without giving it away."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="api_keys")
    name = models.CharField(_("which system"), max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    secret_sha256 = models.CharField(max_length=64)
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True)
    revoked_at = models.DateTimeField(null=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        # The rate limit counts calls per key by this (ninja's AuthRateThrottle).
        return self.prefix
