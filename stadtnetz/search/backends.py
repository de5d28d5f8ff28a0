# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The two full-text backends behind one interface, chosen by the database vendor.

Both match the same index terms (made in Python by text.index_terms) and both rank with the same
SQL expression (:func:`rank_expression`), which uses only LIKE, LENGTH, REPLACE and CASE on plain
lower-case ASCII text. SQLite and PostgreSQL evaluate it identically, so the same data gives the
same ranked results on both (docs/decisions/0041-one-ranking-for-both-databases.md).

Nothing a person typed reaches the SQL text: a query is first reduced to terms of the letters a–z
and digits (text.parse_query); the match expression built from those terms is passed as a query
parameter, and so are the LIKE patterns of the ranking.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, IntegerField
from django.db.models.expressions import RawSQL

from .text import ParsedQuery, Term

TABLE = "search_searchdocument"
TITLE_WEIGHT = 10
TITLE_START_WEIGHT = 5
TITLE_PREFIX_WEIGHT = 6
TITLE_PREFIX_START_WEIGHT = 2
MAX_BODY_COUNT = 5


class SqliteFts5:
    vendor = "sqlite"

    @staticmethod
    def expression(query: ParsedQuery) -> str:
        """An FTS5 query: every term quoted, prefixes as ``"term"*``, groups joined by AND/OR."""
        groups = []
        for term in query.terms:
            options = [
                f'"{value}"*' if prefix else f'"{value}"' for value, prefix in term.alternatives
            ]
            if term.parts:
                options.append("(" + " AND ".join(f'"{part}"' for part in term.parts) + ")")
            groups.append("(" + " OR ".join(options) + ")")
        return " AND ".join(groups)

    def match(self, query: ParsedQuery) -> RawSQL:
        # The SQL text is constant; the match expression is a parameter.
        return RawSQL(  # noqa: S611
            f"{TABLE}.id IN (SELECT rowid FROM search_document_fts "  # noqa: S608
            "WHERE search_document_fts MATCH %s)",
            [self.expression(query)],
            output_field=BooleanField(),
        )


class PostgresFullText:
    vendor = "postgresql"

    @staticmethod
    def expression(query: ParsedQuery) -> str:
        """A tsquery: prefixes as ``term:*``, groups joined by ``&`` and ``|``."""
        groups = []
        for term in query.terms:
            options = [f"{value}:*" if prefix else value for value, prefix in term.alternatives]
            if term.parts:
                options.append("(" + " & ".join(term.parts) + ")")
            groups.append("(" + " | ".join(options) + ")")
        return " & ".join(groups)

    def match(self, query: ParsedQuery) -> RawSQL:
        return RawSQL(  # noqa: S611 - constant SQL, the tsquery is a parameter
            f"{TABLE}.search_vector @@ to_tsquery('simple'::regconfig, %s)",
            [self.expression(query)],
            output_field=BooleanField(),
        )


BACKENDS = {"sqlite": SqliteFts5, "postgresql": PostgresFullText}


def backend() -> SqliteFts5 | PostgresFullText:
    try:
        return BACKENDS[connection.vendor]()
    except KeyError:
        raise RuntimeError(
            f"Search supports SQLite and PostgreSQL, not {connection.vendor}."
        ) from None


def _like(column: str, value: str, prefix: bool) -> tuple[str, list]:
    return f"{TABLE}.{column} LIKE %s", [f"% {value}%" if prefix else f"% {value} %"]


def _term_score(term: Term) -> tuple[str, list]:
    params: list = []
    exact = [f"{TABLE}.title_terms LIKE %s"]
    params.append(f"% {term.stem} %")
    if term.parts:
        exact.append("(" + " AND ".join([f"{TABLE}.title_terms LIKE %s"] * len(term.parts)) + ")")
        params += [f"% {part} %" for part in term.parts]
    prefixes = [value for value, prefix in term.alternatives if prefix]
    title = f"CASE WHEN {' OR '.join(exact)} THEN {TITLE_WEIGHT}"
    if prefixes:
        title += " WHEN " + " OR ".join([f"{TABLE}.title_terms LIKE %s"] * len(prefixes))
        title += f" THEN {TITLE_PREFIX_WEIGHT}"
        params += [f"% {value}%" for value in prefixes]
    title += " ELSE 0 END"
    # A title that starts with the word ("München, Landeshauptstadt" for "München") comes first.
    title += f" + CASE WHEN {TABLE}.title_terms LIKE %s THEN {TITLE_START_WEIGHT}"
    params.append(f" {term.stem} %")
    if prefixes:
        title += " WHEN " + " OR ".join([f"{TABLE}.title_terms LIKE %s"] * len(prefixes))
        title += f" THEN {TITLE_PREFIX_START_WEIGHT}"
        params += [f" {value}%" for value in prefixes]
    title += " ELSE 0 END"
    # How often the stem occurs in the body, counted the same way on both databases.
    width = len(term.stem) + 2  # our own integer, not input
    count = (
        f"((LENGTH({TABLE}.body_terms) - LENGTH(REPLACE({TABLE}.body_terms, %s, ''))) / {width})"
    )
    body = f"CASE WHEN {count} > {MAX_BODY_COUNT} THEN {MAX_BODY_COUNT} ELSE {count} END"
    params += [f" {term.stem} ", f" {term.stem} "]
    extras = []
    if term.prefix:
        sql, values = _like("body_terms", term.folded if term.folded else term.stem, True)
        other, other_values = _like("body_terms", term.stem, True)
        extras.append(f"CASE WHEN {sql} OR {other} THEN 1 ELSE 0 END")
        params += values + other_values
    if term.parts:
        # All parts somewhere in the document ("Beteiligung der Bürger" for "Bürgerbeteiligung").
        both = f"({TABLE}.title_terms || {TABLE}.body_terms) LIKE %s"
        extras.append("CASE WHEN " + " AND ".join([both] * len(term.parts)) + " THEN 1 ELSE 0 END")
        params += [f"% {part} %" for part in term.parts]
    return "(" + " + ".join([title, body, *extras]) + ")", params


def rank_expression(query: ParsedQuery) -> RawSQL:
    """The score of a document for a query: title hits weigh most, then body occurrences."""
    parts, params = [], []
    for term in query.terms:
        sql, values = _term_score(term)
        parts.append(sql)
        params += values
    # Only our own SQL fragments are joined; every searched value is in ``params``.
    return RawSQL("(" + " + ".join(parts) + ")", params, output_field=IntegerField())  # noqa: S611
