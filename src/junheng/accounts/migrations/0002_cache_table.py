"""The table of the shared database cache (CACHES in the settings): login and request limits
count there, so that every worker sees the same counts. `migrate` creates it, as
`createcachetable` would; with Redis configured as the cache there is nothing to create."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
