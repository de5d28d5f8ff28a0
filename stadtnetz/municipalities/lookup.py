# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The registry search: stored search text and queries of German place names.

The folding itself (case, umlauts, accents and punctuation) is :func:`stadtnetz.core.text.fold`.

"München", "MÜNCHEN", "muenchen" and "Munchen" all fold to forms that the stored search text
contains. The stored text holds the umlaut-to-e folding ("muenchen") and, when it differs, the
plain folding ("munchen"), each word preceded by a space so that a query term matches the start
of any word ("frankfurt" finds "Frankfurt am Main" and "Frankfurt (Oder)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stadtnetz.core.text import fold

MAX_QUERY_LENGTH = 200


def search_text(*names: str) -> str:
    variants: list[str] = []
    for name in names:
        for variant in (fold(name), fold(name, umlauts=False)):
            if variant and variant not in variants:
                variants.append(variant)
    return " " + " | ".join(variants) + " "


@dataclass(frozen=True)
class Query:
    terms: tuple[str, ...]
    digits: str | None


class QueryTooLong(ValueError):
    pass


def registry_query(text: str) -> Query:
    """A registry search: 2–8 digits search keys and postcodes, anything else folded words
    (the full-text search parses its queries with `stadtnetz.search.text.parse_query`)."""
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryTooLong(text[:20])
    compact = re.sub(r"\s+", "", text)
    if compact.isdigit() and compact.isascii() and 2 <= len(compact) <= 8:
        return Query(terms=(), digits=compact)
    return Query(terms=tuple(fold(text).split()), digits=None)
