# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""What every grant service shares: the refusal type and money parsing."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import NoReturn

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from stadtnetz.core.formats import NotANumber, parse_decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
MAX_AMOUNT = Decimal("1000000000")


class GrantError(ValidationError):
    """A refused write; ``message_dict`` maps fields (or "__all__") to messages."""


def refuse(message: str, field: str = "__all__") -> NoReturn:
    raise GrantError({field: [message]})


def grant_for(amount: Decimal, rate: Decimal) -> Decimal:
    """Grant for eligible costs at a rate in percent, rounded down to the cent (decision 0055)."""
    return (amount * rate / HUNDRED).quantize(CENT, rounding=ROUND_DOWN)


def money(value, field: str, *, allow_zero: bool = False) -> Decimal:
    """A Decimal amount from a Decimal, int or string; refused at ``field`` when it is not a
    finite number with at most two decimals, negative (or zero unless allowed) or absurdly large.
    German input ("1.234,56") is accepted via stadtnetz.core.formats when it is a string."""
    if isinstance(value, str):
        try:
            value = parse_decimal(value)
        except (NotANumber, ValueError, InvalidOperation):
            refuse(_("Enter an amount in euros, e.g. 12.500,00."), field)
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        refuse(_("Enter an amount in euros, e.g. 12.500,00."), field)
    if not amount.is_finite():
        refuse(_("Enter an amount in euros, e.g. 12.500,00."), field)
    if amount != amount.quantize(CENT):
        refuse(_("At most two decimal places."), field)
    if amount < 0 or (amount == 0 and not allow_zero):
        refuse(_("The amount must be greater than zero."), field)
    if amount > MAX_AMOUNT:
        refuse(_("The amount is too large."), field)
    return amount.quantize(CENT)
