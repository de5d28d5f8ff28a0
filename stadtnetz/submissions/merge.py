# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Three-way merge and change highlighting for section texts edited by two people at once.

When a co-author saved a section after you loaded it, both texts descend from the same saved
version (the *base*). :func:`merge` keeps every change either side made to the base, line by line
(the diff3 rule: a region changed by only one side takes that side's text; a region changed by
both in the same way is taken once). Only a region both changed differently is a conflict: it
keeps both texts, between marker lines, for the user to decide — nothing is ever dropped, and
:func:`has_markers` lets the save refuse a text that still holds an undecided conflict.

The diff engine is the standard library's :class:`difflib.SequenceMatcher`; this module only
arranges its matching blocks into the regions of a three-way merge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

MARKER_THEIRS = "<<<<<<<"
MARKER_SPLIT = "======="
MARKER_YOURS = ">>>>>>>"
# A whole undecided conflict: "=======" alone may be a Markdown heading underline.
_CONFLICT = re.compile(r"^<{7} .*?^={7}$.*?^>{7} ", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Conflict:
    base: str
    theirs: str
    yours: str


@dataclass
class MergeResult:
    text: str
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.conflicts


def _lines(text: str) -> list[str]:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"  # a missing final newline must not turn the last line into a change
    return lines


def _sync_regions(base: list[str], theirs: list[str], yours: list[str]):
    """Base ranges unchanged on both sides, with their positions in each text."""
    left = SequenceMatcher(None, base, theirs, autojunk=False).get_matching_blocks()
    right = SequenceMatcher(None, base, yours, autojunk=False).get_matching_blocks()
    i = j = 0
    while i < len(left) and j < len(right):
        l_base, l_at, l_size = left[i]
        r_base, r_at, r_size = right[j]
        start, end = max(l_base, r_base), min(l_base + l_size, r_base + r_size)
        if start < end:
            yield (start, end, l_at + start - l_base, l_at + end - l_base,
                   r_at + start - r_base, r_at + end - r_base)  # fmt: skip
        if l_base + l_size < r_base + r_size:
            i += 1
        else:
            j += 1
    yield len(base), len(base), len(theirs), len(theirs), len(yours), len(yours)


def merge(base: str, theirs: str, yours: str) -> MergeResult:
    """Merge *yours* and *theirs*, both edited from *base*; conflicts keep both texts."""
    b, t, y = _lines(base), _lines(theirs), _lines(yours)
    out: list[str] = []
    conflicts: list[Conflict] = []
    at_b = at_t = at_y = 0
    for start, end, t_start, t_end, y_start, y_end in _sync_regions(b, t, y):
        chunk_b, chunk_t, chunk_y = b[at_b:start], t[at_t:t_start], y[at_y:y_start]
        if chunk_t == chunk_b:
            out += chunk_y  # only you changed this region (or nobody did)
        elif chunk_y == chunk_b or chunk_t == chunk_y:
            out += chunk_t  # only they changed it, or both made the same change
        else:
            conflicts.append(Conflict("".join(chunk_b), "".join(chunk_t), "".join(chunk_y)))
            out += [f"{MARKER_THEIRS} {_('saved version')}\n", *chunk_t, f"{MARKER_SPLIT}\n",
                    *chunk_y, f"{MARKER_YOURS} {_('your version')}\n"]  # fmt: skip
        out += b[start:end]
        at_b, at_t, at_y = end, t_end, y_end
    text = "".join(out)
    if not yours.endswith("\n") and not theirs.endswith("\n"):
        text = text.removesuffix("\n")
    return MergeResult(text=text, conflicts=conflicts)


def has_markers(text: str) -> bool:
    """Whether the text still holds the marker lines of an undecided conflict."""
    return bool(_CONFLICT.search(text))


def highlight(old: str, new: str) -> SafeString:
    """*new* as HTML with the words added since *old* in <ins> and removed ones in <del>."""
    before, after = re.findall(r"\s+|\S+", old), re.findall(r"\s+|\S+", new)
    parts: list[str] = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for op, b_start, b_end, a_start, a_end in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(after[a_start:a_end])))
            continue
        if b_end > b_start:
            parts.append(f"<del>{escape(''.join(before[b_start:b_end]))}</del>")
        if a_end > a_start:
            parts.append(f"<ins>{escape(''.join(after[a_start:a_end]))}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped
