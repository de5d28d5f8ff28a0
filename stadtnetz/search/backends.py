# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The two full-text backends behind one interface, chosen by the database vendor.

Both match the same index terms (made in Python by text.index_terms) and both hand back the
newest matching documents; ranking happens in Python over those candidates (ranking.py), so the
same data gives the same ranked results on both (docs/decisions/0041 and 0042).

Nothing a person typed reaches the SQL text: a query is first reduced to terms of the letters a–z
and digits (text.parse_query); the match expression built from those terms is passed as a query
parameter, and so are the filter values.
"""

from __future__ import annotations

from django.db import connection

from .text import ParsedQuery

TABLE = "search_searchdocument"


class SqliteFts5:
    vendor = "sqlite"

    @staticmethod
    def expression(query: ParsedQuery, joiner: str = " AND ") -> str:
        """An FTS5 query: every term quoted, prefixes as ``"term"*``, groups joined by AND/OR."""
        groups = []
        for term in query.terms:
            options = [
                f'"{value}"*' if prefix else f'"{value}"' for value, prefix in term.alternatives
            ]
            if term.parts:
                options.append("(" + " AND ".join(f'"{part}"' for part in term.parts) + ")")
            groups.append("(" + " OR ".join(options) + ")")
        return joiner.join(groups)

    def newest_ids(self, query: ParsedQuery, filters, *, titled: bool, limit: int) -> list[int]:
        """Ids of the newest matching documents (``titled``: one of the words in the title)."""
        expression = self.expression(query)
        if titled:
            expression = f"{{title_terms}}: ({self.expression(query, ' OR ')}) AND {expression}"
        conditions, params = _filter_conditions(filters)
        # FTS5 walks its own index newest first and stops at the limit; the join reads the
        # document row only to check the filters. Every value is a parameter.
        sql = (
            f"SELECT d.id FROM search_document_fts f JOIN {TABLE} d ON d.id = f.rowid "  # noqa: S608
            "WHERE f.search_document_fts MATCH %s"
            + "".join(f" AND {condition}" for condition in conditions)
            + " ORDER BY f.rowid DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression, *params, limit])
            return [row[0] for row in cursor.fetchall()]


class PostgresFullText:
    vendor = "postgresql"

    @staticmethod
    def expression(query: ParsedQuery, joiner: str = " & ") -> str:
        """A tsquery: prefixes as ``term:*``, groups joined by ``&`` and ``|``."""
        groups = []
        for term in query.terms:
            options = [f"{value}:*" if prefix else value for value, prefix in term.alternatives]
            if term.parts:
                options.append("(" + " & ".join(term.parts) + ")")
            groups.append("(" + " | ".join(options) + ")")
        return joiner.join(groups)

    # Newest documents read in the first, dense-match attempt of newest_ids, and the most read
    # in a second attempt when the first one shows that enough matches lie a little further back.
    RECENT_WINDOW = 4000
    MAX_WINDOW = 40000

    def newest_ids(self, query: ParsedQuery, filters, *, titled: bool, limit: int) -> list[int]:
        """Ids of the newest matching documents (``titled``: one of the words in the title).

        PostgreSQL's planner guesses the share of matches badly, and the right plan depends on
        it: for a common word, walking the primary key backwards finds ``limit`` matches within
        the newest rows; for a rare one, that walk reads the whole table, and the GIN index is
        the way. So: first look among the newest :data:`RECENT_WINDOW` documents only; if they
        hold ``limit`` matches, those are the newest; if they hold some, the share tells how far
        back ``limit`` matches lie, and a walk of up to :data:`MAX_WINDOW` documents is tried once.
        Otherwise collect all matches through the GIN index (a materialised CTE keeps the
        planner from walking the key) and sort them.
        """
        conditions, params = _filter_conditions(filters)
        where, values = [], []
        if titled:
            # First: PostgreSQL checks the conditions in this order, and titles are short.
            where.append("d.title_vector @@ to_tsquery('simple'::regconfig, %s)")
            values.append(self.expression(query, " | "))
        if not titled or len(query.terms) > 1:
            # One word in the title is also in the document; more words must all be there.
            where.append("d.search_vector @@ to_tsquery('simple'::regconfig, %s)")
            values.append(self.expression(query))
        text_condition = " AND ".join(where)
        condition = " AND ".join(where + conditions)
        # In the key walk, the filters are a column: the walk then also tells how common the
        # words are without them, which is what the GIN index would have to read.
        passes = " AND ".join(conditions) or "TRUE"
        with connection.cursor() as cursor:
            window = self.RECENT_WINDOW
            while True:
                cursor.execute(
                    f"SELECT id FROM {TABLE} ORDER BY id DESC OFFSET %s LIMIT 1",  # noqa: S608
                    [window - 1],
                )
                floor = cursor.fetchone()
                if floor is None:  # fewer documents than the window: the index is the way
                    break
                # The floor is a plain value, so the planner walks the key in that range.
                cursor.execute(
                    f"SELECT d.id, ({passes}) FROM {TABLE} d "  # noqa: S608
                    f"WHERE d.id >= %s AND {text_condition} ORDER BY d.id DESC"
                    + ("" if conditions else " LIMIT %s"),
                    [*params, floor[0], *values, *([] if conditions else [limit])],
                )
                rows = cursor.fetchall()
                found = [row[0] for row in rows if row[1]]
                if len(found) >= limit:
                    return found[:limit]
                if not found or window > self.RECENT_WINDOW:
                    break
                # Matches in the window tell how far back ``limit`` of them lie, and how many
                # documents the GIN index would read. Measured on 111,004 documents: walking the
                # key costs about 2.6 µs a document, a document read through the index about 4 µs.
                needed = limit * 1.3 * window / len(found)
                cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [TABLE])
                documents = max(float(cursor.fetchone()[0]), float(window))
                through_index = len(rows) / window * documents
                if needed > self.MAX_WINDOW or needed * 2.6 > through_index * 4:
                    break
                window = int(needed)
            cursor.execute(
                f"WITH m AS MATERIALIZED (SELECT d.id FROM {TABLE} d WHERE {condition}) "  # noqa: S608
                "SELECT id FROM m ORDER BY id DESC LIMIT %s",
                [*values, *params, limit],
            )
            return [row[0] for row in cursor.fetchall()]


BACKENDS = {"sqlite": SqliteFts5, "postgresql": PostgresFullText}


def backend() -> SqliteFts5 | PostgresFullText:
    try:
        return BACKENDS[connection.vendor]()
    except KeyError:
        raise RuntimeError(
            f"Search supports SQLite and PostgreSQL, not {connection.vendor}."
        ) from None


FILTER_COLUMNS = {"type": "doc_type", "state": "state", "size_class": "size_class", "kind": "kind"}


def _filter_conditions(filters) -> tuple[list[str], list]:
    """SQL conditions on the document row ``d`` for the facet filters that are set."""
    conditions, params = [], []
    for name, column in FILTER_COLUMNS.items():
        value = getattr(filters, name)
        if value:
            conditions.append(f"d.{column} = %s")
            params.append(value)
    if filters.field:
        conditions.append("d.fields LIKE %s")
        params.append(f"%|{filters.field}|%")
    return conditions, params
