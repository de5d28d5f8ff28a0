# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""German text analysis, done in Python so that SQLite and PostgreSQL see the same terms.

A text becomes a string of index terms, separated by single spaces, with a space at both ends:

1. **Folding**: lower case; ä → ae, ö → oe, ü → ue, ß → ss; other accents removed; every run of
   characters that is not a–z or 0–9 separates words. "Bürger" and "Buerger" fold alike.
2. **Stop words** (:data:`lexicon.STOP_WORDS`) are dropped.
3. Each word contributes its **Snowball German stem** ("beteiligung" → "beteil"), its **folded
   form** when that differs (so that a word being typed matches as a prefix of the full word), and
   the stems of its **compound parts** when it splits into words of
   :data:`lexicon.COMPOUND_PARTS` ("buergerbeteiligung" → "burg", "beteil").

A query goes through the same steps (:func:`parse_query`). The databases only match terms; they
never stem or fold, so both give the same matches. See docs/decisions/0040-*.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

import snowballstemmer
from django.utils.translation import gettext as _

from stadtnetz.core.text import fold

from .lexicon import COMPOUND_PARTS, LINKING_ENDINGS, STOP_WORDS

MAX_QUERY_LENGTH = 200
MAX_QUERY_TERMS = 10
MIN_TERM_LENGTH = 2
MAX_WORD_LENGTH = 60
MIN_COMPOUND_LENGTH = 7
MIN_PART_LENGTH = 3

_WORD = re.compile(r"[0-9a-z]+")
_STEMMER = snowballstemmer.stemmer("german")


def words(text: str) -> list[str]:
    """The folded words of a text; over-long "words" (hashes, garbage) are dropped."""
    return [word for word in _WORD.findall(fold(text)) if len(word) <= MAX_WORD_LENGTH]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball German stem of a folded word (the stemmer also maps ue → u, so both agree)."""
    return _STEMMER.stemWord(word)


@lru_cache(maxsize=200_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """Stems of the parts of a folded compound word, or () if it does not split into known parts.

    Prefers the split into the fewest parts; each part is a word of the lexicon followed by one of
    the linking endings. A word that is itself in the lexicon is not split.
    """
    if len(word) < MIN_COMPOUND_LENGTH or word in COMPOUND_PARTS:
        return ()
    best: list[tuple[str, ...] | None] = [None] * (len(word) + 1)
    best[len(word)] = ()
    for start in range(len(word) - MIN_PART_LENGTH, -1, -1):
        candidates = []
        for end in range(start + MIN_PART_LENGTH, len(word) + 1):
            part = word[start:end]
            if part not in COMPOUND_PARTS:
                continue
            for ending in LINKING_ENDINGS:
                following = end + len(ending)
                if word.startswith(ending, end) and best[following] is not None:
                    candidates.append((part, *best[following]))
        if candidates:
            best[start] = min(candidates, key=lambda parts: (len(parts), [-len(p) for p in parts]))
    parts = best[0]
    if not parts or len(parts) < 2:
        return ()
    stems: list[str] = []
    for part in parts:
        part_stem = stem(part)
        if part_stem not in stems:
            stems.append(part_stem)
    return tuple(stems)


@lru_cache(maxsize=200_000)
def _word_terms(word: str) -> tuple[str, ...]:
    word_stem = stem(word)
    terms = [word_stem]
    if word != word_stem:
        terms.append(word)
    terms.extend(part for part in compound_parts(word) if part not in terms)
    return tuple(terms)


def index_terms(text: str) -> str:
    """The index terms of a text: ``" term term … "`` (leading and trailing space)."""
    terms: list[str] = []
    for word in words(text):
        if word in STOP_WORDS or len(word) < MIN_TERM_LENGTH:
            continue
        terms.extend(_word_terms(word))
    return " " + " ".join(terms) + " " if terms else " "


class QueryError(ValueError):
    """A query that cannot be searched; ``code`` says why, ``message`` says it to people."""

    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Term:
    """One searched word: its stem, its folded form, its compound parts; the last is a prefix."""

    stem: str
    folded: str
    parts: tuple[str, ...]
    prefix: bool

    @property
    def alternatives(self) -> list[tuple[str, bool]]:
        """(term, is_prefix) pairs of which one must match (besides all of ``parts``)."""
        found = [(self.stem, self.prefix)]
        # A folded form that starts with the stem matches nothing the stem does not.
        if self.prefix and not self.folded.startswith(self.stem):
            found.append((self.folded, True))
        return found


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    terms: tuple[Term, ...]

    @cached_property
    def highlight_stems(self) -> set[str]:
        found: set[str] = set()
        for term in self.terms:
            found.add(term.stem)
            found.update(term.parts)
        return found

    @cached_property
    def prefixes(self) -> tuple[str, ...]:
        return tuple(value for term in self.terms for value, prefix in term.alternatives if prefix)


def parse_query(text: str) -> ParsedQuery:
    """Turn what a person typed into search terms, or raise :class:`QueryError`.

    Operators of any query language (quotes, ``*``, ``:``, ``&``, ``|``, ``!``, brackets, ``NEAR``,
    ``AND``/``OR``) have no meaning here: punctuation separates words and the words are searched as
    words. All words must match; the last one also matches as the start of a longer word.
    """
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            "too_long",
            _("The search text is too long: use at most %(limit)d characters.")
            % {"limit": MAX_QUERY_LENGTH},
        )
    if not text.strip():
        raise QueryError("empty", _("Enter a search term."))
    found = words(text)
    if len(found) > MAX_QUERY_TERMS * 3:
        raise QueryError(
            "too_many_words", _("Use at most %(limit)d words.") % {"limit": MAX_QUERY_TERMS}
        )
    usable = [w for w in found if len(w) >= MIN_TERM_LENGTH and w not in STOP_WORDS]
    if not usable:
        if found and all(len(w) < MIN_TERM_LENGTH for w in found):
            raise QueryError(
                "too_short",
                _("Enter at least %(limit)d characters.") % {"limit": MIN_TERM_LENGTH},
            )
        if found:
            raise QueryError("only_stop_words", _("Add a more specific word to your search."))
        raise QueryError(
            "no_words", _("The search text contains no letters or digits to search for.")
        )
    if len(usable) > MAX_QUERY_TERMS:
        raise QueryError(
            "too_many_words", _("Use at most %(limit)d words.") % {"limit": MAX_QUERY_TERMS}
        )
    terms: list[Term] = []
    seen: set[str] = set()
    for position, word in enumerate(usable):
        is_last = position == len(usable) - 1
        word_stem = stem(word)
        if word_stem in seen and not is_last:
            continue
        seen.add(word_stem)
        terms.append(Term(word_stem, word, compound_parts(word), prefix=is_last))
    return ParsedQuery(text=text, terms=tuple(terms))


def matches_word(word: str, query: ParsedQuery) -> bool:
    """Whether a folded word of a text is one that the query matched (for highlighting)."""
    if len(word) < MIN_TERM_LENGTH or word in STOP_WORDS:
        return False
    terms = _word_terms(word)
    stems = query.highlight_stems
    if any(term in stems for term in terms):
        return True
    return any(term.startswith(prefix) for term in terms for prefix in query.prefixes)
