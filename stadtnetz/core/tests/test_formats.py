# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Numbers as people type and read them (issue 16, item 3)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from stadtnetz.core.formats import (
    NotANumber,
    format_decimal,
    format_money,
    format_percent,
    parse_decimal,
)
from stadtnetz.core.forms import KernForm, MoneyField


@pytest.mark.parametrize(
    ("typed", "language", "expected"),
    [
        ("12.500,50", "de", "12500.50"), ("12500,50", "de", "12500.50"), ("12500.50", "de", "12500.50"),
        ("12 500,50 €", "de", "12500.50"), ("12.500", "de", "12500"), ("1.250.000", "de", "1250000"),
        ("EUR 1.342.500,50", "de", "1342500.50"), ("0,5", "de", "0.5"), ("12,500", "de", "12.500"),
        ("12,500.50", "en", "12500.50"), ("12500.50", "en", "12500.50"), ("12500,50", "en", "12500.50"),
        ("12,500", "en", "12500"), ("1,250,000.00", "en", "1250000.00"), ("-5,00", "de", "-5.00"),
    ],
)  # fmt: skip
def test_parse_what_people_type(typed, language, expected):
    assert parse_decimal(typed, language=language) == Decimal(expected)


@pytest.mark.parametrize(
    "typed",
    ["", "abc", "12,50,5", "1.2.3", "12.500.5", "12.500,50,1", "1,2.5", ",5", "12..5", "NaN",
     "Infinity", "1e5", "<script>", "'; DROP TABLE x; --", "12.50.000,00", "١٢٣"],
)  # fmt: skip
def test_refuse_what_is_not_a_number(typed):
    with pytest.raises(NotANumber):
        parse_decimal(typed, language="de")


@given(st.decimals(min_value=Decimal("0"), max_value=Decimal("999999999999.99"), places=2),
       st.sampled_from(["de", "en"]))  # fmt: skip
def test_what_we_show_reads_back(value, language):
    assert parse_decimal(format_decimal(value, language=language), language=language) == value


def test_shown_formats():
    assert format_money(Decimal("1342500.5"), language="de") == "1.342.500,50\u00a0€"
    assert format_money(Decimal("1342500.5"), language="en") == "€1,342,500.50"
    assert format_percent(Decimal("90"), language="de") == "90,00\u00a0%"
    assert format_percent(Decimal("90"), language="en") == "90.00%"
    assert format_money(None) == "–"


class _Form(KernForm):
    amount = MoneyField(label="Betrag", min_value=Decimal("0.01"))


@pytest.mark.parametrize("typed", ["12.500,50", "12500,50", "12500.50"])
def test_money_field_accepts_german_and_plain(typed):
    with translation.override("de"):
        form = _Form({"amount": typed})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal("12500.50")


def test_money_field_explains_in_german_and_shows_german():
    with translation.override("de"):
        form = _Form({"amount": "zwölf Euro"})
        assert not form.is_valid()
        assert form.errors["amount"] == [
            "Bitte geben Sie einen Betrag in Euro ein, z. B. 12.500,50."
        ]
        assert 'value="12.500,50"' in str(_Form(initial={"amount": Decimal("12500.5")})["amount"])
        assert 'inputmode="decimal"' in str(form["amount"])
    with translation.override("en"):
        assert 'value="12,500.50"' in str(_Form(initial={"amount": Decimal("12500.5")})["amount"])
