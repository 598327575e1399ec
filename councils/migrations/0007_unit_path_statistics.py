"""Finer statistics on the units' materialized path (PostgreSQL).

Every scope filter is `path LIKE '<prefix>%'`. With the default 100-bucket histogram over ~14,000
units the planner guessed one unit where a province has ~170 (its communes and what it
absorbed), so a province's lists chose to sort all its rows instead of walking the list's index
(bench/voters.py: 1.8 s → 50 ms for a province's page of petition items).
"""

from django.db import migrations

TARGET = 10000


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(
        apps.get_model("councils", "AdministrativeUnit")._meta.db_table
    )
    schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN path SET STATISTICS {TARGET}")
    schema_editor.execute(f"ANALYZE {table}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(
        apps.get_model("councils", "AdministrativeUnit")._meta.db_table
    )
    schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN path SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [("councils", "0006_listperf_list_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
