"""A covering index for the leads list: its order (newest first, then id, as the admin sorts it)
and every column its filters and the consultants' visibility test read. On PostgreSQL the list's
counts, the keys of a page (`LeadPaginator`) and the date hierarchy's first and last dates are
then index-only scans, never reading the rows and their large JSON: a consultant's count of new
leads 370 ms -> 60 ms, page 500 220 ms -> 15 ms, on 100,000 leads (benchmarks/dashboard.py).

PostgreSQL only, like 0005 and 0006 (SQLite has no INCLUDE), so this migration owns it.
"""

from django.db import migrations

KEYS = "submitted_at DESC, id DESC"
COLUMNS = (
    "assigned_to_id, lead_status, best_outcome, crs_total, intended_province, language, status"
)


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS assessment_list "
            f"ON assessments_assessment ({KEYS}) INCLUDE ({COLUMNS})"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS assessment_list")


class Migration(migrations.Migration):
    dependencies = [("assessments", "0006_overview_index")]

    operations = [migrations.RunPython(add_index, drop_index)]
