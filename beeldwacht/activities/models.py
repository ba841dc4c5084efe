"""What an activity asks of the people around it (DOMAIN 6, protocol "Ouders die
beeldmateriaal maken"): the message and photo rules sent to the guardians, word for word and
to whom; and the staff privacy rules an accompanying parent or volunteer accepts (B.3), in
versions, each acceptance tied to the exact text read."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from beeldwacht.media.models import Activity, Participant
from beeldwacht.people.models import Guardian
from beeldwacht.schools.models import School

RULES_INSIDE = "rules_inside"
RULES_OUTSIDE = "rules_outside"


class ParentText(models.Model):
    """A school's own wording of a text in activities.texts: the message for one kind of
    activity (`key` is an Activity.Kind), or the photo rules inside or outside the school.
    Without a row the default text counts."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=20)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "key"], name="parenttext_once_per_key")
        ]

    def __str__(self) -> str:
        return self.key


class ParentMailing(models.Model):
    """What went to the guardians of an activity's pupils, as sent, and when."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return self.subject


class MailingRecipient(models.Model):
    """One guardian a mailing was sent to, and whether the mail server took it."""

    mailing = models.ForeignKey(ParentMailing, on_delete=models.CASCADE, related_name="recipients")
    guardian = models.ForeignKey(Guardian, on_delete=models.PROTECT, related_name="+")
    delivered = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mailing", "guardian"], name="recipient_once")
        ]

    def __str__(self) -> str:
        return f"{self.mailing_id}/{self.guardian_id}"


class CompanionRules(models.Model):
    """The school's privacy rules for staff as an accompanying parent or volunteer accepts
    them. A new wording is a new version; what was accepted stays tied to its version."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    body = models.TextField(_("text"))
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["school", "version"], name="companionrules_version")
        ]

    def __str__(self) -> str:
        return f"v{self.version}"


class Invitation(models.Model):
    """A guest of an activity was mailed the link to their page: to give their own consent
    and, for an accompanying parent or volunteer, to accept the rules (`rules`: the version
    they were sent)."""

    # A log of mails: a guest added by mistake (a wrong address) can still be removed.
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    rules = models.ForeignKey(CompanionRules, on_delete=models.PROTECT, null=True, related_name="+")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField()
    delivered = models.BooleanField()

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.participant_id}: v{self.rules_id}"


class Acceptance(models.Model):
    """An accompanying parent or volunteer accepted one version of the rules: signed in by
    code and pressed the button, or on paper, entered by staff."""

    class Method(models.TextChoices):
        PORTAL = "portal", _("Signed in")
        PAPER = "paper", _("On paper")

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="+")
    rules = models.ForeignKey(CompanionRules, on_delete=models.PROTECT, related_name="+")
    text_sha256 = models.CharField(max_length=64)  # of the exact text accepted
    method = models.CharField(max_length=8, choices=Method.choices)
    accepted_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["accepted_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "rules"], name="acceptance_once")
        ]

    def __str__(self) -> str:
        return f"{self.participant_id}: v{self.rules_id}"
