# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The budget view of one grant: per phase, year and budget category.

Columns (Decimal, a missing cell is 0.00):

- ``approved_costs`` / ``approved``: eligible costs and grant of the plan in force (the highest
  plan version: approved change requests included);
- ``requested``: grant of payment requests submitted, checked, released or paid (drafts, requests
  sent back for changes and withdrawn ones do not count) — paid ones included;
- ``paid``: grant of paid payment requests;
- ``reported``: expenditure the statements report as spent (eligible costs, the municipality's
  own share included — compare it with ``approved_costs``). Submitted and accepted statements
  count; for each cell the figure of the latest such statement (the final statement over the
  interim ones, then the later due date), so that a statement that repeats a year is not added
  twice. Statements sent back for changes and drafts do not count;
- ``remaining`` = approved − paid (grant not yet paid out; requests under way not deducted).

Four queries, whatever the number of payment requests, statements and plan versions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, OuterRef, Subquery, Sum

from .models import (
    GrantNotice,
    PaymentLine,
    PaymentStatus,
    PlanLine,
    PlanVersion,
    ReportExpenditure,
    ReportStatus,
)
from .selectors import REQUESTED_STATES, ZERO

COLUMNS = ("approved_costs", "approved", "requested", "paid", "reported", "remaining")
REPORTED_STATES = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


@dataclass
class Cell:
    phase: str
    year: int | None
    category: str | None
    approved_costs: Decimal = ZERO
    approved: Decimal = ZERO
    requested: Decimal = ZERO
    paid: Decimal = ZERO
    reported: Decimal = ZERO

    @property
    def remaining(self) -> Decimal:
        return self.approved - self.paid

    def add(self, other: Cell) -> None:
        self.approved_costs += other.approved_costs
        self.approved += other.approved
        self.requested += other.requested
        self.paid += other.paid
        self.reported += other.reported

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in COLUMNS}

    @property
    def category_label(self) -> str:
        from stadtnetz.submissions.models import CostCategory

        return str(dict(CostCategory.choices).get(self.category or "", self.category or ""))


@dataclass
class YearGroup:
    phase: str
    year: int
    total: Cell
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Budget:
    notice: GrantNotice
    plan_number: int
    phase: str | None  # the filter, None: both phases
    years: list[YearGroup]  # (phase, year) groups with their category cells and subtotal
    phases: dict[str, Cell]  # phase totals
    total: Cell

    @property
    def cells(self) -> list[Cell]:
        return [cell for group in self.years for cell in group.cells]

    @property
    def chart_max(self) -> Decimal:
        values = [v for g in self.years for v in (g.total.approved, g.total.requested,
                                                   g.total.paid)]  # fmt: skip
        return max(values, default=ZERO) or Decimal(1)


def _plan_lines(notice: GrantNotice):
    latest = (
        PlanVersion.objects.filter(notice=OuterRef("version__notice"))
        .order_by()
        .values("notice")
        .annotate(top=Max("number"))
        .values("top")
    )
    return PlanLine.objects.filter(version__notice=notice, version__number=Subquery(latest))


def budget(notice: GrantNotice, *, phase: str | None = None) -> Budget:
    """The budget of ``notice`` (optionally one phase) in four queries."""
    cells: dict[tuple[str, int, str], Cell] = {}

    def cell(key) -> Cell:
        if key not in cells:
            cells[key] = Cell(*key)
        return cells[key]

    plan_number = 0
    lines = _plan_lines(notice).values_list(
        "phase", "year", "category", "eligible_costs", "grant", "version__number"
    )
    for p, year, category, costs, grant, number in lines:
        plan_number = number
        cell((p, year, category)).approved_costs += costs
        cell((p, year, category)).approved += grant
    payments = (
        PaymentLine.objects.filter(request__notice=notice, request__status__in=REQUESTED_STATES)
        .values("request__phase", "request__year", "category", "request__status")
        .annotate(total=Sum("grant"))
        .order_by()
    )
    for row in payments:
        target = cell((row["request__phase"], row["request__year"], row["category"]))
        target.requested += row["total"]
        if row["request__status"] == PaymentStatus.PAID:
            target.paid += row["total"]
    reported = (
        ReportExpenditure.objects.filter(report__notice=notice,
                                         report__status__in=REPORTED_STATES)
        .values_list("phase", "year", "category", "amount", "report__kind", "report__due_on",
                     "report_id")
    )  # fmt: skip
    latest: dict[tuple, tuple] = {}
    for p, year, category, amount, kind, due_on, report_id in reported:
        rank = (kind == "final", due_on, report_id)
        key = (p, year, category)
        if key not in latest or rank > latest[key][0]:
            latest[key] = (rank, amount)
    for key, (_rank, amount) in latest.items():
        cell(key).reported += amount
    return _assemble(notice, plan_number, phase, cells)


def _assemble(notice, plan_number, phase, cells) -> Budget:
    from stadtnetz.submissions.models import CostCategory

    order = {value: i for i, value in enumerate(CostCategory.values)}
    groups: dict[tuple[str, int], YearGroup] = {}
    phases: dict[str, Cell] = {}
    total = Cell("", None, None)
    for key in sorted(cells, key=lambda k: (k[0], k[1], order.get(k[2], 99), k[2])):
        p, year, _category = key
        if phase and p != phase:
            continue
        group = groups.setdefault((p, year), YearGroup(p, year, Cell(p, year, None)))
        group.cells.append(cells[key])
        group.total.add(cells[key])
        phases.setdefault(p, Cell(p, None, None)).add(cells[key])
        total.add(cells[key])
    return Budget(notice=notice, plan_number=plan_number, phase=phase,
                  years=list(groups.values()), phases=phases, total=total)  # fmt: skip


def budget_rows(data: Budget) -> list[list]:
    """Rows for CSV/XLSX: phase, year, category (code and label), the six columns."""
    rows = []
    for group in data.years:
        for c in group.cells:
            rows.append([c.phase, c.year, c.category, c.category_label,
                         *[getattr(c, name) for name in COLUMNS]])  # fmt: skip
    t = data.total
    rows.append(["", None, "", "total", *[getattr(t, name) for name in COLUMNS]])
    return rows


EXPORT_HEADER = ["phase", "year", "category", "category_label", "approved_costs_eur",
                 "approved_grant_eur", "requested_grant_eur", "paid_grant_eur",
                 "reported_spent_eur", "remaining_grant_eur"]  # fmt: skip


def decimal_strings(data: Budget) -> dict:
    """The API shape: every amount a decimal string with two places."""

    def amounts(c: Cell) -> dict:
        return {name: f"{getattr(c, name):.2f}" for name in COLUMNS}

    return {
        "reference": data.notice.reference,
        "plan_version": data.plan_number,
        "phase": data.phase,
        "cells": [
            {"phase": c.phase, "year": c.year, "category": c.category, **amounts(c)}
            for c in data.cells
        ],
        "years": [{"phase": g.phase, "year": g.year, **amounts(g.total)} for g in data.years],
        "phases": [{"phase": p, **amounts(c)} for p, c in sorted(data.phases.items())],
        "total": amounts(data.total),
    }
