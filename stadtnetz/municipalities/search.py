# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Folding of German place names for search: case, umlauts, accents and punctuation.

"München", "MÜNCHEN", "muenchen" and "Munchen" all fold to forms that the stored search text
contains. The stored text holds the umlaut-to-e folding ("muenchen") and, when it differs, the
plain folding ("munchen"), each word preceded by a space so that a query term matches the start
of any word ("frankfurt" finds "Frankfurt am Main" and "Frankfurt (Oder)").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_QUERY_LENGTH = 200
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def fold(text: str) -> str:
    """Lower case, umlauts as ae/oe/ue, ß as ss, other accents removed, punctuation as spaces."""
    folded = _strip_accents(text.lower().translate(_UMLAUTS))
    return _NON_ALNUM.sub(" ", folded).strip()


def fold_plain(text: str) -> str:
    """Like :func:`fold` but umlauts lose their dots (ä → a), as people type without them."""
    folded = _strip_accents(text.lower().replace("ß", "ss"))
    return _NON_ALNUM.sub(" ", folded).strip()


def search_text(*names: str) -> str:
    variants: list[str] = []
    for name in names:
        for variant in (fold(name), fold_plain(name)):
            if variant and variant not in variants:
                variants.append(variant)
    return " " + " | ".join(variants) + " "


@dataclass(frozen=True)
class Query:
    terms: tuple[str, ...]
    digits: str | None


class QueryTooLong(ValueError):
    pass


def parse_query(text: str) -> Query:
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryTooLong(text[:20])
    compact = re.sub(r"\s+", "", text)
    if compact.isdigit() and compact.isascii() and 2 <= len(compact) <= 8:
        return Query(terms=(), digits=compact)
    return Query(terms=tuple(fold(text).split()), digits=None)
