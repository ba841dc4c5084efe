"""The audit trail: append-only and chained with a keyed hash (HMAC; the key lives outside the
database), so a changed or removed row is detectable. See docs/audit.md.

Subjects are plain (type, UUID) fields, not foreign keys: deleting a recording must not delete
the record of its deletion. `data` holds ids and states, never names or notes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    class Type(models.TextChoices):
        SCHOOL_CREATED = "school.created", _("School created")
        ROSTER_IMPORTED = "roster.imported", _("Roster imported")
        CHANNEL_CHANGED = "channel.changed", _("Channel changed")
        CONSENT_TEXT_PUBLISHED = "consent_text.published", _("Consent text published")
        CONSENT_RECORDED = "consent.recorded", _("Consent recorded")
        CONSENTS_IMPORTED = "consent.imported", _("Consents imported")
        CONSENT_DISPUTED = "consent.disputed", _("Guardians disagree")
        SIXTEEN_NOTICE = "consent.sixteen", _("Pupil turned 16: notices sent")
        FLAG_SET = "flag.set", _("Flag set")
        FLAG_LIFTED = "flag.lifted", _("Flag lifted")
        CAMPAIGN_STARTED = "campaign.started", _("Consent campaign started")
        CAMPAIGN_MAILED = "campaign.mailed", _("Consent campaign mails sent")
        SETTINGS_CHANGED = "school.settings_changed", _("School settings changed")
        ACTIVITY_CREATED = "activity.created", _("Activity created")
        PARTICIPANTS_CHANGED = "activity.participants", _("Participants changed")
        PARENTS_INFORMED = "activity.parents_informed", _("Parents sent an activity's rules")
        PARENT_TEXT_CHANGED = "activity.parent_text", _("Message to parents changed")
        COMPANION_RULES_PUBLISHED = "activity.rules_published", _("Rules for companions published")
        GUESTS_INVITED = "activity.guests_invited", _("Guests of an activity invited")
        RULES_ACCEPTED = "activity.rules_accepted", _("Rules for companions accepted")
        ONE_OFF_ASKED = "activity.one_off_asked", _("One-off consent asked")
        ONE_OFF_ANSWERED = "consent.one_off", _("One-off consent answered")
        MEDIA_UPLOADED = "media.uploaded", _("Media uploaded")
        MEDIA_REVIEWED = "media.reviewed", _("Media reviewed")
        FACE_CHANGED = "face.changed", _("Face marked")
        PUBLICATION_CHANGED = "publication.changed", _("Publication changed")
        PUBLICATION_PUBLISHED = "publication.published", _("Publication published")
        PLACEMENT_RECORDED = "placement.recorded", _("Placement recorded")
        PUBLICATION_EXPORTED = "publication.exported", _("Export package downloaded")
        TAKEDOWN_OPENED = "takedown.opened", _("Takedown opened")
        TAKEDOWN_CLOSED = "takedown.closed", _("Takedown closed")
        TAKEDOWN_REQUEST_SENT = "takedown.request_sent", _("Removal request sent to the editors")
        SUPERVISOR_ASKED = "publication.asked", _("Supervisor asked")
        RECORDING_PLANNED = "recording.planned", _("Classroom recording planned")
        RECORDING_NOTICE_SENT = "recording.notice", _("Guardians told of a classroom recording")
        RECORDING_CONSULTED = "recording.consulted", _("Parents consulted on a recording")
        RECORDING_CONSENT_ASKED = "recording.consent_asked", _("Consent asked for a recording")
        RECORDING_CONSENT_ANSWERED = (
            "recording.consent_answered",
            _("Consent for a recording answered"),
        )
        RECORDING_UPLOADED = "recording.uploaded", _("Classroom recording uploaded")
        RECORDING_VIEWED = "recording.viewed", _("Classroom recording viewed")
        RECORDING_REFUSED = "recording.refused", _("Classroom recording refused")
        RECORDING_REVIEWED = "recording.reviewed", _("Classroom recording reviewed")
        RECORDING_DESTROYED = "recording.destroyed", _("Classroom recording destroyed")
        PROTOCOL_CHANGED = "protocol.changed", _("Protocol version written or adopted")
        PROTOCOL_ACKNOWLEDGED = "protocol.acknowledged", _("Protocol version acknowledged")
        PERMISSION_GRANTED = "protocol.permission", _("Permission granted on record")
        INCIDENT_REPORTED = "incident.reported", _("Incident reported")
        INCIDENT_CHANGED = "incident.changed", _("Incident: person, evidence or measure added")
        INCIDENT_VIEWED = "incident.viewed", _("Incident opened")
        DOSSIER_FILED = "dossier.filed", _("Letter or reply filed in a personnel or pupil file")
        DOSSIER_OPENED = "dossier.opened", _("Personnel or pupil file opened or exported")
        AUDIT_ANCHORED = "audit.anchored", _("Audit trail anchored")
        PUPIL_EXPORTED = "pupil.exported", _("A guardian downloaded her child's data")
        PUPIL_OPENED = "pupil.opened", _("Consent history or flag reasons opened")
        RETENTION_CHANGED = "retention.changed", _("Retention period changed")
        RETENTION_APPLIED = "retention.applied", _("Records deleted after their retention period")
        PROCESSOR_CHANGED = "processor.changed", _("Processor added or removed")
        API_KEY_CHANGED = "api_key.changed", _("API key made or revoked")
        API_CALLED = "api.called", _("API called")
        WEBHOOK_CHANGED = "webhook.changed", _("Webhook added, tested or removed")
        CONSENT_LAPSED = "consent.lapsed", _("Last school year's answers lapsed")
        SCHOOL_ACCOUNT_LINKED = (
            "account.school_account_linked",
            _("School account linked to a staff member"),
        )

    sequence = models.PositiveBigIntegerField(unique=True)
    type = models.CharField(max_length=64, choices=Type.choices)
    school_id = models.BigIntegerField(null=True, db_index=True)
    actor_id = models.BigIntegerField(null=True)  # accounts.User pk; None for the system
    subject_type = models.CharField(max_length=64)
    subject_id = models.CharField(max_length=64)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField()
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # False only for events written before the chain was keyed (plain SHA-256); once one
    # keyed event exists, an unkeyed one after it is a break.
    keyed = models.BooleanField(default=False)

    class Meta:
        ordering = ["sequence"]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.type}"


class AuditHead(models.Model):
    """One row holding the end of the chain. Appending locks it, so two writers can never
    chain onto the same predecessor (SELECT ... FOR UPDATE on PostgreSQL; SQLite serialises
    writers anyway). A migration creates it; `verify` treats its absence, or a head that is
    not the last event, as a break."""

    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"#{self.last_sequence}"
