# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The programme office's dashboard: every model project with a grant notice in one table.

Per project: the running phase, the next due date (milestone or statement), overdue milestones
(planned or late, due before today) and overdue statements (not yet submitted or sent back, due
before today), open payment requests (submitted, checked, released) and those waiting for the
second approval (checked), approved grant (plan in force) and paid grant, software measures by
publication (services/obligations), and whether the project has written lessons.

"Needs attention": anything overdue, a payment request waiting for the office, or a software
measure without a published repository and no exception.

A fixed number of queries (twelve or thirteen) for any number of projects; filtering and sorting
happen on the computed rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Min, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stadtnetz.projects.models import ModelProject, PhaseStatus, ProjectPhase

from .models import (
    GrantNotice,
    Milestone,
    MilestoneStatus,
    PaymentLine,
    PaymentRequest,
    PaymentStatus,
    PlanLine,
    PlanVersion,
    Report,
    ReportStatus,
)
from .selectors import ZERO
from .selectors_obligations import (
    SoftwareSummary,
    measures_without_lesson,
    projects_with_lessons,
    software_by_project,
)

CENT = Decimal("0.01")
OPEN_MILESTONE = (MilestoneStatus.PLANNED, MilestoneStatus.LATE)
OPEN_REPORT = (ReportStatus.DUE, ReportStatus.DRAFT, ReportStatus.CHANGES_REQUESTED)
WAITING_FOR_OFFICE = (PaymentStatus.SUBMITTED, PaymentStatus.CHECKED, PaymentStatus.RELEASED)
SORTS = {
    "name": (lambda r: (r.name.casefold(), r.round_year), False),
    "round": (lambda r: (r.round_year, r.name.casefold()), False),
    "next_due": (lambda r: (r.next_due or dt.date.max, r.name.casefold()), False),
    "overdue": (lambda r: (r.overdue_milestones + r.overdue_reports, r.name.casefold()), True),
    "open_payments": (lambda r: (len(r.open_payments), r.name.casefold()), True),
    "paid_share": (lambda r: (r.paid_share, r.name.casefold()), True),
}
PHASE_LABELS = {"A": _("Phase A"), "B": _("Phase B"), "done": _("completed"), "": _("not started")}


@dataclass(frozen=True)
class OfficeFilter:
    round_year: int | None = None
    phase: str = ""  # "A", "B", "done"
    state: str = ""  # code of a federal state (Land), e.g. "NW"
    attention: bool = False
    sort: str = "name"

    @classmethod
    def from_query(cls, query) -> OfficeFilter:
        def text(name: str, limit: int = 20) -> str:
            value = query.get(name, "")
            return value.strip()[:limit] if isinstance(value, str) else ""

        year = text("round")
        sort = text("sort")
        return cls(
            round_year=int(year) if year.isdigit() and len(year) == 4 else None,
            phase=text("phase") if text("phase") in ("A", "B", "done") else "",
            state=text("state").upper() if text("state").isalpha() else "",
            attention=text("attention") in ("1", "on", "true"),
            sort=sort if sort in SORTS else "name",
        )


@dataclass
class OfficeRow:
    notice_id: int
    reference: str
    project_id: int
    name: str
    slug: str
    round_year: int
    organisation: str
    states: list[str] = field(default_factory=list)
    phase: str = ""
    period_end: dt.date | None = None
    next_due: dt.date | None = None
    next_due_what: str = ""
    overdue_milestones: int = 0
    overdue_reports: int = 0
    open_payments: list[int] = field(default_factory=list)  # request numbers
    second_approval: list[int] = field(default_factory=list)  # checked, waiting for release
    approved: Decimal = ZERO
    paid: Decimal = ZERO
    software: SoftwareSummary = field(default_factory=SoftwareSummary)
    has_lessons: bool = False
    completed_without_lesson: int = 0

    @property
    def phase_label(self):
        return PHASE_LABELS.get(self.phase, self.phase)

    @property
    def paid_share(self) -> Decimal:
        return (self.paid / self.approved * 100).quantize(Decimal("0.1")) if self.approved else ZERO

    @property
    def unpublished_software(self) -> int:
        return len(self.software.blocking)

    @property
    def needs_attention(self) -> bool:
        return bool(self.overdue_milestones or self.overdue_reports or self.open_payments
                    or self.software.blocking)  # fmt: skip


@dataclass
class RoundTotal:
    round_year: int
    projects: int = 0
    approved: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def paid_share(self) -> Decimal:
        return (self.paid / self.approved * 100).quantize(Decimal("0.1")) if self.approved else ZERO


@dataclass
class OfficeBoard:
    rows: list[OfficeRow]
    all_count: int
    rounds: list[RoundTotal]
    round_choices: list[int]
    state_choices: list[str]
    filters: OfficeFilter
    software_total: SoftwareSummary


def _current_plan_lines():
    latest = (
        PlanVersion.objects.filter(notice=OuterRef("version__notice"))
        .order_by()
        .values("notice")
        .annotate(top=Max("number"))
        .values("top")
    )
    return PlanLine.objects.filter(version__number=Subquery(latest))


def _rows(today: dt.date) -> list[OfficeRow]:
    notices = GrantNotice.objects.select_related("project__organisation").order_by("pk")
    rows: dict[int, OfficeRow] = {}
    by_project: dict[int, OfficeRow] = {}
    for n in notices:
        p = n.project
        row = OfficeRow(notice_id=n.pk, reference=n.reference, project_id=p.pk, name=p.name,
                        slug=p.slug, round_year=p.round_year, organisation=p.organisation.name,
                        period_end=n.period_end)  # fmt: skip
        rows[n.pk] = by_project[p.pk] = row
    if not rows:
        return []
    project_ids = list(by_project)
    states = ModelProject.states.through.objects
    for project_id, code in states.filter(modelproject_id__in=project_ids).values_list(
        "modelproject_id", "state__code"
    ):
        by_project[project_id].states.append(code)
    phases: dict[int, dict[str, str]] = defaultdict(dict)
    for project_id, phase, status in ProjectPhase.objects.filter(
        project_id__in=project_ids
    ).values_list("project_id", "phase", "status"):
        phases[project_id][phase] = status
    for project_id, row in by_project.items():
        statuses = phases.get(project_id, {})
        running = [ph for ph, st in sorted(statuses.items()) if st == PhaseStatus.RUNNING]
        if running:
            row.phase = running[-1]
        elif statuses.get("B") == PhaseStatus.COMPLETED:
            row.phase = "done"
    milestones = (
        Milestone.objects.filter(measure__project_id__in=project_ids, status__in=OPEN_MILESTONE)
        .values("measure__project_id")
        .annotate(overdue=Count("pk", filter=Q(due_on__lt=today)),
                  next_due=Min("due_on", filter=Q(due_on__gte=today)))
        .order_by()
    )  # fmt: skip
    for m in milestones:
        row = by_project[m["measure__project_id"]]
        row.overdue_milestones = m["overdue"]
        _due(row, m["next_due"], _("milestone"))
    reports = (
        Report.objects.filter(notice_id__in=rows, status__in=OPEN_REPORT)
        .values("notice_id")
        .annotate(overdue=Count("pk", filter=Q(due_on__lt=today)),
                  next_due=Min("due_on", filter=Q(due_on__gte=today)))
        .order_by()
    )  # fmt: skip
    for r in reports:
        row = rows[r["notice_id"]]
        row.overdue_reports = r["overdue"]
        _due(row, r["next_due"], _("statement"))
    for notice_id, number, status in (
        PaymentRequest.objects.filter(notice_id__in=rows, status__in=WAITING_FOR_OFFICE)
        .values_list("notice_id", "number", "status")
        .order_by("notice_id", "number")
    ):
        rows[notice_id].open_payments.append(number)
        if status == PaymentStatus.CHECKED:
            rows[notice_id].second_approval.append(number)
    for notice_id, total in (
        _current_plan_lines()
        .filter(version__notice_id__in=rows)
        .values("version__notice_id")
        .annotate(total=Sum("grant"))
        .order_by()
        .values_list("version__notice_id", "total")
    ):
        rows[notice_id].approved = (total or ZERO).quantize(CENT)  # SQLite drops the scale
    for notice_id, total in (
        PaymentLine.objects.filter(request__notice_id__in=rows, request__status=PaymentStatus.PAID)
        .values("request__notice_id")
        .annotate(total=Sum("grant"))
        .order_by()
        .values_list("request__notice_id", "total")
    ):
        rows[notice_id].paid = (total or ZERO).quantize(CENT)
    for project_id, summary in software_by_project(project_ids).items():
        by_project[project_id].software = summary
    for project_id in projects_with_lessons(project_ids):
        by_project[project_id].has_lessons = True
    for project_id, titles in measures_without_lesson(project_ids).items():
        by_project[project_id].completed_without_lesson = len(titles)
    return list(rows.values())


def _due(row: OfficeRow, day: dt.date | None, what) -> None:
    if day is not None and (row.next_due is None or day < row.next_due):
        row.next_due, row.next_due_what = day, what


def office_board(filters: OfficeFilter | None = None, *, today: dt.date | None = None
                 ) -> OfficeBoard:  # fmt: skip
    filters = filters or OfficeFilter()
    today = today or timezone.localdate()
    everything = _rows(today)
    rounds: dict[int, RoundTotal] = {}
    for row in everything:
        total = rounds.setdefault(row.round_year, RoundTotal(row.round_year))
        total.projects += 1
        total.approved += row.approved
        total.paid += row.paid
    chosen = [
        r for r in everything
        if (filters.round_year is None or r.round_year == filters.round_year)
        and (not filters.phase or r.phase == filters.phase)
        and (not filters.state or filters.state in r.states)
        and (not filters.attention or r.needs_attention)
    ]  # fmt: skip
    key, reverse = SORTS[filters.sort]
    chosen.sort(key=key, reverse=reverse)
    software_total = SoftwareSummary()
    for row in chosen:
        s = row.software
        software_total.valid += s.valid
        software_total.no_publiccode += s.no_publiccode
        software_total.not_published += s.not_published
        software_total.excepted += s.excepted
        software_total.measures += s.measures
        software_total.blocking += s.blocking
    return OfficeBoard(
        rows=chosen, all_count=len(everything),
        rounds=[rounds[year] for year in sorted(rounds)],
        round_choices=sorted(rounds),
        state_choices=sorted({code for r in everything for code in r.states}),
        filters=filters, software_total=software_total,
    )  # fmt: skip


EXPORT_HEADER = ["reference", "project", "round", "organisation", "states", "phase",
                 "next_due", "overdue_milestones", "overdue_statements", "open_payment_requests",
                 "waiting_second_approval", "approved_grant_eur", "paid_grant_eur",
                 "paid_share_percent", "software_valid", "software_without_publiccode",
                 "software_not_published", "software_exceptions", "has_lessons",
                 "completed_measures_without_lesson", "needs_attention"]  # fmt: skip


def export_rows(board: OfficeBoard) -> list[list]:
    return [
        [r.reference, r.name, r.round_year, r.organisation, ";".join(r.states), r.phase,
         r.next_due, r.overdue_milestones, r.overdue_reports,
         ", ".join(str(n) for n in r.open_payments), ", ".join(str(n) for n in r.second_approval),
         r.approved, r.paid, r.paid_share, r.software.valid, r.software.no_publiccode,
         r.software.not_published, r.software.excepted, r.has_lessons,
         r.completed_without_lesson, r.needs_attention]
        for r in board.rows
    ]  # fmt: skip
