"""Migration helpers for what only PostgreSQL has; SQLite (development, tests) skips them."""

from __future__ import annotations

from django.db import migrations


def trigram_index(table: str, column: str, name: str) -> migrations.RunPython:
    """A GIN trigram index, so `column LIKE '%word%'` (diacritics-free search) is an index scan.

    pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
    """

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ("{column}" gin_trgm_ops)'
        )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return migrations.RunPython(forwards, backwards, elidable=False)
