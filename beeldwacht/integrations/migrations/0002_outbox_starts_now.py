"""Webhooks hear of what happens after this version is installed, not the whole history."""

from django.db import migrations


def start_now(apps, schema_editor):
    head = apps.get_model("audit", "AuditHead").objects.filter(pk=1).first()
    apps.get_model("integrations", "Outbox").objects.update_or_create(
        name="webhooks", defaults={"last_sequence": head.last_sequence if head else 0}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("integrations", "0001_api_keys_and_webhooks"),
        ("audit", "0015_retention_and_integration_events"),
    ]

    operations = [migrations.RunPython(start_now, migrations.RunPython.noop)]
