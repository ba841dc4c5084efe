"""Writes to publications. Invariants: every step follows domain.publication's workflow and
is audited; approval re-runs every check and refuses on errors or unacknowledged warnings;
publishing repeats the checks inside its transaction while holding the school's consent lock
(see schools.locks.lock_consent), so a withdrawal racing it either lands first and stops
it, or lands after and finds the placement. Called by the publication views (next slice)."""

import hashlib
import io
import json
import zipfile
from collections import Counter, defaultdict
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from beeldwacht.audit.models import AuditEvent
from beeldwacht.audit.services import record as audit
from beeldwacht.common.actors import as_user
from beeldwacht.common.errors import DomainError, InvalidInput, PermissionDenied
from beeldwacht.common.permissions import Capability, Role
from beeldwacht.consent.models import Channel
from beeldwacht.domain import publication as rules
from beeldwacht.domain.passages import passage_at
from beeldwacht.domain.text_checks import Finding, NameContext, find_people, groups_named
from beeldwacht.media import renditions
from beeldwacht.media.models import AudiblePerson, MediaItem, MediaReview, Participant
from beeldwacht.media.selectors import participant_keys
from beeldwacht.people.keys import person_fields
from beeldwacht.publications import notifications, selectors
from beeldwacht.publications.models import Publication, PublicationMedia, ThreadMessage
from beeldwacht.publications.tasks import prepare_video
from beeldwacht.publications.text import name_words, roster_names, text_findings_by_channel
from beeldwacht.schools.access import require, staff_access, staff_of
from beeldwacht.schools.locks import lock_consent
from beeldwacht.schools.models import SchoolClass
from beeldwacht.takedowns.ledger import (
    BUILT_IN,
    settle,
    takedowns_for_consent_change,
    takedowns_for_withdrawal,
)
from beeldwacht.takedowns.models import Mention, Placement, PublishedItem, Takedown


class ChecksFailed(DomainError):
    def __init__(self, message: str, checks: list):
        super().__init__(message)
        self.checks = checks


@transaction.atomic
def publication_create(
    *, school, title, body, channels, media=(), personal_title=False, activity=None, by
) -> Publication:
    require(by, Capability.WRITE_PUBLICATION, school=school)
    if not title.strip():
        raise InvalidInput(_("A publication needs a title."))
    if not channels or any(c.school_id != school.pk for c in channels):
        raise InvalidInput(_("Choose at least one channel."))
    if any(item.school_id != school.pk for item in media):
        raise InvalidInput(_("Unknown photo or video."))
    publication = Publication.objects.create(
        school=school,
        title=title.strip(),
        body=body,
        author=by,
        personal_title=personal_title,
        activity=activity,
    )
    publication.channels.set(channels)
    PublicationMedia.objects.bulk_create(
        PublicationMedia(publication=publication, item=item, position=n)
        for n, item in enumerate(media)
    )
    _audit(publication, by, "created")
    return publication


def _name_context(publication: Publication) -> NameContext:
    """Where a first name may point: the activity's participants, or else the groups the
    text itself talks about ("groep 5"). The checks and the recorded mentions use the same."""
    if publication.activity:
        return NameContext(people=frozenset(participant_keys(publication.activity)))
    return NameContext(
        groups=groups_named(
            f"{publication.title}\n\n{publication.body}",
            SchoolClass.objects.filter(school=publication.school).values_list("name", flat=True),
        )
    )


def checks_for(
    publication: Publication, *, on: date, media: selectors.MediaFacts | None = None
) -> list:
    """Everything the system can say about a publication before anyone approves it: the text
    per channel, the media's clearance per channel, and the personal-title rules. Pass
    `media` when the caller needs those facts too, so they are computed once."""
    media = media or selectors.media_facts(publication, on)
    channels = media.channels
    text = f"{publication.title}\n\n{publication.body}"
    per_channel = text_findings_by_channel(
        publication.school, channels, text, on=on, context=_name_context(publication)
    )
    # Only a missing name consent depends on the channel; say everything else once.
    found: list = []
    seen: set = set()
    for channel in channels:
        for finding in per_channel[channel.pk]:
            key = (finding.code, finding.start, finding.end)
            if finding.code != "name_without_consent" and key in seen:
                continue
            seen.add(key)
            found.append(_from_text(finding, channel))
    items, clearances = media.items, media.clearances
    facts = {c.pk: rules.ChannelFact(c.key, c.name, c.owner == "external") for c in channels}
    found += rules.media_checks(
        (
            (str(item.public_id), item.original_name, facts[c.pk], clearances[(item.pk, c.pk)])
            for item in items
            for c in channels
        ),
        names={str(f.pk): _face_name(f) for f in media.faces if f.pupil_id or f.staff_member_id},
    )
    former = [f for f in media.faces if f.pupil_id and f.pupil.left_on is not None]
    found += rules.former_pupil_checks(
        (
            str(item.public_id),
            item.original_name,
            facts[c.pk],
            sum(
                1
                for f in former
                if f.item_id == item.pk and str(f.pk) not in clearances[(item.pk, c.pk)].blur
            ),
        )
        for item in items
        for c in channels
    )
    found += rules.personal_title_checks(
        publication.body,
        personal_title=publication.personal_title,
        school_names=[publication.school.name],
    )
    return found


def _face_name(face) -> str:
    """Who a marked face is, for the approver: first name and group, or the staff member."""
    if face.pupil_id:
        group = face.pupil.school_class.name if face.pupil.school_class else ""
        return (
            _("%(name)s (group %(group)s)") % {"name": face.pupil.first_name, "group": group}
            if group
            else face.pupil.first_name
        )
    return str(face.staff_member)


def _from_text(finding: Finding, channel) -> rules.Check:
    return rules.Check(
        f"text_{finding.code}",
        finding.severity,
        finding.article,
        finding.params
        + (
            ("channel_key", channel.key),
            ("channel", channel.name),
            ("kind", finding.kind),
            ("text", finding.text),
        ),
        f"text:{finding.start}-{finding.end}",
    )


def _move(publication: Publication, target: rules.State) -> None:
    if not rules.may_move(rules.State(publication.status), target):
        raise InvalidInput(_("This step is not possible now."))
    publication.status = target.value


def _require_editable(publication: Publication, by) -> None:
    """Only the author changes a publication, and only while it is a draft or sent back."""
    if by.pk != publication.author_id:
        raise PermissionDenied(_("Only the author can change this publication."))
    if publication.status not in (Publication.Status.DRAFT, Publication.Status.SENT_BACK):
        raise InvalidInput(
            _("A submitted publication cannot be changed; ask for it to be sent back.")
        )


@transaction.atomic
def publication_update(
    *,
    publication: Publication,
    title,
    body,
    channels,
    media=(),
    personal_title=False,
    activity=None,
    by,
) -> Publication:
    """Edit a draft or a publication that was sent back; only its author may."""
    _require_editable(publication, by)
    if not title.strip():
        raise InvalidInput(_("A publication needs a title."))
    if not channels or any(c.school_id != publication.school_id for c in channels):
        raise InvalidInput(_("Choose at least one channel."))
    if any(item.school_id != publication.school_id for item in media):
        raise InvalidInput(_("Unknown photo or video."))
    publication.title, publication.body = title.strip(), body
    publication.personal_title, publication.activity = personal_title, activity
    publication.save()
    publication.channels.set(channels)
    publication.media.all().delete()
    PublicationMedia.objects.bulk_create(
        PublicationMedia(publication=publication, item=item, position=n)
        for n, item in enumerate(media)
    )
    _audit(publication, by, "edited")
    return publication


@transaction.atomic
def publication_move_media(*, publication: Publication, item, up: bool, by) -> Publication:
    """Move one photo or video a place earlier or later: the order is the order on the page."""
    _require_editable(publication, by)
    rows = list(publication.media.select_for_update())
    index = next((n for n, row in enumerate(rows) if row.item_id == item.pk), None)
    if index is None:
        raise InvalidInput(_("Unknown photo or video."))
    other = index - 1 if up else index + 1
    if 0 <= other < len(rows):
        rows[index], rows[other] = rows[other], rows[index]
        for position, row in enumerate(rows):
            row.position = position
        PublicationMedia.objects.bulk_update(rows, ["position"])
    return publication


@transaction.atomic
def publication_add_disclaimer(*, publication: Publication, by) -> Publication:
    """The one-click fix for a post on personal title (B.1, C.3, C.4): a closing line that
    says where the author works and that the opinion is their own. In Dutch, as the text."""
    _require_editable(publication, by)
    with translation.override("nl"):
        line = _("I work at %(school)s. This is my personal opinion, not that of %(school)s.") % {
            "school": publication.school.name
        }
    publication.body = f"{publication.body.rstrip()}\n\n*{line}*"
    publication.save(update_fields=["body", "updated_at"])
    _audit(publication, by, "disclaimer_added")
    return publication


@transaction.atomic
def publication_submit(*, publication: Publication, by, on: date | None = None) -> Publication:
    """To the approvers, once nothing the checks say must change is left: what blocks an
    approval blocks the submission too, so nobody waits for a 'no' the author could see."""
    if by.pk != publication.author_id:
        raise PermissionDenied(_("Only the author can submit this publication."))
    checks = checks_for(publication, on=on or timezone.localdate())
    if rules.blocks_approval(checks):
        raise ChecksFailed(
            _(
                "This publication cannot be submitted yet: first change what the findings say "
                "must change."
            ),
            checks,
        )
    _move(publication, rules.State.SUBMITTED)
    publication.save(update_fields=["status", "updated_at"])
    _audit(publication, by, "submitted")
    notifications.after_step(publication, "submitted", by=by)
    return publication


@transaction.atomic
def publication_pull_back(*, publication: Publication, by) -> Publication:
    """The author takes a submission back to change it, before an approver decided."""
    if by.pk != publication.author_id:
        raise PermissionDenied(_("Only the author can pull this publication back."))
    _move(publication, rules.State.DRAFT)
    publication.save(update_fields=["status", "updated_at"])
    _audit(publication, by, "pulled_back")
    return publication


def _approval_checks(publication: Publication, by, on: date) -> list:
    access = staff_access(by, publication.school)
    channels = [
        rules.ChannelFact(c.key, c.name, c.owner == "external") for c in publication.channels.all()
    ]
    return checks_for(publication, on=on) + rules.approval_checks(
        channels,
        approver_is_management=Role.MANAGEMENT in access.roles,
        approver_is_author=by.pk == publication.author_id,
    )


@transaction.atomic
def publication_approve(
    *, publication: Publication, by, acknowledge_warnings: bool, on: date | None = None
) -> Publication:
    require(by, Capability.APPROVE_PUBLICATION, school=publication.school)
    checks = _approval_checks(publication, by, on or timezone.localdate())
    if rules.blocks_approval(checks):
        raise ChecksFailed(_("This publication cannot be approved yet; see the findings."), checks)
    if any(c.severity == "warning" for c in checks) and not acknowledge_warnings:
        raise ChecksFailed(_("Confirm that you have read the warnings."), checks)
    _move(publication, rules.State.APPROVED)
    publication.decided_by, publication.decided_at = as_user(by), timezone.now()
    publication.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    _audit(publication, by, "approved", warnings=sum(1 for c in checks if c.severity == "warning"))
    notifications.after_step(publication, "approved", by=by)
    return publication


@transaction.atomic
def publication_send_back(*, publication: Publication, by, comment: str) -> Publication:
    require(by, Capability.APPROVE_PUBLICATION, school=publication.school)
    if not comment.strip():
        raise InvalidInput(_("Say what needs to change."))
    _move(publication, rules.State.SENT_BACK)
    publication.comment = comment.strip()
    publication.decided_by, publication.decided_at = as_user(by), timezone.now()
    publication.save(update_fields=["status", "comment", "decided_by", "decided_at", "updated_at"])
    _audit(publication, by, "sent_back")
    notifications.after_step(publication, "sent_back", by=by)
    return publication


@transaction.atomic
def publication_publish(
    *, publication: Publication, by, now: datetime | None = None
) -> list[Placement]:
    """Put an approved publication out. The checks run again here, under the consent lock:
    consent may have changed since approval."""
    require(by, Capability.APPROVE_PUBLICATION, school=publication.school)
    lock_consent(publication.school)
    locked = Publication.objects.select_for_update().get(pk=publication.pk)
    now = now or timezone.now()
    today = timezone.localdate(now)
    media = selectors.media_facts(locked, today)
    checks = checks_for(locked, on=today, media=media)
    if rules.blocks_approval(checks):
        raise ChecksFailed(
            _("Consent changed since approval: this publication cannot go out."), checks
        )
    _move(locked, rules.State.PUBLISHED)
    locked.published_at = now
    locked.save(update_fields=["status", "published_at", "updated_at"])
    _record_mentions(locked, media)
    served = [c for c in media.channels if c.key in BUILT_IN]
    placements = [
        Placement.objects.create(
            publication=locked,
            channel=c,
            placed_on=today,
            where=_("Beeldwacht ({channel})").format(channel=c.name),
            recorded_by=as_user(by),
        )
        for c in served
    ]
    # Videos take the worker a while to render safely; start now for the pages we serve.
    videos = [i.pk for i in media.items if i.kind == MediaItem.Kind.VIDEO]
    if videos and served:
        transaction.on_commit(
            lambda: [prepare_video.enqueue(v, c.key) for v in videos for c in served]
        )
    notifications.after_step(locked, "published", by=by)
    audit(
        AuditEvent.Type.PUBLICATION_PUBLISHED,
        by=by,
        school=locked.school,
        subject=locked,
        data={
            "channels": sorted(c.key for c in media.channels),
            "placements": len(placements),
        },
    )
    publication.status, publication.published_at = locked.status, locked.published_at
    return placements


def _record_mentions(publication: Publication, media: selectors.MediaFacts) -> None:
    """Who this publication names (roster names in its text), shows (answered faces left
    unblurred on that channel) and lets be heard (tagged voices whose sound goes out there),
    per channel, and how many faces of each item nobody identified (any participant not
    identified may be one of them), so a later withdrawal finds its placements without
    scanning again. A face blurred, or a sound track dropped, does not show or sound anyone."""
    names, _people = roster_names(publication.school)
    text = f"{publication.title}\n\n{publication.body}"
    # Where each one is named: the passage, so a removal request can point to it.
    named: dict[str, list] = defaultdict(list)
    for m in find_people(
        text, names, context=_name_context(publication), common_words=name_words()
    ):
        if len(m.people) == 1:
            place = passage_at(text, m.start)
            entry = {"paragraph": place.paragraph, "opening": place.opening}
            if entry not in named[m.people[0].key]:
                named[m.people[0].key].append(entry)
    # Which attachment shows or sounds them: its position, as the reader counts.
    position = {item.pk: n for n, item in enumerate(media.items, start=1)}
    faces = [f for f in media.faces if f.person_key]
    heard = list(AudiblePerson.objects.filter(item__in=media.items))
    rows: dict[tuple, list] = defaultdict(list)
    for channel in media.channels:
        cleared = {item.pk: media.clearances[(item.pk, channel.pk)] for item in media.items}
        for key, places in named.items():
            rows[(channel, "name", key)] = places
        for f in faces:
            if str(f.pk) not in cleared[f.item_id].blur:
                _add_item(rows[(channel, "image", f.person_key)], position[f.item_id])
        for a in heard:
            if a.person_key not in cleared[a.item_id].mute:
                _add_item(rows[(channel, "sound", a.person_key)], position[a.item_id])
    Mention.objects.bulk_create(
        Mention(
            publication=publication,
            channel=channel,
            kind=kind,
            places=places,
            **person_fields(key),
        )
        for (channel, kind, key), places in sorted(
            rows.items(), key=lambda r: (r[0][0].pk, r[0][1], r[0][2])
        )
    )
    unidentified = Counter(f.item_id for f in media.faces if f.fact.unidentified)
    looked_for = {
        (review.item_id, review.channel_id): review.exceptions
        for review in MediaReview.objects.filter(item__in=media.items).order_by("reviewed_at", "id")
    }
    PublishedItem.objects.bulk_create(
        PublishedItem(
            publication=publication,
            item=item,
            channel=channel,
            unidentified_faces=unidentified[item.pk],
            checked=looked_for.get((item.pk, channel.pk), []),
        )
        for channel in media.channels
        for item in media.items
        if item.kind != MediaItem.Kind.AUDIO
    )


def _add_item(places: list, position: int) -> None:
    if {"item": position} not in places:
        places.append({"item": position})


def _require_author_or_approver(publication: Publication, by) -> None:
    if by.pk != publication.author_id:
        require(by, Capability.APPROVE_PUBLICATION, school=publication.school)


def _require_other_channel(publication: Publication, channel) -> None:
    """One of the publication's channels that Beeldwacht does not serve itself."""
    if channel.key in BUILT_IN or not publication.channels.filter(pk=channel.pk).exists():
        raise InvalidInput(_("Choose one of this publication's other channels."))


@transaction.atomic
def placement_record(
    *, publication: Publication, channel, where: str, placed_on: date, printed: bool, by
) -> Placement:
    """Record where a publication appeared on a channel Beeldwacht does not serve (the local
    paper's edition, a post's URL). Under the consent lock: if someone in it lost consent
    since publication, the takedown is opened with the placement."""
    _require_author_or_approver(publication, by)
    lock_consent(publication.school)
    if publication.status != Publication.Status.PUBLISHED:
        raise InvalidInput(_("Only a published publication has placements."))
    _require_other_channel(publication, channel)
    if not where.strip():
        raise InvalidInput(_("Give the URL or the edition."))
    if placed_on > timezone.localdate() or placed_on < timezone.localdate(publication.published_at):
        raise InvalidInput(_("The date lies between publication and today."))
    # The package downloaded for this channel: this is where it went.
    placement = _pending(publication, channel) or Placement(publication=publication)
    placement.channel = channel
    placement.where = where.strip()
    placement.placed_on = placed_on
    placement.printed = printed
    placement.pending = False
    placement.recorded_by = as_user(by)
    placement.save()
    audit(
        AuditEvent.Type.PLACEMENT_RECORDED,
        by=by,
        school=publication.school,
        subject=placement,
        data={"publication": publication.public_id, "channel": channel.key, "printed": printed},
    )
    # Everyone it shows or names, and everyone who took part in its items' activities (an
    # unidentified face may be theirs).
    people = list(Mention.objects.filter(publication=publication, channel=channel)) + list(
        Participant.objects.filter(
            activity__items__in=publication.media.values("item_id")
        ).distinct()
    )
    takedowns_for_consent_change(
        school=publication.school,
        pupil_ids={p.pupil_id for p in people if p.pupil_id},
        staff_ids={p.staff_member_id for p in people if p.staff_member_id},
        by=by,
    )
    return placement


@transaction.atomic
def _record_export(publication: Publication, channel, *, by, files: int, on) -> None:
    """The files leave Beeldwacht now: until the author says where they went, a withdrawal
    reaches them as a placement with an unknown address. Under the consent lock, after the
    (slow) package was built outside any transaction: a withdrawal that came in meanwhile
    either finds this placement or stops the download here."""
    lock_consent(publication.school)
    media = selectors.media_facts(publication, on)
    if rules.blocks_approval(checks_for(publication, on=on, media=media)):
        raise InvalidInput(_("Consent changed since approval: this publication cannot go out."))
    if _pending(publication, channel) is None:
        Placement.objects.create(
            publication=publication,
            channel=channel,
            placed_on=on,
            pending=True,
            recorded_by=as_user(by),
        )
    audit(
        AuditEvent.Type.PUBLICATION_EXPORTED,
        by=by,
        school=publication.school,
        subject=publication,
        data={"channel": channel.key, "files": files},
    )


def _pending(publication: Publication, channel) -> Placement | None:
    return Placement.objects.filter(
        publication=publication, channel=channel, pending=True, removed_at__isnull=True
    ).first()


@transaction.atomic
def placement_not_used(*, placement: Placement, by) -> Placement:
    """The author downloaded the package but it did not appear anywhere: the pending
    placement is closed, and nothing is asked of anyone when consent changes."""
    _require_author_or_approver(placement.publication, by)
    lock_consent(placement.publication.school)
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if not placement.pending or placement.removed_at is not None:
        raise InvalidInput(_("Only a downloaded package nobody placed yet can be marked unused."))
    placement.removed_at = timezone.now()
    placement.save(update_fields=["removed_at"])
    # Whatever a withdrawal asked of it meanwhile is settled: it appeared nowhere.
    settle(
        placement.takedowns.all(),
        by=by,
        note=_("The package was not used."),
        at=placement.removed_at,
    )
    audit(
        AuditEvent.Type.PLACEMENT_RECORDED,
        by=by,
        school=placement.publication.school,
        subject=placement,
        data={"publication": placement.publication.public_id, "not_used": True},
    )
    return placement


def _safe_files(media: selectors.MediaFacts, channel: Channel) -> list[tuple]:
    """(item, storage name of its safe rendition, faces blurred) for every attached photo
    and video that may go out on this channel now, in the publication's order. Renders
    what is missing (the export waits for it)."""
    return [
        (item, renditions.safe_name(item, channel.key, clearance), len(clearance.blur))
        for item in media.items
        if (clearance := media.clearances[(item.pk, channel.pk)]).outcome.publishable
        and item.kind != MediaItem.Kind.AUDIO
    ]


def publication_export(*, publication: Publication, channel, by) -> tuple[str, bytes]:
    """The export package for a channel Beeldwacht does not serve: a zip with the text, the
    safe renditions for that channel (faces blurred, sound dropped where consent lacks) and
    a manifest. Never an original. Consent is checked now, not at approval."""
    _require_author_or_approver(publication, by)
    # Not before publication: only then is recorded who is shown and who may be, which is
    # how a withdrawal finds the package's placement.
    if publication.status != Publication.Status.PUBLISHED:
        raise InvalidInput(
            _(
                "Only a published publication can be exported: publish it first, then "
                "download the package."
            )
        )
    _require_other_channel(publication, channel)
    today = timezone.localdate()
    media = selectors.media_facts(publication, today)
    if rules.blocks_approval(checks_for(publication, on=today, media=media)):
        raise InvalidInput(_("Consent changed since approval: this publication cannot go out."))
    storage = MediaItem._meta.get_field("original").storage
    manifest_files = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        text = f"# {publication.title}\n\n{publication.body}\n"
        if channel.audience == Channel.Audience.PARENTS:  # a closed channel: protocol B.4
            text += f"\n---\n\n{publication.school.closed_channel_notice}\n"
        package.writestr("tekst.md", text)
        for n, (item, name, blurred) in enumerate(_safe_files(media, channel), start=1):
            with storage.open(name, "rb") as rendition:
                data = rendition.read()
            filename = f"{n:02d}-{item.kind}.{name.rsplit('.', 1)[-1]}"
            package.writestr(filename, data)
            manifest_files.append(
                {
                    "file": filename,
                    "kind": item.kind,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "faces_blurred": blurred,
                }
            )
        manifest = {
            "school": {"name": publication.school.name, "brin": publication.school.brin},
            "publication": str(publication.public_id),
            "title": publication.title,
            "channel": {"key": channel.key, "name": channel.name},
            "approved_at": publication.decided_at.isoformat() if publication.decided_at else None,
            "exported_at": timezone.now().isoformat(),
            "files": manifest_files,
            "note": _(
                "Only these files and this text may be published on this channel. Faces "
                "without consent are blurred. If consent is withdrawn, the school will ask "
                "you to remove them."
            ),
        }
        package.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
    _record_export(publication, channel, by=by, files=len(manifest_files), on=today)
    return f"{publication.school.brin}-{channel.key}-{publication.public_id}.zip", buffer.getvalue()


@transaction.atomic
def publication_withdraw(*, publication: Publication, by) -> Publication:
    require(by, Capability.APPROVE_PUBLICATION, school=publication.school)
    _move(publication, rules.State.WITHDRAWN)
    publication.withdrawn_at = timezone.now()
    publication.save(update_fields=["status", "withdrawn_at", "updated_at"])
    publication.placements.filter(removed_at__isnull=True, channel__key__in=BUILT_IN).update(
        removed_at=publication.withdrawn_at
    )
    # Withdrawing takes the built-in pages down, which settles what was asked of them.
    settle(
        Takedown.objects.filter(
            placement__publication=publication, placement__channel__key__in=BUILT_IN
        ),
        by=by,
        note=_("The publication was withdrawn."),
        at=publication.withdrawn_at,
    )
    takedowns_for_withdrawal(publication=publication, by=by, now=publication.withdrawn_at)
    _audit(publication, by, "withdrawn")
    return publication


def supervisors_of(publication: Publication, by):
    """Whom a staff member can ask about a publication (B.3): the school's supervisors and
    management, not themselves."""
    return (
        staff_of(publication.school, roles=[Role.SUPERVISOR, Role.MANAGEMENT])
        .exclude(pk=by.pk)
        .order_by("first_name", "last_name", "email")
    )


@transaction.atomic
def publication_ask(
    *, publication: Publication, recipient=None, text: str, by, now: datetime | None = None
) -> ThreadMessage:
    """ "In doubt? Ask your supervisor" (protocol B.3). The author asks a supervisor; whoever
    was asked answers the author (`recipient` is then not needed). The thread stays on the
    publication, and the one it is addressed to gets a mail with a link (after commit; a
    failed mail leaves the thread)."""
    asked = set(publication.thread.values_list("recipient_id", flat=True))
    if by.pk == publication.author_id:
        if (
            recipient is None
            or not supervisors_of(publication, by).filter(pk=recipient.pk).exists()
        ):
            raise InvalidInput(_("Choose a supervisor or someone from management."))
    elif by.pk in asked:
        recipient = publication.author
    else:
        raise PermissionDenied(_("Only the author and whoever was asked write here."))
    if not text.strip():
        raise InvalidInput(_("Write your question or answer."))
    message = ThreadMessage.objects.create(
        publication=publication,
        sender=by,
        recipient=recipient,
        text=text.strip(),
        sent_at=now or timezone.now(),
    )
    audit(
        AuditEvent.Type.SUPERVISOR_ASKED,
        by=by,
        school=publication.school,
        subject=publication,
        data={"to": recipient.public_id},
    )
    transaction.on_commit(lambda: notifications.question_asked(message))
    return message


def _audit(publication: Publication, by, step: str, **data) -> None:
    audit(
        AuditEvent.Type.PUBLICATION_CHANGED,
        by=by,
        school=publication.school,
        subject=publication,
        data={"step": step, "status": publication.status, **data},
    )
