# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""One German term per concept (docs/glossary.md) in every German translation catalogue."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The compiled catalogues (`make messages`, run by `make test`) are what the pages show.
GERMAN_CATALOGUES = sorted(ROOT.glob("**/locale/de/LC_MESSAGES/django.mo"))
# term that must not appear → the glossary's term for the same concept
NOT_OUR_TERMS = {"Programmstelle": "Programmbüro"}


def test_there_are_german_catalogues():
    assert len(GERMAN_CATALOGUES) >= 2


@pytest.mark.parametrize("path", GERMAN_CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_german_catalogue_uses_the_glossary_terms(path):
    with path.open("rb") as file:
        catalogue = gettext.GNUTranslations(file)._catalog  # msgid → translation
    found = [
        f"{msgid!r}: {wrong} → {right}"
        for msgid, text in catalogue.items()
        for wrong, right in NOT_OUR_TERMS.items()
        if wrong in text
    ]
    assert not found, "\n".join(found)


# Messages whose German differs between app catalogues because the English word names different
# things in different places ("Stage" of the maturity model and of a review, "Status" of a
# measure and of an application). Django merges all catalogues and the first one wins, so each of
# these should get a context (pgettext) rather than two translations; the list may only shrink.
KNOWN_AMBIGUOUS = {
    "County", "Dimension", "Message", "Municipality", "Project", "Score", "Search", "Stage",
    "Started", "Status", "Type", "failed", "kind", "note", "status", "type",
    "This invitation was sent to %(email)s. Sign in with the account that uses this confirmed "
    "address.",
}  # fmt: skip


def test_one_german_translation_per_message():
    """A message translated twice shows whichever catalogue Django reads first (a real bug:
    "nicht im Verzeichnis zugeordnet" replaced the projects' wording on the project pages)."""
    translations: dict[str, dict[str, str]] = {}
    for path in GERMAN_CATALOGUES:
        with path.open("rb") as file:
            for msgid, text in gettext.GNUTranslations(file)._catalog.items():
                key = msgid if isinstance(msgid, str) else msgid[0]
                if key:
                    translations.setdefault(key, {})[str(path.relative_to(ROOT))] = text
    differing = {key for key, texts in translations.items() if len(set(texts.values())) > 1}
    new = sorted(differing - KNOWN_AMBIGUOUS)
    assert not new, "\n".join(f"{key!r}: {translations[key]}" for key in new)
    assert not KNOWN_AMBIGUOUS - differing, "fixed — remove from KNOWN_AMBIGUOUS: " + ", ".join(
        sorted(KNOWN_AMBIGUOUS - differing)
    )
