# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""One fold() and one unique_slug() for every app (core/text.py)."""

from __future__ import annotations

import pytest

from stadtnetz.core.text import fold, slug, unique_slug
from stadtnetz.organisations.tests.factories import OrganisationFactory
from stadtnetz.programmes.models import Programme


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("München", "muenchen"),
        ("MÜNCHEN", "muenchen"),
        ("muenchen", "muenchen"),
        ("Straße", "strasse"),
        ("GROẞ", "gross"),
        ("Frankfurt (Oder)", "frankfurt oder"),
        ("  Halle/Saale – Café  ", "halle saale cafe"),
        ("", ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_fold_without_umlauts_drops_the_dots():
    assert fold("Görlitz", umlauts=False) == "gorlitz"
    assert fold("Weißwasser", umlauts=False) == "weisswasser"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Straße", "strasse"),
        ("GROẞE STRAẞE", "grosse-strasse"),
        ("Bürgerbeteiligung Köln", "buergerbeteiligung-koeln"),
        ("2019 St. Ingbert ", "2019-st-ingbert"),
        ("!!!", "eintrag"),
    ],
)
def test_slug_writes_sharp_s_as_ss_and_umlauts_as_two_letters(text, expected):
    assert slug(text) == expected


def test_slug_is_cut_without_a_trailing_hyphen():
    assert slug("a" * 69 + " b") == "a" * 69


@pytest.mark.django_db
def test_unique_slug_numbers_a_taken_slug():
    OrganisationFactory(slug="strasse")
    OrganisationFactory(slug="strasse-2")
    model = OrganisationFactory._meta.model
    assert unique_slug("Straße", model=model) == "strasse-3"
    own = model.objects.get(slug="strasse")
    assert unique_slug("Straße", model=model, exclude_pk=own.pk) == "strasse"


@pytest.mark.django_db
def test_unique_slug_of_another_field():
    assert unique_slug("Smart Städte", model=Programme) == "smart-staedte"
    assert unique_slug("x", model=Programme, field="name") == "x"
