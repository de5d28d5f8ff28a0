# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Reads of a grant: the plan in force and the sums the checks and the budget view need.

Sums are Decimal; a missing cell is Decimal("0.00"). "Requested" counts every payment request
that was submitted and is not withdrawn (including paid ones); "paid" only the paid ones.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from .models import (
    GrantNotice,
    PaymentLine,
    PaymentStatus,
    PlanLine,
    PlanVersion,
    StrategyState,
)

ZERO = Decimal("0.00")
REQUESTED_STATES = (
    PaymentStatus.SUBMITTED,
    PaymentStatus.CHECKED,
    PaymentStatus.RELEASED,
    PaymentStatus.PAID,
)


def current_plan(notice: GrantNotice) -> PlanVersion:
    """The plan version in force (the highest number; version 1 exists from the award)."""
    version = notice.plan_versions.order_by("-number").first()
    if version is None:  # every notice gets version 1 when it is issued
        raise PlanVersion.DoesNotExist(f"grant notice {notice.pk} has no approved plan")
    return version


def plan_lines(version: PlanVersion) -> list[PlanLine]:
    return list(version.lines.all())


def approved_grant(notice: GrantNotice, *, phase: str, year: int | None = None) -> Decimal:
    """Approved grant of a phase (and year) in the plan in force."""
    lines = PlanLine.objects.filter(version=current_plan(notice), phase=phase)
    if year is not None:
        lines = lines.filter(year=year)
    return lines.aggregate(total=Sum("grant"))["total"] or ZERO


def requested_grant(
    notice: GrantNotice, *, phase: str, year: int | None = None, exclude_request=None
) -> Decimal:
    """Grant requested by payment requests of a phase (and year) that count against the plan."""
    lines = PaymentLine.objects.filter(
        request__notice=notice, request__phase=phase, request__status__in=REQUESTED_STATES
    )
    if year is not None:
        lines = lines.filter(request__year=year)
    if exclude_request is not None:
        lines = lines.exclude(request=exclude_request)
    return lines.aggregate(total=Sum("grant"))["total"] or ZERO


def strategy_approved(notice: GrantNotice) -> bool:
    """Phase B may be drawn on when the project started in B or its strategy was approved."""
    if notice.starts_in_phase == "B":
        return True
    return notice.strategies.filter(state=StrategyState.APPROVED).exists()


def plan_by_cell(version: PlanVersion) -> dict[tuple[str, int, str], PlanLine]:
    """(phase, year, category) → line."""
    return {(line.phase, line.year, line.category): line for line in version.lines.all()}


def sums_by_cell(rows) -> dict[tuple[str, int, str], Decimal]:
    """Helper for the budget view: iterable of (phase, year, category, amount) → summed dict."""
    totals: dict[tuple[str, int, str], Decimal] = defaultdict(lambda: ZERO)
    for phase, year, category, amount in rows:
        totals[(phase, year, category)] += amount
    return dict(totals)


# --- notice, strategy, work plan (notice area) ---------------------------------------------------


def notice_for_project(project) -> GrantNotice | None:
    return (
        GrantNotice.objects.select_related("project__organisation", "application", "issued_by")
        .filter(project=project)
        .first()
    )


def overdue_milestones(*, project=None, today=None):
    """Milestones that are planned or late and due before today, oldest first, with their
    measure and project (one query; filter by ``project`` or take the whole programme)."""
    import datetime as dt

    from .models import Milestone, MilestoneStatus

    today = today or dt.date.today()
    rows = Milestone.objects.filter(
        status__in=(MilestoneStatus.PLANNED, MilestoneStatus.LATE), due_on__lt=today
    ).select_related("measure__project")
    if project is not None:
        rows = rows.filter(measure__project=project)
    return rows.order_by("due_on", "pk")


def project_milestones(project):
    """Every milestone of the project's measures, by due date, with the measure."""
    from .models import Milestone

    return (
        Milestone.objects.filter(measure__project=project)
        .select_related("measure")
        .order_by("due_on", "pk")
    )


def plan_comparison(notice: GrantNotice, version: PlanVersion | None = None) -> dict:
    """Rows (phase, year, category) of a plan version against the application's request:
    requested costs and grant (at the notice's rate), approved costs and grant, differences;
    and the totals. A cell only requested or only approved counts as zero on the other side."""
    from stadtnetz.submissions.models import CostCategory

    from .services.common import grant_for
    from .services.notice import requested_cells

    version = version or current_plan(notice)
    requested = requested_cells(notice.application) if notice.application_id else {}
    if notice.starts_in_phase == "B":
        requested = {key: value for key, value in requested.items() if key[0] == "B"}
    approved = plan_by_cell(version) if version else {}
    labels = dict(CostCategory.choices)
    rows = []
    totals = dict.fromkeys(
        ("requested_costs", "requested_grant", "costs", "grant", "diff_costs", "diff_grant"), ZERO
    )
    for key in sorted(set(requested) | set(approved)):
        asked = requested.get(key, ZERO).quantize(ZERO)
        asked_grant = grant_for(asked, notice.funding_rate)
        line = approved.get(key)
        costs = line.eligible_costs if line else ZERO
        grant = line.grant if line else ZERO
        row: dict[str, Any] = {
            "phase": key[0], "year": key[1], "category": key[2],
            "category_label": labels.get(key[2], key[2]),
            "requested_costs": asked, "requested_grant": asked_grant,
            "costs": costs, "grant": grant,
            "diff_costs": costs - asked, "diff_grant": grant - asked_grant,
        }  # fmt: skip
        rows.append(row)
        for name in totals:
            totals[name] += row[name]
    return {"rows": rows, "totals": totals, "version": version}


def grant_section(user, project) -> dict | None:
    """What the model project page shows of the grant: only to those who may see the grant
    (the funded organisation and the programme office); None for everyone else."""
    from stadtnetz.core.permissions import is_signed_in

    from .permissions import can_view_grant

    if not is_signed_in(user):  # the public page makes no query for the grant
        return None
    notice = notice_for_project(project)
    if notice is None or not can_view_grant(user, notice):
        return None
    return {"notice": notice, "overdue": list(overdue_milestones(project=project))}
