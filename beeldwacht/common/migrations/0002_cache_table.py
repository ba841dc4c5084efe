"""The table of the shared cache (settings.CACHES["default"] without REDIS_URL): the login
forms' rate limits, counted alike by every process."""

from django.core.management import call_command
from django.db import migrations


def create(apps, schema_editor):
    call_command("createcachetable", "beeldwacht_cache", database=schema_editor.connection.alias)


def drop(apps, schema_editor):
    schema_editor.execute(schema_editor.sql_delete_table % {"table": "beeldwacht_cache"})


class Migration(migrations.Migration):
    dependencies = [("common", "0001_daily_runs")]

    operations = [migrations.RunPython(create, drop)]
