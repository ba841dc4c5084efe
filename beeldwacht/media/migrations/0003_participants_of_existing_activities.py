"""Activities made before participants were recorded get them from their groups as they are
now: the best that is known. Re-running adds nothing twice."""

from django.db import migrations


def fill(apps, schema_editor):
    Activity = apps.get_model("media", "Activity")
    Participant = apps.get_model("media", "Participant")
    Pupil = apps.get_model("people", "Pupil")
    Membership = apps.get_model("schools", "Membership")
    for activity in Activity.objects.all():
        if Participant.objects.filter(activity=activity).exists():
            continue
        class_ids = list(activity.classes.values_list("pk", flat=True))
        pupils = Pupil.objects.filter(school_id=activity.school_id, school_class_id__in=class_ids)
        staff_ids = set(
            Membership.objects.filter(
                school_id=activity.school_id, classes__in=class_ids, left_on__isnull=True
            ).values_list("user_id", flat=True)
        )
        Participant.objects.bulk_create(
            [Participant(activity=activity, pupil=p, source="group") for p in pupils]
            + [
                Participant(activity=activity, staff_member_id=pk, source="group")
                for pk in sorted(staff_ids)
            ]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("media", "0002_participants"),
        ("people", "0001_initial"),
        ("schools", "0001_initial"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
