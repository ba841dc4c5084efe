"""The roster: pupils and their guardians, as imported from the school administration
system (LAS). A pupil who leaves is marked with `left_on`, never deleted: their consent
history and the places their images appeared must stay traceable."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from beeldwacht.common.models import TimestampedModel
from beeldwacht.schools.models import School, SchoolClass


class Pupil(TimestampedModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="pupils")
    las_number = models.CharField(_("pupil number"), max_length=32)
    first_name = models.CharField(_("first name"), max_length=100)
    infix = models.CharField(_("infix"), max_length=30, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"))
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.PROTECT, null=True, blank=True, related_name="pupils"
    )
    left_on = models.DateField(_("left school on"), null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "las_number"], name="pupil_unique_number")
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.infix, self.last_name) if part)


class Guardian(TimestampedModel):
    """A parent or carer. One row per person per school, so twins share their guardians."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="guardians")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guardian_roles",
    )
    pupils = models.ManyToManyField(Pupil, through="Guardianship", related_name="guardians")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "email"],
                condition=~models.Q(email=""),
                name="guardian_unique_email",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Guardianship(models.Model):
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="guardianships")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="guardianships")
    position = models.PositiveSmallIntegerField(default=1)  # "Ouder 1", "Ouder 2", ...
    parental_authority = models.BooleanField(_("parental authority"), default=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["pupil", "guardian"], name="guardianship_unique")
        ]

    def __str__(self) -> str:
        return f"{self.guardian_id} -> {self.pupil_id}"
