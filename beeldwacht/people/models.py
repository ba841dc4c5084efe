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
    # From 16 a pupil decides herself (UAVG art. 5): she logs in by a code sent to this
    # address (from the roster), with the account made for it on her 16th birthday.
    email = models.EmailField(_("e-mail address"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pupil_roles",
    )
    told_of_sixteen_on = models.DateField(_("told of turning 16 on"), null=True, blank=True)

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


class GuardianshipQuerySet(models.QuerySet):
    def current(self) -> "GuardianshipQuerySet":
        return self.filter(ended_on__isnull=True)

    def on(self, day) -> "GuardianshipQuerySet":
        """The guardianships in force on that day (a row ending on a day no longer counts
        that day; the row that replaces it does)."""
        return self.filter(
            models.Q(started_on__isnull=True) | models.Q(started_on__lte=day),
            models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=day),
        )


class Guardianship(models.Model):
    """One period in which a guardian is a pupil's guardian, with or without parental
    authority. Never deleted: a roster import that no longer lists a guardian, or changes
    their authority, ends the row (dated) and, for a change, starts a new one, so whose
    answers counted on which day stays provable. Read `current()` or `on(day)`."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="guardianships")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="guardianships")
    position = models.PositiveSmallIntegerField(default=1)  # "Ouder 1", "Ouder 2", ...
    parental_authority = models.BooleanField(_("parental authority"), default=True)
    started_on = models.DateField(_("guardian since"), null=True, blank=True)  # empty: always
    ended_on = models.DateField(_("guardian until"), null=True, blank=True)

    objects = GuardianshipQuerySet.as_manager()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "guardian"],
                condition=models.Q(ended_on__isnull=True),
                name="guardianship_unique_current",
            )
        ]

    def __str__(self) -> str:
        return f"{self.guardian_id} -> {self.pupil_id}"

    def in_force_on(self, day) -> bool:
        """As `GuardianshipQuerySet.on`, for a row already loaded."""
        return (self.started_on is None or self.started_on <= day) and (
            self.ended_on is None or self.ended_on > day
        )
