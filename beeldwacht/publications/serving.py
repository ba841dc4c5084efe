"""Serving the photos and videos of Beeldwacht's own pages (the public news page and the
parent app): what the views do with what the selectors decide. Caching a clearance, rendering
a missing photo, asking the worker for a video and building the HTTP response happen here,
never in a selector.

A clearance is computed once per item, channel, day and consent version of the school, and
kept in the cache under that key: every change that can alter it (consent, a flag, a review,
a roster import, publishing) takes the school's consent lock, which gives the school a new
version (schools.locks), so a withdrawal reaches these pages with the very next request.
Only reads outside a write are cached here. Nothing is stored outside the school either: a
face blurred now must not come back from a browser or proxy cache later (`Cache-Control:
private, no-store`)."""

from django.core.cache import cache, caches
from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import timezone

from beeldwacht.domain.clearance import Clearance
from beeldwacht.media import renditions
from beeldwacht.media.models import MediaItem
from beeldwacht.publications import selectors
from beeldwacht.publications.models import Publication
from beeldwacht.schools.models import School

NOT_STORED = "private, no-store"
# A new consent version or a new day makes a new key; this only bounds the cache's size.
KEPT_FOR = 24 * 3600


def _key(school: School, what: str) -> str:
    day = timezone.localdate().isoformat()
    return f"served:{school.pk}:{school.consent_version}:{day}:{what}"


def published(school: School, channel_key: str) -> QuerySet[Publication]:
    """`selectors.published_on`, with the texts to hide read once per consent version."""
    hidden = caches["served"].get_or_set(
        _key(school, f"hide:{channel_key}"),
        lambda: selectors.texts_to_hide(school, channel_key, timezone.localdate()),
        KEPT_FOR,
    )
    return selectors.published_on(school, channel_key, hidden=hidden)


def clearances(items: list[MediaItem], channel_key: str) -> dict[int, Clearance]:
    """Item id -> clearance on this channel of its school now: from the cache, the rest
    computed at once (per school: a parent's feed may show several)."""
    keys = {item.pk: _key(item.school, f"clear:{item.pk}:{channel_key}") for item in items}
    found = caches["served"].get_many(list(keys.values()))
    missing: dict[int, list[MediaItem]] = {}
    for item in items:
        if keys[item.pk] not in found:
            missing.setdefault(item.school_id, []).append(item)
    for its in missing.values():
        computed = selectors.clearances_on(its, channel_key, timezone.localdate())
        fresh = {keys[pk]: clearance for pk, clearance in computed.items()}
        caches["served"].set_many(fresh, KEPT_FOR)
        found.update(fresh)
    return {item.pk: found[keys[item.pk]] for item in items}


def shown_media(publications: list[Publication], channel_key: str) -> dict[int, tuple[list, list]]:
    """Publication id -> (photos, videos) to put on the page now, for a whole page in a fixed
    number of queries. A photo is rendered when its URL is asked for (a fraction of a
    second); a video shows once the worker rendered its safe version for the current
    consent, and the worker is asked (at most once per ten minutes) until then."""
    attached = selectors.attached_media_of(publications)
    cleared = clearances([i for items in attached.values() for i in items], channel_key)
    shown = {}
    for publication_id, items in attached.items():
        photos, videos = [], []
        for item in items:
            clearance = cleared[item.pk]
            if not clearance.stays_up:
                continue
            if item.kind == MediaItem.Kind.PHOTO:
                photos.append(item)
            elif renditions.safe_name(item, channel_key, clearance, build=False):
                videos.append(item)
            # Shared by every process: the worker is asked once, whoever serves the page.
            elif cache.add(f"prepare-video:{item.pk}:{channel_key}", True, timeout=600):
                from beeldwacht.publications.tasks import prepare_video

                prepare_video.enqueue(item.pk, channel_key)
        shown[publication_id] = (photos, videos)
    return shown


def media_response(item: MediaItem | None, channel_key: str, kind: str) -> FileResponse | None:
    """The safe rendition of an attached photo or video as consent stands now, or None when
    it may not be shown (no such item, blocked, or a video still being rendered). While an
    item waits for a new review every unidentified face is blurred."""
    if item is None or item.kind != kind:
        return None
    clearance = clearances([item], channel_key)[item.pk]
    if not clearance.stays_up:
        return None
    name = renditions.safe_name(item, channel_key, clearance, build=False)
    if name is None:
        return None
    storage = MediaItem._meta.get_field("original").storage
    content_type = "video/mp4" if item.kind == MediaItem.Kind.VIDEO else "image/jpeg"
    response = FileResponse(storage.open(name, "rb"), content_type=content_type)
    response["Cache-Control"] = NOT_STORED
    response["X-Content-Type-Options"] = "nosniff"
    return response
