"""The media library: activities, the photos/videos/audio uploaded for them, and the faces in
them. Originals live in private storage and are served only through permission-checked views.

A face is either linked to a person (a pupil or a staff member), marked "not recognisable",
or unresolved; unresolved counts as no consent (DOMAIN 3). Faces drawn or tagged by hand are
never replaced when the detector runs again."""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from beeldwacht.common.models import TimestampedModel
from beeldwacht.consent.models import Kind as ConsentKind
from beeldwacht.domain.clearance import FaceFact
from beeldwacht.people.keys import person_key
from beeldwacht.people.models import Pupil
from beeldwacht.schools.models import School, SchoolClass


def _private_storage():
    return storages["private"]


class Activity(TimestampedModel):
    """A school trip, a musical, a sports day: the photos of one occasion and its groups.
    Its kind and place choose the rules parents are sent (protocol "Ouders die
    beeldmateriaal maken": A inside the school, B outside)."""

    class Kind(models.TextChoices):
        PERFORMANCE = "performance", _("Performance or musical")
        SCHOOL_TRIP = "school_trip", _("School trip")
        CAMP = "camp", _("Camp")
        SPORTS_DAY = "sports_day", _("Sports day")
        CELEBRATION = "celebration", _("Celebration")
        OTHER = "other", _("Other")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="activities")
    name = models.CharField(_("name"), max_length=200)
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    outside_school = models.BooleanField(_("outside the school"), default=False)
    classes = models.ManyToManyField(
        SchoolClass, related_name="activities", verbose_name=_("groups")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-date", "name"]

    def __str__(self) -> str:
        return self.name


class Participant(models.Model):
    """Someone who took part in an activity, fixed when the activity is made: the pupils of its
    groups then, the staff of those groups, and whoever was added (a pupil of another group,
    a colleague, an accompanying parent or a guest). Moving group, a new school year or leaving
    school changes nothing about who was there (DOMAIN 3): an unmarked face in its photos is
    one of these people, and the exception review asks about them, not about today's groups.

    A guest is a name and optionally an e-mail address, with their role: an accompanying
    parent or a volunteer keeps the school's rules for staff (activities app). Guests are
    not on the roster: they answer for themselves about this activity's photos
    (GuestConsent); until they do, they have no consent and are blurred."""

    class Source(models.TextChoices):
        GROUP = "group", _("In one of the groups")
        ADDED = "added", _("Added")

    class GuestRole(models.TextChoices):
        # Accompanying parents and volunteers keep the school's rules for staff (Ouders B.3).
        COMPANION = "companion", _("Accompanying parent")
        VOLUNTEER = "volunteer", _("Volunteer")
        GUEST = "guest", _("Guest")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participants")
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, null=True, related_name="+")
    staff_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    guest_name = models.CharField(_("name"), max_length=200, blank=True)
    guest_email = models.EmailField(_("e-mail address"), blank=True)
    guest_role = models.CharField(_("role"), max_length=10, choices=GuestRole.choices, blank=True)
    source = models.CharField(max_length=8, choices=Source.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pupil__isnull=False, staff_member__isnull=True, guest_name="")
                | models.Q(pupil__isnull=True, staff_member__isnull=False, guest_name="")
                | (
                    models.Q(pupil__isnull=True, staff_member__isnull=True)
                    & ~models.Q(guest_name="")
                ),
                name="participant_exactly_one_person",
            ),
            models.UniqueConstraint(fields=["activity", "pupil"], name="participant_pupil_once"),
            models.UniqueConstraint(
                fields=["activity", "staff_member"], name="participant_staff_once"
            ),
        ]

    def __str__(self) -> str:
        return self.person_key

    @property
    def person_key(self) -> str:
        return person_key(self.pupil_id, self.staff_member_id) or f"guest:{self.pk}"

    @property
    def keeps_staff_rules(self) -> bool:
        """An accompanying parent or volunteer accepts the staff privacy rules (Ouders B.3)."""
        return self.guest_role in (self.GuestRole.COMPANION, self.GuestRole.VOLUNTEER)


class GuestConsent(models.Model):
    """The answer of someone at an activity who is not on the roster, about themselves
    (DOMAIN 2, U5, A.5: accompanying parents, volunteers and guests decide for themselves):
    per channel and kind, for the photos of that activity, on the school's consent text of
    the day. Signed in by code, or on paper, entered by staff. The latest answer counts;
    nothing is overwritten. Until they answer, they have no consent and are blurred."""

    class Method(models.TextChoices):
        PORTAL = "portal", _("Signed in")
        PAPER = "paper", _("Paper form")

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="consents")
    channel = models.ForeignKey("consent.Channel", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=8, choices=ConsentKind.choices)
    decision = models.BooleanField()
    decided_on = models.DateField()
    method = models.CharField(max_length=8, choices=Method.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField()
    consent_text = models.ForeignKey(
        "consent.ConsentText", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.channel_id}/{self.kind}: {self.decision}"


class OneOffRequest(models.Model):
    """The school asks the guardians of an activity's pupils, once, for consent for this
    activity on one channel (DOMAIN 2: the local paper visits the musical; a musical filmed
    for a DVD). Their answers apply to this activity only (domain.consent.for_one_occasion)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="one_offs")
    channel = models.ForeignKey(
        "consent.Channel", on_delete=models.PROTECT, related_name="+", verbose_name=_("channel")
    )
    kinds = models.JSONField(default=list)  # of consent.models.Kind
    question = models.TextField(_("what the school asks"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField()

    class Meta:
        ordering = ["asked_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "channel"], name="one_off_once_per_channel")
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}/{self.channel_id}"


class OneOffAnswer(models.Model):
    """A guardian's answer to a one-off request for one pupil and kind. The latest counts;
    nothing is overwritten: these stand in the pupil's consent history."""

    request = models.ForeignKey(OneOffRequest, on_delete=models.PROTECT, related_name="answers")
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="one_off_answers")
    guardian = models.ForeignKey("people.Guardian", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=8, choices=ConsentKind.choices)
    decision = models.BooleanField()
    decided_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.pupil_id}/{self.kind}: {self.decision}"


class MediaItem(TimestampedModel):
    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        VIDEO = "video", _("Video")
        AUDIO = "audio", _("Audio")

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Waiting for analysis")
        ANALYSING = "analysing", _("Being analysed")
        NEEDS_REVIEW = "needs_review", _("To be reviewed")
        READY = "ready", _("Reviewed")
        FAILED = "failed", _("Analysis failed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="items")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    original = models.FileField(storage=_private_storage, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=60)
    size_bytes = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField(null=True)  # upright, as a person sees it
    height = models.PositiveIntegerField(null=True)
    duration_seconds = models.FloatField(null=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.UPLOADED)
    failure_reason = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_until = models.DateTimeField(null=True)  # while ANALYSING: when the claim expires
    analysed_at = models.DateTimeField(null=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["status", "lease_until"], name="mediaitem_status_lease"),
            models.Index(fields=["activity", "status"], name="mediaitem_activity_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "sha256"], name="mediaitem_unique_in_activity"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="analysing") | models.Q(lease_until__isnull=False),
                name="mediaitem_analysing_has_lease",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


class Face(models.Model):
    class Source(models.TextChoices):
        DETECTOR = "detector", _("Found by the detector")
        HAND = "hand", _("Drawn by hand")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    item = models.ForeignKey(MediaItem, on_delete=models.CASCADE, related_name="faces")
    x1 = models.PositiveIntegerField()
    y1 = models.PositiveIntegerField()
    x2 = models.PositiveIntegerField()
    y2 = models.PositiveIntegerField()
    score = models.FloatField(default=1.0)  # detector confidence; 1.0 for a hand-drawn box
    source = models.CharField(max_length=8, choices=Source.choices)
    # Video: the face followed through the clip, [[seconds, x1, y1, x2, y2, score], ...];
    # the box above is the clearest sighting, at `at_seconds`. Empty for photos.
    track = models.JSONField(default=list, blank=True)
    at_seconds = models.FloatField(null=True)
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, null=True, related_name="faces")
    staff_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    not_recognisable = models.BooleanField(default=False)
    outsider = models.BooleanField(default=False)  # not on the roster (a visitor): blurred
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["y1", "x1"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(x2__gt=models.F("x1"), y2__gt=models.F("y1")),
                name="face_box_not_empty",
            ),
            # At most one answer: a pupil, a staff member, not recognisable, or an outsider.
            models.CheckConstraint(
                condition=(
                    models.Q(staff_member__isnull=True, not_recognisable=False, outsider=False)
                    | models.Q(pupil__isnull=True, not_recognisable=False, outsider=False)
                    | models.Q(pupil__isnull=True, staff_member__isnull=True, outsider=False)
                    | models.Q(
                        pupil__isnull=True, staff_member__isnull=True, not_recognisable=False
                    )
                ),
                name="face_at_most_one_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"({self.x1},{self.y1})-({self.x2},{self.y2})"

    @property
    def box(self) -> tuple[int, int, int, int]:
        return (self.x1, self.y1, self.x2, self.y2)

    @property
    def person_key(self) -> str | None:
        return person_key(self.pupil_id, self.staff_member_id)

    @property
    def fact(self) -> FaceFact:
        return FaceFact(str(self.pk), self.person_key, self.not_recognisable, self.outsider)

    @property
    def answered(self) -> bool:
        """A reviewer said who or what this is (domain.clearance: not unidentified)."""
        return not self.fact.unidentified

    @property
    def is_hand_work(self) -> bool:
        """Drawn or answered by a person: kept when the detector runs again."""
        return self.source == self.Source.HAND or self.answered


class AudiblePerson(models.Model):
    """Someone who can be heard in a video or recording, tagged by hand (DOMAIN 3): their
    `sound` consent decides whether the sound may go out."""

    item = models.ForeignKey(MediaItem, on_delete=models.CASCADE, related_name="audible")
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, null=True, related_name="+")
    staff_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    added_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pupil__isnull=False, staff_member__isnull=True)
                | models.Q(pupil__isnull=True, staff_member__isnull=False),
                name="audible_exactly_one_person",
            ),
            models.UniqueConstraint(fields=["item", "pupil"], name="audible_pupil_once"),
            models.UniqueConstraint(fields=["item", "staff_member"], name="audible_staff_once"),
        ]

    def __str__(self) -> str:
        return self.person_key

    @property
    def person_key(self) -> str:
        return person_key(self.pupil_id, self.staff_member_id)


class MediaReview(models.Model):
    """Someone looked at this item for this channel: they marked the faces of the people
    without consent and confirmed that none of the others in `exceptions` appears. The
    latest review per item and channel counts (domain.clearance)."""

    item = models.ForeignKey(MediaItem, on_delete=models.CASCADE, related_name="reviews")
    channel = models.ForeignKey("consent.Channel", on_delete=models.PROTECT, related_name="+")
    exceptions = models.JSONField(default=list)  # person keys shown as "may not appear"
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    reviewed_at = models.DateTimeField()

    class Meta:
        ordering = ["-reviewed_at", "-id"]
        indexes = [models.Index(fields=["item", "channel"], name="mediareview_item_channel")]

    def __str__(self) -> str:
        return f"{self.item_id}/{self.channel_id}"
