"""Background jobs of the media library. The durable truth is on the MediaItem row, not in
the queue: a task only says "look at item N"; running it twice does no harm."""

from django.tasks import task


@task()
def analyse_media(item_id: int) -> None:
    from beeldwacht.media.services import media_analyse

    media_analyse(item_id=item_id)
