"""Background jobs of publications. A task only says "render video N for channel C"; it
looks at consent when it runs, so running it twice, or late, does no harm."""

from django.tasks import task
from django.utils import timezone

from beeldwacht.media import renditions
from beeldwacht.media.models import MediaItem
from beeldwacht.publications import selectors


def render_video(*, item_id: int, channel_key: str) -> str | None:
    """Render the safe version of a video for a channel, as consent stands now (minutes for
    a long video). Nothing when it may not be shown."""
    item = MediaItem.objects.select_related("activity", "school").filter(pk=item_id).first()
    if item is None or item.kind != MediaItem.Kind.VIDEO:
        return None
    clearance = selectors.clearances_on([item], channel_key, timezone.localdate()).get(item.pk)
    if clearance is None or not clearance.stays_up:
        return None
    return renditions.safe_name(item, channel_key, clearance, build=True)


@task()
def prepare_video(item_id: int, channel_key: str) -> None:
    render_video(item_id=item_id, channel_key=channel_key)
