"""Fill School.reask_below_version from the texts already published (the latest version
with a material change), which consent_text_publish keeps from now on."""

from django.db import migrations
from django.db.models import Max


def fill(apps, schema_editor):
    School = apps.get_model("schools", "School")
    ConsentText = apps.get_model("consent", "ConsentText")
    latest = ConsentText.objects.filter(material_change=True).values("school_id")
    for row in latest.annotate(v=Max("version")):
        School.objects.filter(pk=row["school_id"]).update(reask_below_version=row["v"])


class Migration(migrations.Migration):
    dependencies = [
        ("consent", "0003_consent_for_staff_members"),
        ("schools", "0002_consent_version"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
