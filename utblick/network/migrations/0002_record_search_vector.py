"""Full-text search of the partner network's records on PostgreSQL: a stored tsvector of ``search_text`` in
Swedish and English with a GIN index (network.search). Nothing on the model changes; SQLite searches words."""

from django.db import migrations

TABLE = "network_networkrecord"
VECTOR = (
    "setweight(to_tsvector('swedish'::regconfig, coalesce(search_text, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(search_text, '')), 'A')"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS ({VECTOR}) STORED"
    )
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_search_idx ON {TABLE} USING GIN (search_vector)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {TABLE}_search_idx")
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("network", "0001_partner_network")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
