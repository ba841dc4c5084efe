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
from beeldwacht.publications.models import Mention, Publication
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
    by_activity: dict = {}
    for item in items:
        by_activity.setdefault(item.activity, []).append(item)
    cleared = {}
    for activity, its in by_activity.items():
        cleared.update(media_selectors.clearances(activity, its, [channel], timezone.localdate()))
    return [i for i in items if cleared[(i.pk, channel.pk)].outcome.publishable]


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
