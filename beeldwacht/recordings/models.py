"""Classroom recordings (DOMAIN 5): planned, the group's guardians told, uploaded into the
vault, reviewed, destroyed. After destruction the row stays as the deletion record: who,
when, why and the file's sha256, never the content."""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from beeldwacht.common.models import TimestampedModel
from beeldwacht.domain.recordings import Purpose, Reason
from beeldwacht.schools.models import School, SchoolClass


class Recording(TimestampedModel):
    class Purpose(models.TextChoices):
        PUPIL_SUPPORT = Purpose.PUPIL_SUPPORT.value, _("Support for one or a few pupils")
        DEVELOPMENT = Purpose.DEVELOPMENT.value, _("Professional development (coaching)")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        INFORMED = "informed", _("Guardians informed")
        UPLOADED = "uploaded", _("Uploaded")
        REVIEWED = "reviewed", _("Reviewed")
        DESTROYED = "destroyed", _("Destroyed")

    class DestroyReason(models.TextChoices):
        REVIEWED = Reason.REVIEWED.value, _("after the review")
        DEADLINE = Reason.DEADLINE.value, _("at the deadline")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices)
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.PROTECT, related_name="+", verbose_name=_("group")
    )
    lesson_on = models.DateField(_("day of the lesson"))
    about = models.CharField(_("what is recorded"), max_length=200, blank=True)
    recorder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("supervisor"),
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    notice_sent_at = models.DateTimeField(null=True)
    # The sealed file (recordings.vault); empty before upload and after destruction.
    file = models.CharField(max_length=300, blank=True)
    key_id = models.CharField(max_length=40, blank=True)
    nonce_prefix = models.BinaryField(max_length=8, blank=True, default=b"")
    content_type = models.CharField(max_length=60, blank=True)
    size_bytes = models.PositiveBigIntegerField(null=True)
    sha256 = models.CharField(max_length=64, blank=True)  # kept: what was destroyed
    uploaded_at = models.DateTimeField(null=True)
    reviewed_at = models.DateTimeField(null=True)
    destroyed_at = models.DateTimeField(null=True)
    destroyed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )  # None: the daily job
    destroy_reason = models.CharField(max_length=12, choices=DestroyReason.choices, blank=True)

    class Meta:
        ordering = ["-lesson_on", "-id"]
        indexes = [models.Index(fields=["status", "lesson_on"], name="recording_status_lesson")]

    def __str__(self) -> str:
        return f"{self.school_class} {self.lesson_on}"


class RecordingNotice(models.Model):
    """One guardian told in advance (Filmen 3), and whether the mail went out."""

    recording = models.ForeignKey(Recording, on_delete=models.CASCADE, related_name="notices")
    guardian = models.ForeignKey("people.Guardian", on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    delivered = models.BooleanField()

    class Meta:
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return f"{self.recording_id}/{self.guardian_id}"


class Consultation(models.Model):
    """A talk with a pupil's guardian about a recording for her support (Filmen 1: 'altijd in
    overleg met de ouders'): when, with whom, and what they said."""

    class Outcome(models.TextChoices):
        AGREED = "agreed", _("Agreed")
        REFUSED = "refused", _("Does not want it")

    recording = models.ForeignKey(Recording, on_delete=models.CASCADE, related_name="consultations")
    pupil = models.ForeignKey("people.Pupil", on_delete=models.PROTECT, related_name="+")
    guardian = models.ForeignKey("people.Guardian", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("held on"))
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.recording_id}/{self.guardian_id}"


class ConsentQuestion(models.Model):
    """The school asks the guardians of some pupils for consent about a recording: to make
    it, for a pupil's support where the school finds it needed (Filmen 1), or to use it for
    something else, asked of all the pupils in it (DOMAIN 5). It holds only when every pupil
    asked about has consent (domain.recordings.all_agree)."""

    class Purpose(models.TextChoices):
        SUPPORT = "support", _("Making the recording")
        OTHER_USE = "other_use", _("Another use")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recording = models.ForeignKey(Recording, on_delete=models.PROTECT, related_name="questions")
    purpose = models.CharField(max_length=12, choices=Purpose.choices)
    question = models.TextField(_("what the school asks"))
    pupils = models.ManyToManyField("people.Pupil", related_name="+")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField()

    class Meta:
        ordering = ["asked_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recording", "purpose"], name="question_once_per_purpose"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recording_id}/{self.purpose}"


class ConsentAnswer(models.Model):
    """A guardian's answer for one child. The latest counts; nothing is overwritten."""

    question = models.ForeignKey(ConsentQuestion, on_delete=models.PROTECT, related_name="answers")
    pupil = models.ForeignKey("people.Pupil", on_delete=models.PROTECT, related_name="+")
    guardian = models.ForeignKey("people.Guardian", on_delete=models.PROTECT, related_name="+")
    decision = models.BooleanField()
    decided_on = models.DateField()
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.question_id} {self.pupil_id}: {self.decision}"


def vault_storage():
    return storages["private"]
