# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The budget calculation: totals, grant and own contribution in exact decimal euros.

Rounding (docs/decisions/0055): the grant of each phase is phase costs × rate / 100, rounded DOWN
to the cent (the funder never pays more than the rate allows); the total grant is the sum of the
phase grants; the own contribution is total costs − total grant, so the two always add up exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def grant_for(costs: Decimal, rate: Decimal) -> Decimal:
    return (costs * rate / HUNDRED).quantize(CENT, rounding=ROUND_DOWN)


@dataclass
class BudgetSummary:
    rate: Decimal
    hardship: bool
    total: Decimal = Decimal("0.00")
    by_year: dict[int, Decimal] = field(default_factory=dict)
    by_category: dict[str, Decimal] = field(default_factory=dict)
    by_phase: dict[str, Decimal] = field(default_factory=dict)
    by_year_category: dict[tuple[int, str], Decimal] = field(default_factory=dict)
    grant_by_phase: dict[str, Decimal] = field(default_factory=dict)
    grant: Decimal = Decimal("0.00")
    own_contribution: Decimal = Decimal("0.00")
    # The own contribution is financed by third parties and the applicant's own funds.
    third_party_by_phase: dict[str, Decimal] = field(default_factory=dict)
    third_party_funds: Decimal = Decimal("0.00")
    own_funds: Decimal = Decimal("0.00")

    @property
    def years(self) -> list[int]:
        return sorted(self.by_year)


def summarise(lines: Iterable, *, rate: Decimal, hardship: bool,
              third_party: dict[str, Decimal] | None = None) -> BudgetSummary:  # fmt: skip
    """Lines are objects (or dicts) with phase, year, category and amount; ``third_party`` maps a
    phase to the third-party funds that pay part of its own contribution (decision 0062)."""
    summary = BudgetSummary(rate=rate, hardship=hardship)
    for line in lines:
        get = line.get if isinstance(line, dict) else line.__getattribute__
        amount = Decimal(str(get("amount")))
        year, category, phase = int(get("year")), get("category"), get("phase")
        summary.total += amount
        summary.by_year[year] = summary.by_year.get(year, Decimal("0.00")) + amount
        summary.by_category[category] = summary.by_category.get(category, Decimal("0.00")) + amount
        summary.by_phase[phase] = summary.by_phase.get(phase, Decimal("0.00")) + amount
        key = (year, category)
        summary.by_year_category[key] = summary.by_year_category.get(key, Decimal("0.00")) + amount
    summary.grant_by_phase = {
        phase: grant_for(costs, rate) for phase, costs in sorted(summary.by_phase.items())
    }
    summary.grant = sum(summary.grant_by_phase.values(), Decimal("0.00"))
    summary.own_contribution = summary.total - summary.grant
    summary.third_party_by_phase = {
        phase: Decimal(str(amount))
        for phase, amount in sorted((third_party or {}).items())
        if amount
    }
    summary.third_party_funds = sum(summary.third_party_by_phase.values(), Decimal("0.00"))
    summary.own_funds = summary.own_contribution - summary.third_party_funds
    return summary


def rate_for(call, application) -> tuple[Decimal, bool]:
    """The call's hardship rate once the programme office approved the application's hardship
    request (decision 0068), else its funding rate."""
    request = application.hardship_request()
    if request is not None and request.state == "approved":
        return call.hardship_rate, True
    return call.funding_rate, False
