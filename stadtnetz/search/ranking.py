# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The score of a document for a query, computed in Python over the candidates of a search.

The same function ranks on SQLite and PostgreSQL, so the same data gives the same order on both
(decisions 0041 and 0042). Index terms are plain lower-case a–z/0–9 words with a space at both
ends (text.index_terms), so "contains the word" is a substring test on `` term ``.

Per query word: 10 if the title contains the word (or all its compound parts), else 6 if the
title has a word starting with it (the last word, being typed); +5 if the title starts with the
word (+2 if it starts with a word beginning with it); plus the number of occurrences in the text,
at most 5; +1 if the text has a word starting with the last word; +1 if the document holds all
parts of a compound. Ties: newer first, then type and id.
"""

from __future__ import annotations

from .text import ParsedQuery, Term

TITLE_WEIGHT = 10
TITLE_START_WEIGHT = 5
TITLE_PREFIX_WEIGHT = 6
TITLE_PREFIX_START_WEIGHT = 2
MAX_BODY_COUNT = 5


def _has(terms: str, word: str) -> bool:
    return f" {word} " in terms


def _has_prefix(terms: str, start: str) -> bool:
    return f" {start}" in terms


def _count(terms: str, word: str, limit: int) -> int:
    """How often the word occurs, up to ``limit`` (neighbours share their separating space)."""
    needle = f" {word} "
    found, index = 0, terms.find(needle)
    while index >= 0 and found < limit:
        found += 1
        index = terms.find(needle, index + len(needle) - 1)
    return found


def term_score(term: Term, title: str, body: str) -> int:
    prefixes = [value for value, prefix in term.alternatives if prefix]
    score = 0
    if _has(title, term.stem) or (term.parts and all(_has(title, p) for p in term.parts)):
        score += TITLE_WEIGHT
    elif any(_has_prefix(title, value) for value in prefixes):
        score += TITLE_PREFIX_WEIGHT
    if title.startswith(f" {term.stem} "):
        score += TITLE_START_WEIGHT
    elif any(title.startswith(f" {value}") for value in prefixes):
        score += TITLE_PREFIX_START_WEIGHT
    score += _count(body, term.stem, MAX_BODY_COUNT)
    if term.prefix and (
        _has_prefix(body, term.folded or term.stem) or _has_prefix(body, term.stem)
    ):
        score += 1
    if term.parts and all(_has(title + body, part) for part in term.parts):
        score += 1
    return score


def score(query: ParsedQuery, title_terms: str, body_terms: str) -> int:
    """The score of one document: the sum over the query's words."""
    return sum(term_score(term, title_terms, body_terms) for term in query.terms)
