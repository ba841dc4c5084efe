"""Background jobs of publications. A task only says "render video N for channel C"; it
looks at consent when it runs, so running it twice, or late, does no harm."""

from django.tasks import task


@task()
def prepare_video(item_id: int, channel_key: str) -> None:
    from beeldwacht.publications.selectors import video_prepare

    video_prepare(item_id=item_id, channel_key=channel_key)
