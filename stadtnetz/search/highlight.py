# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Snippets with the matched words marked.

The text is cut into words and the gaps between them; every piece is HTML-escaped on its own and
only then are matched words wrapped in ``<mark>``. The result is safe because it is made only of
escaped text and our own two tags; no stored or typed text is ever marked safe as it is.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .text import ParsedQuery, matches_word, words

_WORD = re.compile(r"\w+")
SNIPPET_LENGTH = 240
LEAD = 60


def _marked(word: str, query: ParsedQuery) -> bool:
    memo = query.__dict__.setdefault("_marked_words", {})
    found = memo.get(word)
    if found is None:
        found = memo[word] = any(matches_word(part, query) for part in words(word))
    return found


def highlight(text: str, query: ParsedQuery | None) -> SafeString:
    pieces: list[str] = []
    position = 0
    for match in _WORD.finditer(text):
        word = match.group()
        if query is not None and _marked(word, query):
            pieces.append(escape(text[position : match.start()]))
            pieces.append(f"<mark>{escape(word)}</mark>")
            position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above


def snippet(text: str, query: ParsedQuery | None, length: int = SNIPPET_LENGTH) -> SafeString:
    """A window of the text around its first matched word, highlighted."""
    text = " ".join(text.split())
    start = 0
    if query is not None:
        for match in _WORD.finditer(text):
            if _marked(match.group(), query):
                start = max(0, match.start() - LEAD)
                break
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    window = text[start : start + length]
    end = start + len(window)
    if end < len(text):
        space = window.rfind(" ")
        if space > length // 2:
            window = window[:space]
    prefix = "… " if start else ""
    suffix = " …" if start + len(window) < len(text) else ""
    return mark_safe(prefix + highlight(window, query) + suffix)  # noqa: S308 - escaped by highlight
