# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Reads of a grant: the plan in force and the sums the checks and the budget view need.

Sums are Decimal; a missing cell is Decimal("0.00"). "Requested" counts every payment request
that was submitted and is not withdrawn (including paid ones); "paid" only the paid ones.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

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
