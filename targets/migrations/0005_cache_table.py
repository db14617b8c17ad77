"""
The database cache table (settings.CACHES): the cockpit's computed figures are
cached there so that every app server shares them. A migration rather than a
separate ``createcachetable`` step, so no deployment can forget it.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("targets", "0004_supervision")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
