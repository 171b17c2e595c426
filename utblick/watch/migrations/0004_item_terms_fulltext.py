"""The items' stems in a full-text index (utblick.core.fulltext), so that searches and funding
suggestions take their candidates from the index, best first: a stored tsvector with a GIN index on
PostgreSQL, an FTS5 table kept by triggers on SQLite."""

from django.db import migrations

from utblick.core import fulltext
from utblick.watch.search import TERMS_INDEX


def forwards(apps, schema_editor):
    fulltext.install(TERMS_INDEX, schema_editor)


def backwards(apps, schema_editor):
    fulltext.uninstall(TERMS_INDEX, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("watch", "0003_comment_versions")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
