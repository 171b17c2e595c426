"""Full-text search of the register: a stored tsvector with a GIN index on PostgreSQL, an FTS5 table
kept by triggers on SQLite (utblick.core.fulltext). Nothing on the model changes, so each database gets
its own structure here and makemigrations sees nothing to do."""

from django.db import migrations

from utblick.core import fulltext
from utblick.engagements.search import ENGAGEMENT_INDEX


def forwards(apps, schema_editor):
    fulltext.install(ENGAGEMENT_INDEX, schema_editor)


def backwards(apps, schema_editor):
    fulltext.uninstall(ENGAGEMENT_INDEX, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("engagements", "0007_counting_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
