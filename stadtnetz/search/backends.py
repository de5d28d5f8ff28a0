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


class _Backend:
    """What both backends share; each says how to select rows by a list of ids."""

    @staticmethod
    def ids_condition(ids: list[int]) -> tuple[str, list]:
        raise NotImplementedError

    def newest_rows(self, query: ParsedQuery, filters, *, titled: bool, limit: int) -> list:
        raise NotImplementedError

    def newest_ids(self, query: ParsedQuery, filters, *, titled: bool, limit: int) -> list[int]:
        return [row[0] for row in self.newest_rows(query, filters, titled=titled, limit=limit)]

    def texts(self, ids: list[int]) -> dict[int, str]:
        """The text index terms of these documents, by id."""
        if not ids:
            return {}
        condition, params = self.ids_condition(ids)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, body_terms FROM {TABLE} WHERE {condition}", params)  # noqa: S608
            return dict(cursor.fetchall())


class SqliteFts5(_Backend):
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

    # Sorts like the time it stands for: Django stores "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC.
    UPDATED_KEY = "d.updated"

    @staticmethod
    def ids_condition(ids: list[int]) -> tuple[str, list]:
        return f"id IN ({', '.join(['%s'] * len(ids))})", list(ids)

    def newest_rows(self, query: ParsedQuery, filters, *, titled: bool, limit: int) -> list:
        """The newest matching documents (``titled``: one of the words in the title) as rows of
        :data:`ROW_COLUMNS`, newest first."""
        expression = self.expression(query)
        if titled:
            expression = f"{{title_terms}}: ({self.expression(query, ' OR ')}) AND {expression}"
        conditions, params = _filter_conditions(filters)
        # FTS5 walks its own index newest first and stops at the limit; the join reads the
        # document row only to check the filters. Every value is a parameter.
        sql = (
            f"SELECT {row_columns(self)} FROM search_document_fts f "  # noqa: S608
            f"JOIN {TABLE} d ON d.id = f.rowid "
            "WHERE f.search_document_fts MATCH %s"
            + "".join(f" AND {condition}" for condition in conditions)
            + " ORDER BY f.rowid DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression, *params, limit])
            return cursor.fetchall()


class PostgresFullText(_Backend):
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

    # Newest documents read in the first, dense-match attempt of newest_rows, and the most read
    # in all when the first one shows that enough matches lie a little further back.
    RECENT_WINDOW = 2000
    MAX_WINDOW = 40000
    # Relative costs of testing a document in the key walk and of reading a match through the GIN
    # index, chosen by timing the benchmark's queries on 111,004 documents (decision 0043).
    WALK_COST = 1.0
    INDEX_COST = 3.0
    # The narrow table of migration 0004 that the matches are read from (decision 0043).
    MATCHES = "search_document_match"

    UPDATED_KEY = "to_char(d.updated AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"

    def __init__(self):
        self._floors: dict[int, int | None] = {}
        self._title_windows: dict[tuple, list] = {}

    @staticmethod
    def ids_condition(ids: list[int]) -> tuple[str, list]:
        # An array: a long IN list of parameters makes the planner read the whole table.
        return "id = ANY(%s)", [list(ids)]

    def _floor(self, cursor, window: int) -> int | None:
        """The id of the ``window``-th newest document, or None if there are fewer."""
        if window not in self._floors:
            cursor.execute(
                f"SELECT id FROM {self.MATCHES} ORDER BY id DESC OFFSET %s LIMIT 1",  # noqa: S608
                [window - 1],
            )
            row = cursor.fetchone()
            self._floors[window] = row[0] if row else None
        return self._floors[window]

    def newest_rows(self, query: ParsedQuery, filters, *, titled: bool, limit: int) -> list:
        """The newest matching documents (``titled``: one of the words in the title) as rows of
        :data:`ROW_COLUMNS`, newest first.

        PostgreSQL's planner guesses the share of matches badly, and the right plan depends on
        it: for a common word, walking the primary key backwards finds ``limit`` matches within
        the newest rows; for a rare one, that walk reads the whole table, and the GIN index is
        the way. So: first look among the newest :data:`RECENT_WINDOW` documents only; if they
        hold ``limit`` matches, those are the newest; if they hold some, the share tells how far
        back ``limit`` matches lie, and the walk goes on once, up to :data:`MAX_WINDOW`
        documents, when that is cheaper than the index. Otherwise collect all matches through the
        GIN index (a materialised CTE keeps the planner from walking the key) and sort them.
        """
        conditions, params = _filter_conditions(filters)
        where, values = [], []
        if titled:
            # First: PostgreSQL checks the conditions in this order, and titles are short.
            where.append("d.title @@ to_tsquery('simple'::regconfig, %s)")
            values.append(self.expression(query, " | "))
        if not titled or len(query.terms) > 1:
            # One word in the title is also in the document; more words must all be there.
            where.append("d.terms @@ to_tsquery('simple'::regconfig, %s)")
            values.append(self.expression(query))
        text_condition = " AND ".join(where)
        with connection.cursor() as cursor:
            return self._newest(
                cursor, query, filters, titled, text_condition, values, conditions, params, limit
            )

    def _walk(self, text_condition: str, passes: str, *, limited: bool, title: bool) -> str:
        """SQL of a walk down the key over a range of ids: ids of the matches, newest first,
        whether they pass the filters and (``title``) whether a word is in their title.

        OFFSET 0 keeps the planner from pushing the text condition into the range scan: with it,
        the planner may build bitmaps from both GIN indexes, which for a common word reads far
        more than the few thousand rows of the range. The walk returns ids only; the columns
        are read at the end, by key, for the rows kept (a join here let the planner scan the
        whole table when it expected many matches).
        """
        note = ", (d.title @@ to_tsquery('simple'::regconfig, %s)) AS in_title" if title else ""
        inner = (
            f"SELECT d.id, ({text_condition}) AS hit, ({passes}) AS passes{note} "  # noqa: S608
            f"FROM {self.MATCHES} d WHERE d.id >= %s AND d.id < %s ORDER BY d.id DESC OFFSET 0"
        )
        outer = "w.id, w.passes, w.in_title" if title else "w.id, w.passes"
        limit = " LIMIT %s" if limited else ""
        return f"SELECT {outer} FROM ({inner}) w WHERE w.hit{limit}"  # noqa: S608

    def _newest(
        self, cursor, query, filters, titled, text_condition, values, conditions, params, limit
    ) -> list:
        # In the key walk, the filters are a column: the walk then also tells how common the
        # words are without them, which is what the GIN index would have to read.
        passes = " AND ".join(conditions) or "TRUE"
        floor = self._floor(cursor, self.RECENT_WINDOW)
        if floor is not None:
            # The floor is a plain value, so the planner walks the key in that range.
            rows = self._title_windows.pop((query.terms, filters), None) if titled else None
            if rows is None and titled:
                sql = self._walk(text_condition, passes, limited=not conditions, title=False)
                cursor.execute(
                    sql, [*values, *params, floor, 2**63 - 1, *([] if conditions else [limit])]
                )
                rows = cursor.fetchall()
            elif rows is None:
                # The walk for all matches reads the whole window and notes title matches on
                # the way: the title candidates that a search asks for next need no second walk.
                sql = self._walk(text_condition, passes, limited=False, title=True)
                title_values = [self.expression(query, " | ")]
                cursor.execute(sql, [*values, *params, *title_values, floor, 2**63 - 1])
                rows = cursor.fetchall()
                self._title_windows[(query.terms, filters)] = [row[:2] for row in rows if row[2]]
                rows = [row[:2] for row in rows]
            found = [row[0] for row in rows if row[1]]
            if len(found) >= limit:
                return self._rows(cursor, found[:limit])
            if found:
                # Matches in the window tell how far back ``limit`` of them lie, and how many
                # documents the GIN index would read.
                window = int(limit * 1.3 * self.RECENT_WINDOW / len(found))
                cursor.execute(
                    "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [self.MATCHES]
                )
                documents = max(float(cursor.fetchone()[0]), float(self.RECENT_WINDOW))
                through_index = len(rows) / self.RECENT_WINDOW * documents
                cheaper = window * self.WALK_COST <= through_index * self.INDEX_COST
                further = (
                    self._floor(cursor, window) if cheaper and window <= self.MAX_WINDOW else None
                )
                if further is not None:
                    missing = limit - len(found)
                    walk = self._walk(text_condition, passes, limited=not conditions, title=False)
                    cursor.execute(
                        walk,
                        [*values, *params, further, floor, *([] if conditions else [missing])],
                    )
                    found += [row[0] for row in cursor.fetchall() if row[1]]
                    if len(found) >= limit:
                        return self._rows(cursor, found[:limit])
        # Few enough rows here to read their columns in the same query.
        cursor.execute(
            f"WITH m AS MATERIALIZED (SELECT d.id FROM {self.MATCHES} d WHERE "  # noqa: S608
            + " AND ".join([text_condition, *conditions])
            + "), n AS (SELECT id FROM m ORDER BY id DESC LIMIT %s) SELECT "
            + row_columns(self)
            + f" FROM n JOIN {self.MATCHES} d ON d.id = n.id ORDER BY d.id DESC",
            [*values, *params, limit],
        )
        return cursor.fetchall()

    def _rows(self, cursor, ids: list[int]) -> list:
        """:data:`ROW_COLUMNS` of these documents, newest first."""
        if not ids:
            return []
        condition, params = self.ids_condition(ids)
        cursor.execute(
            f"SELECT {row_columns(self)} FROM {self.MATCHES} d "  # noqa: S608
            f"WHERE d.{condition} ORDER BY d.id DESC",
            params,
        )
        return cursor.fetchall()


# What the candidates of a search carry: enough to count the facets, compute the title part of
# the score and order ties, without reading the rows a second time.
ROW_COLUMNS = ("id", "doc_type", "state", "size_class", "kind", "fields", "object_id", "updated",
               "title_terms")  # fmt: skip


def row_columns(backend) -> str:
    """:data:`ROW_COLUMNS` of the document ``d`` as SQL; ``updated`` as a key that sorts by time."""
    return ", ".join(
        backend.UPDATED_KEY if name == "updated" else f"d.{name}" for name in ROW_COLUMNS
    )


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
