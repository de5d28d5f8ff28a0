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


def score(query: ParsedQuery, title_terms: str, body_terms: str) -> int:
    """The score of one document: the sum over the query's words."""
    return Scorer(query).score(title_terms, body_terms)


class _TermScorer:
    """One query word's rules with its search strings made once, not once per document."""

    __slots__ = ("word", "prefixes", "parts", "body_prefixes", "bound")

    def __init__(self, term: Term):
        self.word = f" {term.stem} "
        prefixes = [value for value, prefix in term.alternatives if prefix]
        self.prefixes = tuple(f" {value}" for value in prefixes)
        self.parts = tuple(f" {part} " for part in term.parts)
        self.body_prefixes = (
            tuple({f" {term.folded or term.stem}", f" {term.stem}"}) if term.prefix else ()
        )
        # The most the text can add to the title's part of the score.
        self.bound = MAX_BODY_COUNT + (1 if term.prefix else 0) + (1 if term.parts else 0)

    def title(self, title: str) -> int:
        score = 0
        if self.word in title or (self.parts and all(part in title for part in self.parts)):
            score += TITLE_WEIGHT
        elif any(value in title for value in self.prefixes):
            score += TITLE_PREFIX_WEIGHT
        if title.startswith(self.word):
            score += TITLE_START_WEIGHT
        elif any(title.startswith(value) for value in self.prefixes):
            score += TITLE_PREFIX_START_WEIGHT
        return score

    def body(self, title: str, body: str) -> int:
        # How often the word occurs, at most MAX_BODY_COUNT (neighbours share their space).
        needle, found = self.word, 0
        index = body.find(needle)
        while index >= 0 and found < MAX_BODY_COUNT:
            found += 1
            index = body.find(needle, index + len(needle) - 1)
        if self.body_prefixes and any(value in body for value in self.body_prefixes):
            found += 1
        if self.parts and all(part in title or part in body for part in self.parts):
            found += 1
        return found


class Scorer:
    """The rules above for one query, applied to many documents.

    ``title`` is the part of the score that the title terms alone decide; ``bound`` is the most
    the text can add to it, so ``title(t) + bound`` limits a document's score before its text
    has been read (selectors read the text only of documents that can still reach the page).
    """

    def __init__(self, query: ParsedQuery):
        self.terms = tuple(_TermScorer(term) for term in query.terms)
        self.bound = sum(term.bound for term in self.terms)

    def title(self, title_terms: str) -> int:
        return sum(term.title(title_terms) for term in self.terms)

    def body(self, title_terms: str, body_terms: str) -> int:
        return sum(term.body(title_terms, body_terms) for term in self.terms)

    def score(self, title_terms: str, body_terms: str) -> int:
        return self.title(title_terms) + self.body(title_terms, body_terms)
