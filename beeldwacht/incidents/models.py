"""The incident register (DOMAIN 7): what happened, who was involved in which role, the
evidence (screenshots, in private storage), and the measures management decided. Seen by
management and the board only; every look is audited."""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from beeldwacht.domain.incidents import DERAILING, Measure, Role, Step, steps_required
from beeldwacht.people.models import Guardian, Pupil
from beeldwacht.schools.models import School


def _private_storage():
    return storages["private"]


class Incident(models.Model):
    class Category(models.TextChoices):
        BULLYING = "bullying", _("Bullying")
        HURTING = "hurting", _("Hurting")
        STALKING = "stalking", _("Stalking")
        THREATENING = "threatening", _("Threatening")
        DEFAMING = "defaming", _("Defaming")
        UNAUTHORISED = "unauthorised", _("Recording or publishing without permission")
        CONFIDENTIAL = "confidential", _("Sharing confidential information")
        DERAILING = DERAILING, _("Online communication getting out of hand")
        OTHER = "other", _("Other")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("what happened"), max_length=16, choices=Category.choices)
    happened_on = models.DateField(_("when"))
    description = models.TextField(_("description"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField()
    # What the board judged (domain.incidents.steps_required): each calls for steps outside
    # the school. Signs of a sexual offence make the record visible to the board only.
    crossing_the_line = models.BooleanField(
        _("judged 'grensoverschrijdend' by the board"), default=False
    )
    possible_offence = models.BooleanField(_("possibly a criminal offence"), default=False)
    sexual_offence_signs = models.BooleanField(
        _("signs of a sexual offence by staff against a pupil (WPO art. 4a)"), default=False
    )
    # The day the daily job deleted the evidence files after the board's retention period
    # (actions.retention): the incident page says why they are gone.
    evidence_deleted_on = models.DateField(null=True, editable=False)

    class Meta:
        ordering = ["-reported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.category} {self.happened_on}"

    @property
    def steps_required(self):
        return steps_required(
            crossing_the_line=self.crossing_the_line,
            possible_offence=self.possible_offence,
            sexual_offence_signs=self.sexual_offence_signs,
        )


class ExternalStep(models.Model):
    """A step outside the school, done: the phone report to the confidential inspector, the
    board's police report, or the steps of WPO art. 4a; with when, who, and a reference."""

    class Step(models.TextChoices):
        INSPECTOR_CALL = (
            Step.INSPECTOR_CALL.value,
            _("Phone report to the Landelijke Vertrouwensinspecteur"),
        )
        POLICE_REPORT = Step.POLICE_REPORT.value, _("Police report by the board")
        BOARD_INFORMED = Step.BOARD_INFORMED.value, _("The board informed")
        INSPECTOR_CONSULTED = (
            Step.INSPECTOR_CONSULTED.value,
            _("The board consulted the confidential inspector"),
        )

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="steps")
    step = models.CharField(max_length=20, choices=Step.choices)
    done_at = models.DateTimeField(_("when"))
    done_by = models.CharField(_("by whom"), max_length=200)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # When it was put on record (done_at is what the recorder says): retention counts from
    # here, so a step recorded late does not cut the evidence's time short.
    recorded_at = models.DateTimeField(null=True, editable=False)

    class Meta:
        ordering = ["done_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "step"], name="external_step_once")
        ]

    def __str__(self) -> str:
        return self.step


class Involved(models.Model):
    """Someone involved, in one role: a staff member, a pupil, a guardian, or someone else
    named in words."""

    class Role(models.TextChoices):
        STAFF = Role.STAFF.value, _("Staff member")
        PUPIL = Role.PUPIL.value, _("Pupil")
        GUARDIAN = Role.GUARDIAN.value, _("Parent or guardian")
        OTHER = Role.OTHER.value, _("Someone else")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="involved")
    role = models.CharField(max_length=10, choices=Role.choices)
    staff_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, null=True, related_name="+")
    guardian = models.ForeignKey(Guardian, on_delete=models.PROTECT, null=True, related_name="+")
    name = models.CharField(_("name"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    role="staff", staff_member__isnull=False, pupil=None, guardian=None, name=""
                )
                | models.Q(
                    role="pupil", staff_member=None, pupil__isnull=False, guardian=None, name=""
                )
                | models.Q(
                    role="guardian", staff_member=None, pupil=None, guardian__isnull=False, name=""
                )
                | (
                    models.Q(role="other", staff_member=None, pupil=None, guardian=None)
                    & ~models.Q(name="")
                ),
                name="involved_one_person_of_its_role",
            )
        ]

    def __str__(self) -> str:
        person = self.staff_member or self.pupil or self.guardian
        return str(person) if person else self.name


class Evidence(models.Model):
    """A screenshot kept as it was handed in; shown only as Beeldwacht's own re-encoding."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(storage=_private_storage, max_length=300)
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["added_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class MeasureTaken(models.Model):
    """A measure management decided for one person involved (Sancties)."""

    class Kind(models.TextChoices):
        WARNING = Measure.WARNING.value, _("Warning")
        REPRIMAND = Measure.REPRIMAND.value, _("Reprimand")
        SUSPENSION = Measure.SUSPENSION.value, _("Suspension")
        DISMISSAL = Measure.DISMISSAL.value, _("Dismissal")
        SUMMARY_DISMISSAL = Measure.SUMMARY_DISMISSAL.value, _("Summary dismissal")
        EXPULSION = Measure.EXPULSION.value, _("Expulsion")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    involved = models.ForeignKey(Involved, on_delete=models.PROTECT, related_name="measures")
    kind = models.CharField(_("measure"), max_length=20, choices=Kind.choices)
    decided_on = models.DateField(_("decided on"))
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["decided_on", "id"]

    def __str__(self) -> str:
        return self.kind


class DossierEntry(models.Model):
    """A letter or a reply, filed in a staff member's personnel file or a pupil's file
    (DOMAIN 7). A measure for a guardian is filed with their child."""

    class Kind(models.TextChoices):
        LETTER = "letter", _("Letter from the school")
        REPLY = "reply", _("Reply")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    staff_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, null=True, related_name="+")
    incident = models.ForeignKey(
        Incident, on_delete=models.PROTECT, null=True, related_name="dossier"
    )
    measure = models.ForeignKey(
        MeasureTaken, on_delete=models.PROTECT, null=True, related_name="letters"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField()

    class Meta:
        ordering = ["-filed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(staff_member__isnull=False, pupil=None)
                | models.Q(staff_member=None, pupil__isnull=False),
                name="dossier_of_one_person",
            )
        ]

    def __str__(self) -> str:
        return self.title
