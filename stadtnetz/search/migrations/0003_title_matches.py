# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Title matches from the full-text index, for the title candidates of the ranking.

The first stage of a search takes the newest matches and the newest title matches, so it must
find title matches without reading every match (docs/decisions/0042-bounded-search-cost.md).
SQLite: the FTS5 table is rebuilt with ``detail='column'`` so that a query can be limited to the
title column. PostgreSQL: a generated tsvector column over the title terms with a GIN index.
"""

from django.db import migrations

SQLITE_FTS = """
    CREATE VIRTUAL TABLE search_document_fts USING fts5(
        title_terms, body_terms,
        content='search_searchdocument', content_rowid='id',
        tokenize='ascii', prefix='2 3', detail='{detail}'
    )
"""
# The triggers of migration 0002 name the table and keep working for the new one.
SQLITE_FORWARD = [
    "DROP TABLE search_document_fts",
    SQLITE_FTS.format(detail="column"),
    "INSERT INTO search_document_fts(search_document_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TABLE search_document_fts",
    SQLITE_FTS.format(detail="none"),
    "INSERT INTO search_document_fts(search_document_fts) VALUES ('rebuild')",
]
POSTGRESQL_FORWARD = [
    """
    ALTER TABLE search_searchdocument ADD COLUMN title_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, title_terms)) STORED
    """,
    "CREATE INDEX search_document_title_vector ON search_searchdocument USING gin (title_vector)",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS search_document_title_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS title_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(
                f"Search supports SQLite and PostgreSQL, not {schema_editor.connection.vendor}."
            )
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext_index")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
        )
    ]
