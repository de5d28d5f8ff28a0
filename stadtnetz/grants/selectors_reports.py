# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Reads for statements and change requests: lists with the overdue flag, the statement table
against the plan in force, the proposed plan against the current one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from .models import (
    ChangeRequest,
    GrantNotice,
    PlanVersion,
    Report,
    ReportKind,
    ReportStatus,
)
from .selectors import current_plan

ZERO = Decimal("0.00")
OPEN_STATES = (ReportStatus.DUE, ReportStatus.DRAFT, ReportStatus.CHANGES_REQUESTED)


def notice_for_project(slug: str | None = None, *, project_id: int | None = None):
    query = GrantNotice.objects.select_related(
        "project__organisation", "application__call", "project__call"
    )
    if slug is not None:
        return query.filter(project__slug=slug).first()
    return query.filter(project_id=project_id).first()


def is_overdue(report: Report, today: dt.date | None = None) -> bool:
    return report.status in OPEN_STATES and report.due_on < (today or timezone.localdate())


def report_list(notice: GrantNotice) -> list[Report]:
    today = timezone.localdate()
    reports = list(notice.reports.order_by("due_on", "pk"))
    for report in reports:
        report.notice = notice
        report.overdue = is_overdue(report, today)
    return reports


def report_get(notice: GrantNotice, pk) -> Report | None:
    """The statement of this notice (None for another project's)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    report = notice.reports.filter(pk=pk).first()
    if report is not None:
        report.notice = notice
        report.overdue = is_overdue(report)
    return report


@dataclass
class StatementRow:
    phase: str
    year: int
    category: str
    category_label: str
    approved_costs: Decimal | None
    approved_grant: Decimal | None
    spent: Decimal | None
    name: str = ""

    @property
    def difference(self) -> Decimal | None:
        if self.spent is None:
            return None
        return self.spent - (self.approved_costs or ZERO)


@dataclass
class Statement:
    rows: list[StatementRow] = field(default_factory=list)

    @property
    def approved_total(self) -> Decimal:
        return sum((r.approved_costs or ZERO for r in self.rows), ZERO)

    @property
    def spent_total(self) -> Decimal:
        return sum((r.spent or ZERO for r in self.rows), ZERO)


def _category_labels() -> dict[str, str]:
    from stadtnetz.submissions.models import CostCategory

    return dict(CostCategory.choices)


def statement(report: Report) -> Statement:
    """One row per cell of the plan in force the statement covers (interim: its year; final:
    every year) and per cell spent outside the plan."""
    labels = _category_labels()
    plan = current_plan(report.notice)
    lines = list(plan.lines.all()) if plan else []
    if report.kind == ReportKind.INTERIM:
        lines = [line for line in lines if line.year == report.period_year]
    spent = {(e.phase, e.year, e.category): e.amount for e in report.expenditures.all()}
    cells = {(x.phase, x.year, x.category): x for x in lines}
    rows = []
    for key in sorted(set(cells) | set(spent)):
        line = cells.get(key)
        rows.append(StatementRow(
            phase=key[0], year=key[1], category=key[2], category_label=labels.get(key[2], key[2]),
            approved_costs=line.eligible_costs if line else None,
            approved_grant=line.grant if line else None,
            spent=spent.get(key), name=f"spent-{key[0]}-{key[1]}-{key[2]}",
        ))  # fmt: skip
    return Statement(rows)


def change_list(notice: GrantNotice) -> list[ChangeRequest]:
    return list(
        notice.change_requests.select_related("requested_by", "decided_by").order_by(
            "-created_at", "-pk"
        )
    )


def change_get(notice: GrantNotice, pk) -> ChangeRequest | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    change = notice.change_requests.select_related("requested_by", "decided_by").filter(pk=pk)
    change = change.first()
    if change is not None:
        change.notice = notice
    return change


@dataclass
class ComparedCell:
    phase: str
    year: int
    category: str
    category_label: str
    current_costs: Decimal
    current_grant: Decimal
    proposed_costs: Decimal
    proposed_grant: Decimal

    @property
    def changed(self) -> bool:
        return (self.current_costs, self.current_grant) != (
            self.proposed_costs,
            self.proposed_grant,
        )

    @property
    def grant_difference(self) -> Decimal:
        return self.proposed_grant - self.current_grant


def plan_for_change(change: ChangeRequest) -> PlanVersion | None:
    """The plan the change is compared with: the version before it (when approved) or the plan
    in force."""
    notice = change.notice
    if change.status == "approved":
        made = PlanVersion.objects.filter(change_request=change).first()
        if made is not None:
            return notice.plan_versions.filter(number=made.number - 1).first()
    return current_plan(notice)


def compare_plan(change: ChangeRequest) -> list[ComparedCell]:
    labels = _category_labels()
    base = plan_for_change(change)
    current = {(x.phase, x.year, x.category): x for x in base.lines.all()} if base else {}
    proposed = {
        (r["phase"], int(r["year"]), r["category"]): (
            Decimal(r["eligible_costs"]),
            Decimal(r["grant"]),
        )
        for r in change.proposed_lines
    }
    cells = []
    for key in sorted(set(current) | set(proposed)):
        line = current.get(key)
        costs, grant = proposed.get(key, (ZERO, ZERO))
        cells.append(ComparedCell(
            phase=key[0], year=key[1], category=key[2], category_label=labels.get(key[2], key[2]),
            current_costs=line.eligible_costs if line else ZERO,
            current_grant=line.grant if line else ZERO,
            proposed_costs=costs, proposed_grant=grant,
        ))  # fmt: skip
    return cells


def plan_versions(notice: GrantNotice) -> list[PlanVersion]:
    return list(notice.plan_versions.select_related("change_request").order_by("-number"))


def milestones_of(notice: GrantNotice):
    from .models import Milestone

    return list(
        Milestone.objects.filter(measure__project_id=notice.project_id)
        .select_related("measure")
        .order_by("due_on", "pk")
    )
