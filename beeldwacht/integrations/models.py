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


class Event(models.TextChoices):
    CONSENT_CHANGED = "consent.changed", _("Consent changed")
    TAKEDOWN_OPENED = "takedown.opened", _("Something has to come down")


class Webhook(models.Model):
    """An address of another system that Beeldwacht tells of changes, signed with a secret
    shared with that system (HMAC-SHA256, integrations.webhooks)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="webhooks")
    url = models.URLField(_("address"), max_length=500)
    events = models.JSONField(default=list)
    # Needed to sign every delivery, so kept as it is (like a password for the other side);
    # shown once, when the webhook is made.
    secret = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField()
    removed_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.url


class Delivery(models.Model):
    """One message to one webhook, tried until it lands or Beeldwacht gives up: the log the
    school reads per webhook."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    webhook = models.ForeignKey(Webhook, on_delete=models.PROTECT, related_name="deliveries")
    event = models.CharField(max_length=32)
    payload = models.JSONField()
    created_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True)  # None: delivered or given up
    delivered_at = models.DateTimeField(null=True)
    given_up_at = models.DateTimeField(null=True)
    last_status = models.PositiveSmallIntegerField(null=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["webhook", "-created_at"], name="delivery_log")]

    def __str__(self) -> str:
        return f"{self.event} -> {self.webhook_id}"


class Outbox(models.Model):
    """How far the audit trail has been read for webhooks: one row, its last sequence."""

    name = models.CharField(max_length=32, unique=True)
    last_sequence = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}@{self.last_sequence}"
