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
parts of a compound. Once per document: +10 if the title says nothing but the query (it has
every query word as a whole word, and each of its terms is one of the query's words or, for the
last word, starts with it): the page named
"Mobilität" for "Mobilitaet", the model project "Solingen" for "Solingen" (decision 0044).
Ties: newer first, then type and id.
"""

from __future__ import annotations

from .text import ParsedQuery, Term, stem

TITLE_WEIGHT = 10
TITLE_START_WEIGHT = 5
TITLE_PREFIX_WEIGHT = 6
TITLE_PREFIX_START_WEIGHT = 2
MAX_BODY_COUNT = 5
EXACT_TITLE_WEIGHT = 10


def score(query: ParsedQuery, title_terms: str, body_terms: str) -> int:
    """The score of one document: the sum over the query's words."""
    return Scorer(query).score(title_terms, body_terms)


class _TermScorer:
    """One query word's rules with its search strings made once, not once per document."""

    __slots__ = ("word", "folded", "prefixes", "parts", "body_prefixes", "bound")

    def __init__(self, term: Term):
        self.word = f" {term.stem} "
        self.folded = f" {term.folded} "
        prefixes = [value for value, prefix in term.alternatives if prefix]
        self.prefixes = tuple(f" {value}" for value in prefixes)
        self.parts = tuple(f" {part} " for part in term.parts)
        self.body_prefixes = (
            tuple({f" {term.folded or term.stem}", f" {term.stem}"}) if term.prefix else ()
        )
        # The most the text can add to the title's part of the score.
        self.bound = MAX_BODY_COUNT + (1 if term.prefix else 0) + (1 if term.parts else 0)

    def whole(self, title: str) -> bool:
        """Whether the title has this word as a whole word (not only as the start of one)."""
        return (
            self.word in title
            or self.folded in title
            or bool(self.parts and all(part in title for part in self.parts))
        )

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
        # The title terms that a title made only of the query's words can have.
        self.own: set[str] = set()
        self.own_prefixes: list[str] = []
        for term in query.terms:
            self.own.update((term.stem, term.folded, *term.parts))
            if term.prefix:
                self.own_prefixes.extend({term.stem, term.folded})

    def exact(self, title_terms: str) -> bool:
        """Whether the title consists of the query's words (and nothing else)."""
        if not all(term.whole(title_terms) for term in self.terms):
            return False
        own, prefixes = self.own, self.own_prefixes
        # A word's folded form stems to the word's stem ("mobilitaet" → "mobilitat").
        return all(
            value in own or stem(value) in own or any(value.startswith(p) for p in prefixes)
            for value in title_terms.split()
        )

    def title(self, title_terms: str) -> int:
        score = sum(term.title(title_terms) for term in self.terms)
        if score and self.exact(title_terms):
            score += EXACT_TITLE_WEIGHT
        return score

    def body(self, title_terms: str, body_terms: str) -> int:
        return sum(term.body(title_terms, body_terms) for term in self.terms)

    def score(self, title_terms: str, body_terms: str) -> int:
        return self.title(title_terms) + self.body(title_terms, body_terms)
