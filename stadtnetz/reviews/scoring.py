# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Weighted scores, means and spreads, all in Decimal (no Django import).

Rounding, documented once:

* A group's score is the mean of its applicable criterion scores (exact Decimal).
* A review's weighted score is Σ(weight × group score) / Σ(weight) over the groups that have at
  least one applicable score. "Not applicable" answers are left out, never counted as 0; a group
  with only "not applicable" answers drops out with its weight.
* The review's weighted score is rounded once, to 2 decimal places, half up (ROUND_HALF_UP).
* An application's mean is the mean of its reviews' rounded weighted scores, again rounded to
  2 places half up; the spread is max − min of the rounded review scores. Two applications with
  the same rounded mean are a tie and are shown as such.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def quantize(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def weighted_score(items: Iterable[tuple[int, Decimal, int | None]]) -> Decimal | None:
    """items: (group id, group weight, value or None for "not applicable"). None if nothing applies."""
    groups: dict[int, tuple[Decimal, list[int]]] = {}
    for group, weight, value in items:
        entry = groups.setdefault(group, (Decimal(weight), []))
        if value is not None:
            entry[1].append(value)
    numerator = Decimal(0)
    denominator = Decimal(0)
    for weight, values in groups.values():
        if not values or weight <= 0:
            continue
        numerator += weight * Decimal(sum(values)) / Decimal(len(values))
        denominator += weight
    if denominator == 0:
        return None
    return quantize(numerator / denominator)


def mean(scores: Sequence[Decimal]) -> Decimal | None:
    if not scores:
        return None
    return quantize(sum(scores, Decimal(0)) / Decimal(len(scores)))


def spread(scores: Sequence[Decimal]) -> Decimal | None:
    if not scores:
        return None
    return max(scores) - min(scores)
