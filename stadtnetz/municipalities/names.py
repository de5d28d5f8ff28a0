# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Destatis names as people read them.

The Gemeindeverzeichnis squeezes names into a fixed field width: "Garching b.München, St",
"Au i.d.Hallertau, M", "Neumarkt i.d.OPf., GKSt". :func:`readable_name` writes the same name the
way a municipality writes it itself: the designation after the comma spelled out ("Stadt",
"Markt", "Große Kreisstadt", "gemeindefreies Gebiet") and a space after each abbreviation dot
("Garching b. München, Stadt", "Neumarkt i. d. OPf., Große Kreisstadt"). Nothing else changes,
so the name still folds to the same search words.
"""

from __future__ import annotations

import re

# Destatis' abbreviated designations after the comma, and what they stand for.
DESIGNATIONS = {
    "St": "Stadt",
    "M": "Markt",
    "GKSt": "Große Kreisstadt",
    "gemfr. Gebiet": "gemeindefreies Gebiet",
    "gemfr. Geb.": "gemeindefreies Gebiet",
    "gemfr.Geb.": "gemeindefreies Gebiet",
    "gemfr. Bezirk": "gemeindefreier Bezirk",
}
# A lower-case abbreviation ("b.", "a.d.", "i.d.") or "St." glued to the next word.
_GLUED_ABBREVIATION = re.compile(r"(?<![\w.])((?:[a-zäöü]{1,2}|St|Sa|Hl)\.)(?=[A-Za-zÄÖÜäöü])")


def readable_name(name: str) -> str:
    """The Destatis ``name`` with its designation spelled out and abbreviations spaced."""
    base, comma, designation = name.partition(",")
    base = _spaced(base.strip())
    if not comma:
        return base
    designation = designation.strip()
    designation = DESIGNATIONS.get(designation, designation)
    return f"{base}, {designation}" if designation else base


def _spaced(text: str) -> str:
    previous = None
    while previous != text:  # "a.d.Alz" needs two passes: "a. d.Alz" → "a. d. Alz"
        previous, text = text, _GLUED_ABBREVIATION.sub(r"\1 ", text)
    return text
