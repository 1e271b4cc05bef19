"""Indexes the leads list needs at 100,000 leads (measured by benchmarks/dashboard.py).

- language: the only list filter without an index; with the submission date it also serves the
  date hierarchy's year/month list from the index alone.
- search (name, email, phone): the admin searches with `UPPER(col::text) LIKE UPPER('%term%')`,
  which no btree can serve; on PostgreSQL, trigram GIN indexes on exactly that expression do
  (pg_trgm is a trusted extension: the database owner may create it). Elsewhere (SQLite in
  development) nothing is created: a small database does not need it. These indexes are not in
  the model's Meta because Django cannot express them portably; this migration owns them.
"""

from django.db import migrations, models

SEARCHED = ("name", "email", "phone")


def _trigram_index(column: str) -> str:
    return f"assessment_{column}_trgm"


def add_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in SEARCHED:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {_trigram_index(column)} ON assessments_assessment "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SEARCHED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {_trigram_index(column)}")


class Migration(migrations.Migration):
    dependencies = [("assessments", "0004_roles")]

    operations = [
        migrations.AddIndex(
            model_name="assessment",
            index=models.Index(
                fields=["language", "-submitted_at"], name="assessment_language_recent"
            ),
        ),
        migrations.RunPython(add_search_indexes, drop_search_indexes),
    ]
