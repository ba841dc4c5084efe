"""The takedown ledger's facts: where a publication appeared (Placement), who it shows or
names there (Mention) or may show without anyone having identified them (PublishedItem), and
what has to come down for whom (Takedown). Recorded by publications when something goes out;
read and written by the ledger (takedowns.ledger) when consent changes. The tables keep the
names they had in publications, where these models began."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from beeldwacht.consent.models import Channel
from beeldwacht.media.models import MediaItem
from beeldwacht.people.keys import person_key
from beeldwacht.schools.models import School


class Placement(models.Model):
    """Where a publication appeared: the channel, and a URL or edition and date. Downloading
    the package for a channel records a `pending` placement at once: the files left
    Beeldwacht, so a withdrawal must reach them even before the author says where they went
    (the date is then the download's; the author completes it, or says it was not used)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    publication = models.ForeignKey(
        "publications.Publication", on_delete=models.PROTECT, related_name="placements"
    )
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="+")
    where = models.CharField(_("URL or edition"), max_length=500, blank=True)
    placed_on = models.DateField()
    printed = models.BooleanField(_("in print (cannot be taken back)"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    removed_at = models.DateTimeField(null=True)
    pending = models.BooleanField(default=False)

    class Meta:
        db_table = "publications_placement"
        ordering = ["-placed_on", "id"]

    def __str__(self) -> str:
        return f"{self.channel_id}: {self.where}"


class Mention(models.Model):
    """Who a published publication shows or names, per channel, recorded when it goes out.
    A later change of consent finds its placements from these facts, without scanning the
    texts again (and the public page hides a text whose named child lost name consent)."""

    class Kind(models.TextChoices):
        NAME = "name", _("Named in the text")
        IMAGE = "image", _("In a photo or video")
        SOUND = "sound", _("Heard in a video or recording")

    publication = models.ForeignKey(
        "publications.Publication", on_delete=models.CASCADE, related_name="mentions"
    )
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    pupil = models.ForeignKey("people.Pupil", on_delete=models.PROTECT, null=True, related_name="+")
    staff_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # Where in the publication, for a removal request that points to it without a name:
    # [{"item": 2}] (the second attachment) or [{"paragraph": 1, "opening": "Op vrijdag"}].
    places = models.JSONField(default=list, blank=True)

    class Meta:
        db_table = "publications_mention"
        indexes = [
            models.Index(fields=["pupil", "channel"], name="mention_pupil_channel"),
            models.Index(fields=["staff_member", "channel"], name="mention_staff_channel"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pupil__isnull=False, staff_member__isnull=True)
                | models.Q(pupil__isnull=True, staff_member__isnull=False),
                name="mention_exactly_one_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.publication_id}/{self.channel_id}/{self.kind}"

    @property
    def person_key(self) -> str:
        return person_key(self.pupil_id, self.staff_member_id)


class PublishedItem(models.Model):
    """One attached photo or video as it went out on one channel: how many of its faces
    nobody identified then. The fast review leaves the faces of people with consent unmarked,
    so such a face may be any participant of the item's activity who was neither identified
    in it nor looked for by the review; a later consent change of one of them reaches this
    placement too (DOMAIN 3 and 4)."""

    publication = models.ForeignKey(
        "publications.Publication", on_delete=models.CASCADE, related_name="published_items"
    )
    item = models.ForeignKey(MediaItem, on_delete=models.PROTECT, related_name="+")
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="+")
    unidentified_faces = models.PositiveSmallIntegerField()
    # The people the review confirmed are not among those faces (its exception list then):
    # they were looked for, so they cannot be one of them.
    checked = models.JSONField(default=list)

    class Meta:
        db_table = "publications_publisheditem"
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "item", "channel"], name="publisheditem_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.publication_id}/{self.item_id}/{self.channel_id}"


class Takedown(models.Model):
    """One placement that has to come down for one person: their consent for the channel
    no longer holds, or a guardian asked (the takedown ledger, DOMAIN 4). Opened by the
    consent write itself, in its transaction; see takedowns.ledger. When the school
    withdraws the whole publication, each placement it cannot take down itself gets one
    entry for no one in particular."""

    class Reason(models.TextChoices):
        CONSENT = "consent", _("Consent withdrawn or no longer valid")
        REQUEST = "request", _("A guardian asked for removal")
        WITHDRAWN = "withdrawn", _("The publication was withdrawn")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Removed")
        AUTOMATIC = "automatic", _("Corrected by Beeldwacht at once")
        NOT_RETRACTABLE = "not_retractable", _("In print: cannot be taken back")
        NOT_SHOWN = "not_shown", _("Checked: not recognisable in it")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="takedowns")
    pupil = models.ForeignKey("people.Pupil", on_delete=models.PROTECT, null=True, related_name="+")
    staff_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # A guest of the activity (media.Participant), who is not on the roster.
    guest = models.ForeignKey(
        "media.Participant", on_delete=models.PROTECT, null=True, related_name="+"
    )
    reason = models.CharField(max_length=12, choices=Reason.choices)
    # The person may be in it without anyone having identified them (an unmarked face of an
    # activity they took part in): the owner first checks whether they are recognisable.
    possible = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=Status.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    due_on = models.DateField(null=True)
    removal_request = models.TextField(blank=True)  # drafted for external media
    request_sent_at = models.DateTimeField(null=True)  # mailed from Beeldwacht to the editors
    request_sent_to = models.EmailField(blank=True)
    request_sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        "people.Guardian", on_delete=models.PROTECT, null=True, related_name="+"
    )
    request_note = models.TextField(blank=True)  # what the guardian wrote
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    note = models.TextField(blank=True)  # what was done

    class Meta:
        db_table = "publications_takedown"
        ordering = ["due_on", "opened_at", "id"]
        indexes = [models.Index(fields=["school", "status"], name="takedown_school_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pupil__isnull=False, staff_member__isnull=True, guest=None)
                | models.Q(pupil__isnull=True, staff_member__isnull=False, guest=None)
                | models.Q(pupil__isnull=True, staff_member__isnull=True, guest__isnull=False)
                | models.Q(
                    reason="withdrawn", pupil__isnull=True, staff_member__isnull=True, guest=None
                ),
                name="takedown_one_person_or_withdrawal",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="open") | models.Q(due_on__isnull=False),
                name="takedown_open_has_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.placement_id}/{self.status}"

    @property
    def person_key(self) -> str | None:
        if self.guest_id:
            return f"guest:{self.guest_id}"
        return person_key(self.pupil_id, self.staff_member_id)
