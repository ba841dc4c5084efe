"""Publications that went out before PublishedItem existed: count each attached item's
unidentified faces and who the latest review looked for, per channel, from the faces and
reviews as they are now (the best that is known).
Re-running adds nothing twice."""

from django.db import migrations


def fill(apps, schema_editor):
    Publication = apps.get_model("publications", "Publication")
    PublishedItem = apps.get_model("publications", "PublishedItem")
    Face = apps.get_model("media", "Face")
    MediaReview = apps.get_model("media", "MediaReview")
    for publication in Publication.objects.filter(status="published"):
        if PublishedItem.objects.filter(publication=publication).exists():
            continue
        channels = list(publication.channels.all())
        rows = []
        for attached in publication.media.all():
            unidentified = Face.objects.filter(
                item_id=attached.item_id,
                pupil__isnull=True,
                staff_member__isnull=True,
                not_recognisable=False,
                outsider=False,
            ).count()
            for channel in channels:
                review = (
                    MediaReview.objects.filter(item_id=attached.item_id, channel=channel)
                    .order_by("-reviewed_at", "-id")
                    .first()
                )
                rows.append(
                    PublishedItem(
                        publication=publication,
                        item_id=attached.item_id,
                        channel=channel,
                        unidentified_faces=unidentified,
                        checked=review.exceptions if review else [],
                    )
                )
        PublishedItem.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("publications", "0005_possible_appearances"), ("media", "0003_participants_of_existing_activities")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
