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
