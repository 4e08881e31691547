"""A trigram index for the diacritics-free story search, on PostgreSQL only.

The search compares folded text with LIKE '%word%'; a GIN trigram index (pg_trgm) answers that
without reading every row. SQLite has no such index: there the same query scans, which the
embedded default's size allows.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS story_search_trgm ON stories_story USING gin (search_folded gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS story_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("stories", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
