"""Serving the photos and videos of Beeldwacht's own pages (the public news page and the
parent app): what the views do with what the selectors decide. Rendering a missing photo,
asking the worker for a video and building the HTTP response happen here, never in a
selector.

Nothing is cached outside the school: clearance is computed on every request, and a face
blurred now must not come back from a browser or proxy cache later (`Cache-Control:
private, no-store`)."""

from django.core.cache import cache
from django.http import FileResponse

from beeldwacht.media import renditions
from beeldwacht.media.models import MediaItem
from beeldwacht.publications import selectors
from beeldwacht.publications.models import Publication

NOT_STORED = "private, no-store"


def shown_media(publication: Publication, channel_key: str) -> tuple[list, list]:
    """(photos, videos) to put on the page now. A photo is rendered when its URL is asked
    for (a fraction of a second); a video shows once the worker rendered its safe version
    for the current consent, and the worker is asked (at most once per ten minutes) until
    then."""
    photos, videos = [], []
    for item, clearance in selectors.cleared_media(publication, channel_key):
        if item.kind == MediaItem.Kind.PHOTO:
            photos.append(item)
        elif renditions.safe_name(item, channel_key, clearance, build=False):
            videos.append(item)
        elif cache.add(f"prepare-video:{item.pk}:{channel_key}", True, timeout=600):
            from beeldwacht.publications.tasks import prepare_video

            prepare_video.enqueue(item.pk, channel_key)
    return photos, videos


def media_response(item: MediaItem | None, channel_key: str, kind: str) -> FileResponse | None:
    """The safe rendition of an attached photo or video as consent stands now, or None when
    it may not be shown (no such item, blocked, or a video still being rendered). While an
    item waits for a new review every unidentified face is blurred."""
    if item is None or item.kind != kind:
        return None
    clearance = selectors.item_clearance(item, channel_key)
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
