"""The consent registry. Records are append-only: a later record of the same decider replaces
an earlier one in the decision (domain.consent), but nothing is edited or deleted, so the
history shows who decided what, when, how and on which consent text."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from beeldwacht.common.models import TimestampedModel
from beeldwacht.domain.consent import Kind as DomainKind
from beeldwacht.people.models import Guardian, Pupil
from beeldwacht.schools.models import School


class Kind(models.TextChoices):
    IMAGE = DomainKind.IMAGE.value, _("Image (photo and video)")
    SOUND = DomainKind.SOUND.value, _("Sound")
    NAME = DomainKind.NAME.value, _("Name and details in text")


class Channel(TimestampedModel):
    class Audience(models.TextChoices):
        INTERNAL = "internal", _("Internal (staff only)")
        PARENTS = "parents", _("Closed (parents of the school)")
        PUBLIC = "public", _("Public")

    class Owner(models.TextChoices):
        SCHOOL = "school", _("The school")
        EXTERNAL = "external", _("External news or trade media")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="channels")
    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("what it is used for"), blank=True)
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices)
    owner = models.CharField(_("owner"), max_length=16, choices=Owner.choices)
    # Where a removal request goes (a newspaper's editors); blank for the school's own.
    editor_email = models.EmailField(_("editors' e-mail address"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)

    class Meta:
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["school", "key"], name="channel_unique_key")]

    def __str__(self) -> str:
        return self.name


class ConsentText(models.Model):
    """The text a guardian reads when deciding. A new version with `material_change` (the
    purposes changed) makes grants on older versions ask again (status `reask`)."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="consent_texts")
    version = models.PositiveIntegerField()
    body = models.TextField(_("text"))
    material_change = models.BooleanField(_("purposes changed: ask again"), default=False)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["school", "version"], name="consenttext_unique")
        ]

    def __str__(self) -> str:
        return f"v{self.version}"


class ConsentRecord(models.Model):
    class Method(models.TextChoices):
        PORTAL = "portal", _("Parent portal")
        PAPER = "paper", _("Paper form")
        STAFF = "staff", _("Recorded by staff")
        IMPORT = "import", _("Imported")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    # Exactly one subject: a pupil, or a staff member deciding about themselves.
    pupil = models.ForeignKey(
        Pupil, on_delete=models.PROTECT, null=True, related_name="consent_records"
    )
    staff_member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="own_consent_records",
    )
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="records")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    decision = models.BooleanField()
    decided_on = models.DateField()
    # Exactly one decider: a guardian, or the subject for themselves (16+ pupil, staff).
    guardian = models.ForeignKey(Guardian, on_delete=models.PROTECT, null=True, related_name="+")
    decided_by_self = models.BooleanField(default=False)
    method = models.CharField(max_length=8, choices=Method.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField()
    consent_text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["decided_on", "id"]
        indexes = [
            models.Index(fields=["school", "pupil"], name="consent_school_pupil"),
            models.Index(fields=["school", "staff_member"], name="consent_school_staff"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(pupil__isnull=False, staff_member__isnull=True)
                    | models.Q(pupil__isnull=True, staff_member__isnull=False, decided_by_self=True)
                ),
                name="consent_one_subject_staff_decide_for_self",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(guardian__isnull=False, decided_by_self=False)
                    | models.Q(guardian__isnull=True, decided_by_self=True)
                ),
                name="consent_exactly_one_decider",
            ),
            models.CheckConstraint(
                condition=models.Q(decided_on__lte=models.F("recorded_at__date")),
                name="consent_not_in_future",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel_id}/{self.kind}: {self.decision} ({self.decided_on})"


class PupilFlag(models.Model):
    """A fact that overrides consent. Safeguarding (child protection, placement, threat):
    never published anywhere. Custody dispute: publication stops until it is lifted. Do not
    photograph or film (a guardian's choice or a school's measure, U5): not even made, and
    the card says so openly. A reason is need-to-know; teachers only see that a child may
    not be photographed."""

    class Kind(models.TextChoices):
        SAFEGUARDING = "safeguarding", _("Safeguarding")
        CUSTODY_DISPUTE = "custody_dispute", _("Custody dispute")
        NO_IMAGES = "no_images", _("Do not photograph or film")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="flags")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reason = models.TextField(_("reason"), blank=True)
    set_on = models.DateField()
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    lifted_on = models.DateField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "kind"],
                condition=models.Q(lifted_on__isnull=True),
                name="pupilflag_one_active_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.set_on})"


class ConsentCampaign(models.Model):
    """The yearly round of asking guardians (DOMAIN 2: schools ask again every school year).
    One per school and school year; reminders go out every `reminder_days` to whoever has
    not answered yet."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="campaigns")
    school_year = models.PositiveSmallIntegerField()  # 2025 for 2025-2026
    started_at = models.DateTimeField()
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    reminder_days = models.PositiveSmallIntegerField(_("days between reminders"), default=7)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year"], name="campaign_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.school_year}-{self.school_year + 1}"


class CampaignMail(models.Model):
    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        REMINDER = "reminder", _("Reminder")

    campaign = models.ForeignKey(ConsentCampaign, on_delete=models.CASCADE, related_name="mails")
    guardian = models.ForeignKey(Guardian, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    sent_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["campaign", "guardian"], name="campaignmail_guardian")]

    def __str__(self) -> str:
        return f"{self.kind} {self.sent_at:%Y-%m-%d}"
