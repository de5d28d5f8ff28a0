# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""PostgreSQL: the full-text index moves into a narrow table of its own (decision 0043).

Finding the newest matches walks the newest documents by key and tests each one's tsvector.
In ``search_searchdocument`` a row holds the title, the text, both as index terms and two
tsvectors — about 2.4 kB — so the walk read three times more than it tested. The new table
``search_document_match`` holds per document only what the first stage of a search needs: the
facet columns, the object id, the time, the title terms and two tsvectors without positions
(``strip``: nothing uses them). Triggers keep it in step with the documents, like the FTS5
triggers on SQLite; the generated tsvector columns and their indexes on the document table go.
SQLite is unchanged.
"""

from django.db import migrations

MATCH_COLUMNS = (
    "id, doc_type, state, size_class, kind, fields, object_id, updated, title_terms, terms, title"
)
MATCH_VALUES = (
    "{row}.id, {row}.doc_type, {row}.state, {row}.size_class, {row}.kind, {row}.fields, "
    "{row}.object_id, {row}.updated, {row}.title_terms, "
    "strip(to_tsvector('simple'::regconfig, {row}.title_terms || ' ' || {row}.body_terms)), "
    "strip(to_tsvector('simple'::regconfig, {row}.title_terms))"
)

POSTGRESQL_FORWARD = [
    """
    CREATE TABLE search_document_match (
        id bigint PRIMARY KEY,
        doc_type varchar(30) NOT NULL,
        state varchar(2) NOT NULL,
        size_class varchar(20) NOT NULL,
        kind varchar(30) NOT NULL,
        fields varchar(400) NOT NULL,
        object_id varchar(64) NOT NULL,
        updated timestamp with time zone NOT NULL,
        title_terms text NOT NULL,
        terms tsvector NOT NULL,
        title tsvector NOT NULL
    )
    """,
    f"""
    CREATE FUNCTION search_document_match_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO search_document_match ({MATCH_COLUMNS})
        VALUES ({MATCH_VALUES.format(row="NEW")})
        ON CONFLICT (id) DO UPDATE SET
            doc_type = EXCLUDED.doc_type, state = EXCLUDED.state,
            size_class = EXCLUDED.size_class, kind = EXCLUDED.kind, fields = EXCLUDED.fields,
            object_id = EXCLUDED.object_id, updated = EXCLUDED.updated,
            title_terms = EXCLUDED.title_terms, terms = EXCLUDED.terms, title = EXCLUDED.title;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE FUNCTION search_document_match_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM search_document_match WHERE id = OLD.id;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE FUNCTION search_document_match_clear() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM search_document_match;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER search_document_match_write AFTER INSERT OR UPDATE ON search_searchdocument
    FOR EACH ROW EXECUTE FUNCTION search_document_match_write()
    """,
    """
    CREATE TRIGGER search_document_match_delete AFTER DELETE ON search_searchdocument
    FOR EACH ROW EXECUTE FUNCTION search_document_match_delete()
    """,
    # Django's test database flush empties tables with TRUNCATE, which fires no row triggers.
    """
    CREATE TRIGGER search_document_match_clear AFTER TRUNCATE ON search_searchdocument
    FOR EACH STATEMENT EXECUTE FUNCTION search_document_match_clear()
    """,
    f"INSERT INTO search_document_match ({MATCH_COLUMNS}) "
    f"SELECT {MATCH_VALUES.format(row='d')} FROM search_searchdocument d",
    "CREATE INDEX search_document_match_terms ON search_document_match USING gin (terms)",
    "CREATE INDEX search_document_match_title ON search_document_match USING gin (title)",
    "DROP INDEX IF EXISTS search_document_title_vector",
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS title_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_vector",
    "ANALYZE search_document_match",
]
POSTGRESQL_BACKWARD = [
    """
    ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, title_terms || ' ' || body_terms)) STORED
    """,
    "CREATE INDEX search_document_vector ON search_searchdocument USING gin (search_vector)",
    """
    ALTER TABLE search_searchdocument ADD COLUMN title_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, title_terms)) STORED
    """,
    "CREATE INDEX search_document_title_vector ON search_searchdocument USING gin (title_vector)",
    "DROP TRIGGER IF EXISTS search_document_match_clear ON search_searchdocument",
    "DROP TRIGGER IF EXISTS search_document_match_delete ON search_searchdocument",
    "DROP TRIGGER IF EXISTS search_document_match_write ON search_searchdocument",
    "DROP FUNCTION IF EXISTS search_document_match_clear()",
    "DROP FUNCTION IF EXISTS search_document_match_delete()",
    "DROP FUNCTION IF EXISTS search_document_match_write()",
    "DROP TABLE IF EXISTS search_document_match",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_title_matches")]

    operations = [migrations.RunPython(_run(POSTGRESQL_FORWARD), _run(POSTGRESQL_BACKWARD))]
