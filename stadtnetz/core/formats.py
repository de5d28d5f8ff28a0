# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Numbers as people write and read them: "12.500,50" on German pages, "12,500.50" on English
ones, and the plain "12500.50" on both (issue 16, item 3). The API keeps plain decimal strings."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import get_language

_SPACES = re.compile(r"[\s\u00a0\u202f']")
_CURRENCY = re.compile(r"(?i)^(eur|€)|(eur|€)$")
_GROUPED = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")


class NotANumber(ValueError):
    """What was typed is not a number in any accepted way of writing it."""


def _language(language: str | None) -> str:
    return (language or get_language() or "de")[:2]


def parse_decimal(text: str, *, language: str | None = None) -> Decimal:
    """A decimal number from what a person typed. Raises NotANumber when it is not one.

    Accepted: "12500", "12500.50", "12500,50", "12.500,50", "12,500.50", "1.250.000",
    "12 500,50 €". A separator followed by one or two digits at the end is the decimal
    separator; separators between groups of three digits are thousands separators. A single
    separator before exactly three digits ("12.500", "12,500") is read as the page's language
    writes it: in German "." groups thousands and "," is the decimal comma; in English the other
    way round.
    """
    raw = _CURRENCY.sub("", _SPACES.sub("", str(text))).strip()
    sign = ""
    if raw[:1] in "+-":
        sign, raw = raw[:1], raw[1:]
    if not re.fullmatch(r"[0-9][0-9.,]*", raw):
        raise NotANumber(text)
    separators = [c for c in raw if c in ".,"]
    if not separators:
        number = raw
    else:
        last = max(raw.rfind("."), raw.rfind(","))
        whole, fraction = raw[:last], raw[last + 1 :]
        decimal_mark = raw[last]
        if len(set(separators)) == 2:
            # both kinds: the last one is the decimal separator, the other groups thousands
            if decimal_mark in whole or not _GROUPED.fullmatch(whole):
                raise NotANumber(text)
            number = whole.replace(separators[0], "") + "." + fraction
        elif len(separators) > 1:
            # one kind, several times: thousands separators only ("1.250.000")
            if not _GROUPED.fullmatch(raw):
                raise NotANumber(text)
            number = raw.replace(decimal_mark, "")
        elif len(fraction) == 3:
            thousands = "." if _language(language) == "de" else ","
            number = whole + fraction if decimal_mark == thousands else whole + "." + fraction
        else:
            number = whole + "." + fraction
        if not fraction.isdigit():
            raise NotANumber(text)
    try:
        value = Decimal(sign + number)
    except InvalidOperation as error:
        raise NotANumber(text) from error
    if not value.is_finite():
        raise NotANumber(text)
    return value


def format_decimal(value, *, places: int = 2, language: str | None = None) -> str:
    """ "12.500,50" in German, "12,500.50" in English; "–" for nothing."""
    if value is None or value == "":
        return "–"
    from django.utils import translation

    with translation.override(_language(language)):
        return number_format(Decimal(str(value)), decimal_pos=places, force_grouping=True)


def format_money(value, *, language: str | None = None) -> str:
    """ "12.500,50 €" in German, "€12,500.50" in English."""
    if value is None or value == "":
        return "–"
    number = format_decimal(value, language=language)
    if _language(language) == "de":
        return f"{number}\u00a0€"
    return f"€{number}" if not number.startswith("-") else f"-€{number[1:]}"


def format_percent(value, *, places: int = 2, language: str | None = None) -> str:
    """ "90,00 %" in German (with the space DIN 5008 asks for), "90.00%" in English."""
    if value is None or value == "":
        return "–"
    number = format_decimal(value, places=places, language=language)
    return f"{number}\u00a0%" if _language(language) == "de" else f"{number}%"
