"""Tenancy: a board (bevoegd gezag) has schools; a school has groups and staff memberships.
Every row that holds school data points to its School; nothing crosses schools."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from beeldwacht.common.models import TimestampedModel
from beeldwacht.common.permissions import Role


class Board(TimestampedModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    # The board's choice (issue 13): how long an incident's evidence files are kept after the
    # last thing recorded on the incident. The daily job deletes them after that.
    evidence_keep_months = models.PositiveSmallIntegerField(
        _("keep incident evidence for (months)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_(
            "Counted from the last thing recorded on the incident; never while a step "
            "outside the school is still open."
        ),
    )

    def __str__(self) -> str:
        return self.name


# Protocol B.4, in the school's words (editable in the settings): what parents read under
# the parent feed and in what goes out on closed channels (the newsletter).
CLOSED_CHANNEL_NOTICE = (
    "Foto's, video's en namen in de ouderapp en de nieuwsbrief zijn alleen voor de ouders "
    "van onze school. Wie ze kopieert en verder deelt, bijvoorbeeld op sociale media, doet "
    "dat op eigen verantwoordelijkheid en niet namens de school."
)


class School(TimestampedModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="schools")
    brin = models.CharField(_("BRIN code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=200)
    consent_lapses_yearly = models.BooleanField(
        _("consent lapses every school year"),
        default=False,
        help_text=_("When on, answers from last school year no longer count."),
    )
    second_factor_required = models.BooleanField(
        _("management and the privacy contact sign in with a second factor"),
        default=True,
        help_text=_("A code from an authenticator app after the password or e-mailed code."),
    )
    # Staff sign in only with the school's own account (Entra ID, Google; issue 14), never
    # with a password or an e-mailed code: whoever leaves the school loses access the day the
    # school closes the account. Only offered when the installation has a provider for it.
    school_account_only = models.BooleanField(
        _("staff sign in only with the school account"), default=False
    )
    closed_channel_notice = models.TextField(
        _("notice under closed channels"), default=CLOSED_CHANNEL_NOTICE
    )
    # A fresh value on every change of what Beeldwacht's own pages may show (consent, flags,
    # reviews, the roster): the consent lock puts it here (schools.locks), and the clearances
    # those pages cache are keyed by it. Random, not a counter: a change that was rolled back
    # must never hand its value to the next one.
    consent_version = models.UUIDField(default=uuid.uuid4, editable=False)
    # Consent given on an older text than this is asked again: the latest version published
    # with a material change, kept here by consent_text_publish so the rule costs no query.
    reask_below_version = models.PositiveIntegerField(default=0, editable=False)

    # Changed only by their own writers (above); a school read earlier and saved later must
    # not turn them back.
    _KEPT_BY_THEIR_WRITERS = ("consent_version", "reask_below_version")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(brin__regex=r"^[0-9]{2}[A-Z]{2}$"), name="school_brin_format"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in self._KEPT_BY_THEIR_WRITERS
            ]
        super().save(*args, **kwargs)


class SchoolClass(TimestampedModel):
    """A group (groep 1-8, or a combination such as 5/6). Not `Group`: that is auth's."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="classes")
    name = models.CharField(_("name"), max_length=40)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="schoolclass_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Membership(TimestampedModel):
    """One role of one staff member at one school. Teachers and interns see their `classes`."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    classes = models.ManyToManyField(SchoolClass, blank=True, related_name="memberships")
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["school", "user", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Processor(TimestampedModel):
    """An organisation that processes the school's personal data on its behalf (AVG art. 28):
    the host of this installation, the parent app's supplier, the newsletter service. Listed
    in the processing register and the DPIA input (actions.register)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="processors")
    name = models.CharField(_("organisation"), max_length=200)
    service = models.CharField(_("what they do for the school"), max_length=300)
    location = models.CharField(
        _("where the data is kept"),
        max_length=100,
        default="Nederland",
        help_text=_("A country or region; outside the EU the register says so."),
    )
    agreement_on = models.DateField(_("processing agreement signed on"), null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name
