"""Reads of publications that encode rules, for the channels Beeldwacht serves itself (the
public website news and the closed parent feed). Clearance is computed when something is
served, so a withdrawal of consent corrects these channels at once."""

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import timezone

from beeldwacht.consent.models import Channel, Kind
from beeldwacht.consent.selectors import consent_grid
from beeldwacht.media import renditions
from beeldwacht.media import selectors as media_selectors
from beeldwacht.media.models import MediaItem
from beeldwacht.publications.models import Mention, Placement, Publication, Takedown
from beeldwacht.publications.takedowns import BUILT_IN
from beeldwacht.schools.models import School


def published_on(school: School, channel_key: str) -> QuerySet[Publication]:
    """Published on this channel, and every child it names still has name consent there:
    a withdrawal takes the text off at once (found from the Mention facts recorded at
    publication, not by scanning the texts again)."""
    publications = (
        Publication.objects.filter(
            school=school, status=Publication.Status.PUBLISHED, channels__key=channel_key
        )
        .order_by("-published_at")
        .distinct()
    )
    channel = Channel.objects.filter(school=school, key=channel_key).first()
    if channel is None:
        return publications.none()
    named = list(
        Mention.objects.filter(
            publication__in=publications,
            channel=channel,
            kind=Mention.Kind.NAME,
            pupil__isnull=False,
        ).select_related("pupil")
    )
    grid = consent_grid(
        school, list({m.pupil for m in named}), [channel], timezone.localdate(), [Kind.NAME]
    )
    hidden = {
        m.publication_id
        for m in named
        if not grid[(m.pupil_id, channel.pk, Kind.NAME)].status.allows_publication
    }
    return publications.exclude(pk__in=hidden)


def attached_photos(publication: Publication) -> list[MediaItem]:
    return [
        pm.item
        for pm in publication.media.select_related("item__activity", "item__school")
        if pm.item.kind == MediaItem.Kind.PHOTO
    ]


def attached_photo(publication: Publication, item_id) -> MediaItem | None:
    """One attached photo by id, whatever its clearance (`safe_image` decides that)."""
    return next((i for i in attached_photos(publication) if str(i.public_id) == str(item_id)), None)


def photos_shown(publication: Publication, channel_key: str) -> list[MediaItem]:
    """The attached photos that may be shown on this channel now: one clearance computation
    per activity, not per photo."""
    channel = Channel.objects.get(school=publication.school, key=channel_key)
    items = attached_photos(publication)
    cleared = media_selectors.clearances_across(items, [channel], timezone.localdate())
    return [i for i in items if cleared[(i.pk, channel.pk)].outcome.publishable]


def safe_files(publication: Publication, channel: Channel) -> list[tuple[MediaItem, str, int]]:
    """(item, storage name of its safe rendition, faces blurred) for every attached photo
    and video that may go out on this channel now, in the publication's order."""
    items = [pm.item for pm in publication.media.select_related("item__activity", "item__school")]
    cleared = media_selectors.clearances_across(items, [channel], timezone.localdate())
    files = []
    for item in items:
        clearance = cleared[(item.pk, channel.pk)]
        if not clearance.outcome.publishable or item.kind == MediaItem.Kind.AUDIO:
            continue
        blur = [f for f in item.faces.all() if str(f.pk) in clearance.blur]
        if item.kind == MediaItem.Kind.VIDEO:
            name = renditions.safe_video_name(
                item, channel.key, blur, keep_audio=not clearance.mute
            )
        else:
            name = renditions.safe_rendition_name(item, channel.key, blur)
        files.append((item, name, len(blur)))
    return files


def _clearance(item: MediaItem, channel: Channel):
    return media_selectors.clearances(item.activity, [item], [channel], timezone.localdate())[
        (item.pk, channel.pk)
    ]


def safe_image(item: MediaItem, channel_key: str, *, cache_control: str) -> FileResponse | None:
    """The safe rendition of a photo for this channel as a response, or None when it may
    not be shown now (blocked, or consent changed and nobody has looked again)."""
    channel = Channel.objects.get(school=item.school, key=channel_key)
    clearance = _clearance(item, channel)
    if not clearance.outcome.publishable:
        return None
    blur = [f for f in item.faces.all() if str(f.pk) in clearance.blur]
    storage = MediaItem._meta.get_field("original").storage
    name = renditions.safe_rendition_name(item, channel_key, blur)
    response = FileResponse(storage.open(name, "rb"), content_type="image/jpeg")
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    return response


def placements_showing(pupil, guardian) -> list[dict]:
    """Where this child appears, for their guardian (AVG art. 15): per published publication
    that shows or names them, newest first, its placements, with this guardian's own removal
    request if any. Other ledger entries are left out on purpose: they could reveal a flag
    or the other parent's choice, which the portal never shows."""
    kinds: dict = {}
    for publication_id, channel_id, kind in Mention.objects.filter(
        pupil=pupil, publication__status=Publication.Status.PUBLISHED
    ).values_list("publication_id", "channel_id", "kind"):
        kinds.setdefault((publication_id, channel_id), set()).add(kind)
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
    publications: dict = {}
    for p in placements:
        found = kinds.get((p.publication_id, p.channel_id))
        if found is None:
            continue
        publications.setdefault(p.publication, []).append(
            {
                "placement": p,
                "built_in": p.channel.key in BUILT_IN,
                "shown": Mention.Kind.IMAGE in found,
                "named": Mention.Kind.NAME in found,
                "request": requests.get(p.pk),
            }
        )
    return [{"publication": pub, "placements": rows} for pub, rows in publications.items()]
