"""Reads of publications that encode rules, for the channels Beeldwacht serves itself (the
public website news and the closed parent feed). Clearance is computed when something is
served, so a withdrawal of consent corrects these channels at once."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from beeldwacht.consent.models import Channel, Kind
from beeldwacht.domain.clearance import Clearance
from beeldwacht.media import selectors as media_selectors
from beeldwacht.media.models import Face, MediaItem
from beeldwacht.publications.models import Publication, PublicationMedia
from beeldwacht.schools.models import School
from beeldwacht.takedowns.ledger import BUILT_IN, possible_appearances
from beeldwacht.takedowns.models import Mention, Placement, Takedown


def published_on(
    school: School, channel_key: str, *, hidden: frozenset[int] | None = None
) -> QuerySet[Publication]:
    """Published on this channel, less those `texts_to_hide` (computed now unless given)."""
    if hidden is None:
        hidden = texts_to_hide(school, channel_key, timezone.localdate())
    return (
        Publication.objects.filter(
            school=school, status=Publication.Status.PUBLISHED, channels__key=channel_key
        )
        .exclude(pk__in=hidden)
        .select_related("school")
        .order_by("-published_at")
        .distinct()
    )


def texts_to_hide(school: School, channel_key: str, on) -> frozenset[int]:
    """The publications on this channel that name someone (a pupil or a member of staff)
    whose name consent no longer holds there: a withdrawal takes the text off at once (found
    from the Mention facts recorded at publication, not by scanning the texts again)."""
    named = list(
        Mention.objects.filter(
            publication__school=school,
            publication__status=Publication.Status.PUBLISHED,
            channel__key=channel_key,
            kind=Mention.Kind.NAME,
        ).select_related("channel")
    )
    if not named:
        return frozenset()
    channel = named[0].channel
    statuses = media_selectors.person_statuses(
        school, {m.person_key for m in named}, [channel], on, [Kind.NAME]
    )
    return frozenset(
        m.publication_id
        for m in named
        if not (status := statuses.get((m.person_key, channel.pk, Kind.NAME)))
        or not status.allows_publication
    )


@dataclass(frozen=True)
class MediaFacts:
    """A publication's attached items with their clearance per channel and their faces,
    computed once and shared by the checks, the recorded mentions, the export and the
    side-by-side view."""

    channels: list[Channel]
    items: list[MediaItem]  # every attached item, in order
    clearances: dict[tuple[int, int], Clearance]  # (item id, channel id) -> clearance
    faces: list[Face]  # of those items, with pupil (and group) and staff member


def media_facts(publication: Publication, on) -> MediaFacts:
    channels = list(publication.channels.all())
    items = [pm.item for pm in publication.media.select_related("item__activity", "item__school")]
    return MediaFacts(
        channels,
        items,
        media_selectors.clearances_across(items, channels, on),
        list(
            Face.objects.filter(item__in=items).select_related(
                "pupil__school_class", "staff_member"
            )
        ),
    )


def attached_media(publication: Publication) -> list[MediaItem]:
    """The attached photos and videos, in the publication's order (sound alone is never
    shown on a page)."""
    return attached_media_of([publication])[publication.pk]


def attached_media_of(publications: list[Publication]) -> dict[int, list[MediaItem]]:
    """`attached_media` of several publications in two queries (the items with their
    faces), whatever their number."""
    found: dict[int, list[MediaItem]] = {p.pk: [] for p in publications}
    for pm in (
        PublicationMedia.objects.filter(
            publication__in=publications,
            item__kind__in=[MediaItem.Kind.PHOTO, MediaItem.Kind.VIDEO],
        )
        .select_related("item__activity__school", "item__school")
        .prefetch_related("item__faces")
    ):
        found[pm.publication_id].append(pm.item)
    return found


def attached_item(publication: Publication, item_id) -> MediaItem | None:
    """One attached photo or video by id, whatever its clearance."""
    return next((i for i in attached_media(publication) if str(i.public_id) == str(item_id)), None)


def clearances_on(items: list[MediaItem], channel_key: str, on) -> dict[int, Clearance]:
    """Item id -> its clearance on this channel of their school, one computation per
    activity; empty when the school has no such channel. What a page does with it (render,
    ask for a video, answer) is publications.serving's business."""
    if not items:
        return {}
    channel = Channel.objects.filter(school_id=items[0].school_id, key=channel_key).first()
    if channel is None:
        return {}
    cleared = media_selectors.clearances_across(items, [channel], on)
    return {item.pk: cleared[(item.pk, channel.pk)] for item in items}


def placements_showing(pupil, guardian) -> list[dict]:
    """Where this child appears, for their guardian (AVG art. 15): per publication that shows
    or names them (published, or withdrawn: its copies elsewhere may still be coming down),
    newest first, its placements, with this guardian's own removal request if any. Other
    ledger entries are left out on purpose: they could reveal a flag or the other parent's
    choice, which the portal never shows."""
    kinds: dict = {}
    # A withdrawn publication stays listed: its copies elsewhere may still be coming down.
    for publication_id, channel_id, kind in Mention.objects.filter(
        pupil=pupil,
        publication__status__in=[Publication.Status.PUBLISHED, Publication.Status.WITHDRAWN],
    ).values_list("publication_id", "channel_id", "kind"):
        kinds.setdefault((publication_id, channel_id), set()).add(kind)
    # Not marked, but in an activity's photos with faces nobody marked: honestly, "maybe".
    for publication_id, channel_id, _key in possible_appearances(
        school=pupil.school, pupil_ids=[pupil.pk]
    ):
        kinds.setdefault((publication_id, channel_id), set()).add("possible")
    placements = (
        Placement.objects.filter(publication_id__in={p for p, _c in kinds})
        .select_related("publication", "channel")
        .order_by("-publication__published_at", "channel__position", "id")
    )
    requests = {
        t.placement_id: t
        for t in Takedown.objects.filter(
            pupil=pupil, requested_by=guardian, reason=Takedown.Reason.REQUEST
        ).order_by("opened_at")
    }
    ledger = {
        t.placement_id: t
        for t in Takedown.objects.filter(
            pupil=pupil, reason=Takedown.Reason.CONSENT, placement__in=placements
        ).order_by("opened_at")
    }
    # The school withdrew the whole publication: that entry says what happens to the copy.
    ledger.update(
        (t.placement_id, t)
        for t in Takedown.objects.filter(
            reason=Takedown.Reason.WITHDRAWN, placement__in=placements
        ).order_by("opened_at")
    )
    on_the_website = set(published_on(pupil.school, "website").values_list("pk", flat=True))
    publications: dict = {}
    for p in placements:
        found = kinds.get((p.publication_id, p.channel_id))
        if found is None:
            continue
        state = placement_state(p, ledger.get(p.pk))
        publications.setdefault(p.publication, []).append(
            {
                "placement": p,
                "built_in": p.channel.key in BUILT_IN,
                "state": state,
                "entry": ledger.get(p.pk),
                # Only a page that is really there gets a link (no link that 404s).
                "viewable": state == "live"
                and p.channel.key == "website"
                and p.publication_id in on_the_website,
                # In this order on the page: seen, maybe seen, heard, named.
                "kinds": [
                    k
                    for k in ("image", "possible", "sound", "name")
                    if k in found and not (k == "possible" and "image" in found)
                ],
                "request": requests.get(p.pk),
            }
        )
    return [{"publication": pub, "placements": rows} for pub, rows in publications.items()]


def placement_state(placement: Placement, entry: Takedown | None) -> str:
    """One placement for one person, as the ledger knows it: live, corrected (Beeldwacht
    changed its own page), print (cannot be taken back), task_open, done (removed), or
    not_shown (checked: not recognisable)."""
    if placement.removed_at is not None:
        return "done"
    if entry is None:
        return "print" if placement.printed else "live"
    return {
        Takedown.Status.AUTOMATIC: "corrected",
        Takedown.Status.NOT_RETRACTABLE: "print",
        Takedown.Status.OPEN: "task_open",
        Takedown.Status.DONE: "done",
        Takedown.Status.NOT_SHOWN: "not_shown",
    }[entry.status]
