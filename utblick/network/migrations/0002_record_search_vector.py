"""Full-text search of the partner network's records: a stored, GIN-indexed tsvector on PostgreSQL, an FTS5
table kept by triggers on SQLite (utblick.core.fulltext). Nothing on the model changes."""

from django.db import migrations

from utblick.core import fulltext
from utblick.network.search import RECORD_INDEX


def forwards(apps, schema_editor):
    fulltext.install(RECORD_INDEX, schema_editor)


def backwards(apps, schema_editor):
    fulltext.uninstall(RECORD_INDEX, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("network", "0001_partner_network")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
