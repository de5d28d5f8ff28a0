# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Issuing the grant notice (Zuwendungsbescheid) from a selected application.

The application's budget (cost lines per phase, year, category) is carried over as version 1 of
the approved plan: eligible costs per cell = the sum of the application's lines, grant = costs ×
rate rounded down to the cent per cell (decision 0055's rule, applied per cell so that every
cell can be drawn on on its own). The office may approve other figures than requested: pass
``lines`` to replace the carried-over cells; the difference to the request is shown on the
notice. The reporting schedule follows from the period and the call's grant settings: one
interim statement per budget year that ends before the period ends, due
``interim_due_months`` after that year; the final statement ``final_due_months`` after the end.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from ..models import (
    GrantCondition,
    GrantNotice,
    GrantSettings,
    Phase,
    PlanLine,
    PlanVersion,
    Report,
    ReportEvent,
    ReportKind,
    ReportStatus,
)
from ..permissions import can_run_grants
from .common import GrantError, grant_for, money, refuse


@dataclass(frozen=True)
class LineInput:
    phase: str
    year: int
    category: str
    eligible_costs: Decimal | str
    grant: Decimal | str | None = None  # None: eligible costs × rate, rounded down


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def grant_settings(call) -> GrantSettings:
    if call is None:
        return GrantSettings()
    settings_row, _created = GrantSettings.objects.get_or_create(call=call)
    return settings_row


def requested_cells(application) -> dict[tuple[str, int, str], Decimal]:
    """(phase, year, category) → requested costs of the application."""
    rows = (
        application.budget_lines.values("phase", "year", "category")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {(r["phase"], r["year"], r["category"]): r["total"] for r in rows}


def next_reference(round_year: int) -> str:
    prefix = f"MPSC-{round_year}-"
    taken = GrantNotice.objects.filter(reference__startswith=prefix).count()
    number = taken + 1
    while GrantNotice.objects.filter(reference=f"{prefix}{number:04d}").exists():
        number += 1
    return f"{prefix}{number:04d}"


def _validated_lines(
    lines: list[LineInput], *, rate: Decimal, period_start: dt.date, period_end: dt.date
) -> list[PlanLine]:
    from stadtnetz.submissions.models import CostCategory

    result: list[PlanLine] = []
    seen: set[tuple[str, int, str]] = set()
    errors: dict[str, list[str]] = defaultdict(list)
    for index, line in enumerate(lines):
        field = f"lines.{index}"
        if line.phase not in Phase.values:
            errors[field].append(_("Choose phase A or B."))
            continue
        if line.category not in CostCategory.values:
            errors[field].append(_("Unknown cost category “%(c)s”.") % {"c": line.category})
            continue
        if not period_start.year <= int(line.year) <= period_end.year:
            errors[field].append(
                _("The year %(year)s lies outside the project period.") % {"year": line.year}
            )
            continue
        key = (line.phase, int(line.year), line.category)
        if key in seen:
            errors[field].append(_("This phase, year and category appear twice."))
            continue
        seen.add(key)
        try:
            costs = money(line.eligible_costs, field, allow_zero=True)
            grant = (
                grant_for(costs, rate)
                if line.grant is None
                else money(line.grant, field, allow_zero=True)
            )
        except GrantError as error:
            for message in error.messages:
                errors[field].append(message)
            continue
        if grant > grant_for(costs, rate):
            errors[field].append(
                _("The grant may not exceed %(rate)s %% of the eligible costs.") % {"rate": rate}
            )
            continue
        result.append(
            PlanLine(phase=key[0], year=key[1], category=key[2], eligible_costs=costs, grant=grant)
        )
    if errors:
        raise GrantError(dict(errors))
    if not result:
        refuse(_("The approved plan needs at least one line."), "lines")
    return result


def reporting_schedule(
    *, period_start: dt.date, period_end: dt.date, settings_row: GrantSettings
) -> list[tuple[str, int | None, dt.date]]:
    """(kind, year, due date) of every statement the notice asks for."""
    schedule: list[tuple[str, int | None, dt.date]] = []
    for year in range(period_start.year, period_end.year):
        due = add_months(dt.date(year, 12, 31), settings_row.interim_due_months)
        schedule.append((ReportKind.INTERIM, year, due))
    schedule.append((ReportKind.FINAL, None, add_months(period_end, settings_row.final_due_months)))
    return schedule


@transaction.atomic
def notice_issue(
    *,
    actor,
    case,
    period_start: dt.date,
    period_end: dt.date,
    starts_in_phase: str = Phase.A,
    conditions: Sequence[str] = (),
    lines: list[LineInput] | None = None,
) -> GrantNotice:
    """Issue the grant for a selected review case (its model project gets the notice).

    Refuses: not the programme office, a case not selected, a notice already issued, a period
    that ends before it starts or runs past the call's maximum duration, lines outside the
    period, grants above the rate."""
    from stadtnetz.projects.models import PhaseStatus, ProjectPhase
    from stadtnetz.submissions.budget import rate_for

    can_run_grants(actor).enforce()
    if case.state != "selected" or case.model_project_id is None:
        refuse(_("Only a selected application gets a grant notice."))
    application = case.application
    if GrantNotice.objects.filter(project_id=case.model_project_id).exists():
        refuse(_("This model project already has its grant notice."))
    if starts_in_phase not in Phase.values:
        refuse(_("Choose phase A or B."), "starts_in_phase")
    if period_end < period_start:
        refuse(_("The period must end after it starts."), "period_end")
    call = case.call
    if call.max_duration_months and period_end > add_months(period_start, call.max_duration_months):
        refuse(
            _("The call allows at most %(n)d months.") % {"n": call.max_duration_months},
            "period_end",
        )
    rate, hardship = rate_for(call, application)
    if lines is None:
        lines = [
            LineInput(phase=p, year=y, category=c, eligible_costs=amount)
            for (p, y, c), amount in sorted(requested_cells(application).items())
            if p == Phase.B or starts_in_phase == Phase.A
        ]
    plan_lines = _validated_lines(
        list(lines), rate=rate, period_start=period_start, period_end=period_end
    )
    if starts_in_phase == Phase.B and any(line.phase == Phase.A for line in plan_lines):
        refuse(_("A project that starts in phase B has no phase A lines."), "lines")
    texts = [text.strip() for text in conditions if text and text.strip()]
    project = case.model_project
    notice = GrantNotice(
        project=project,
        application=application,
        reference=next_reference(call.round_year),
        funding_rate=rate,
        hardship=hardship,
        starts_in_phase=starts_in_phase,
        period_start=period_start,
        period_end=period_end,
        issued_by=actor,
    )
    notice.full_clean(exclude=["pdf", "pdf_sha256"])
    notice.save()
    GrantCondition.objects.bulk_create(
        GrantCondition(notice=notice, position=i, text=text) for i, text in enumerate(texts, 1)
    )
    version = PlanVersion.objects.create(
        notice=notice, number=1, created_by=actor, period_end=period_end,
        note=_("Approved with the grant notice"),
    )  # fmt: skip
    for line in plan_lines:
        line.version = version
    PlanLine.objects.bulk_create(plan_lines)
    settings_row = grant_settings(call)
    for kind, year, due in reporting_schedule(
        period_start=period_start, period_end=period_end, settings_row=settings_row
    ):
        report = Report.objects.create(notice=notice, kind=kind, period_year=year, due_on=due)
        ReportEvent.objects.create(
            report=report, status=ReportStatus.DUE, actor=actor, note=_("Scheduled by the notice")
        )
    for phase in Phase.values:
        grant = sum((line.grant for line in plan_lines if line.phase == phase), Decimal("0.00"))
        costs = sum(
            (line.eligible_costs for line in plan_lines if line.phase == phase), Decimal("0.00")
        )
        if phase == Phase.A and starts_in_phase == Phase.B:
            status = PhaseStatus.SKIPPED
        elif phase == starts_in_phase:
            status = PhaseStatus.RUNNING
        else:
            status = PhaseStatus.PLANNED
        ProjectPhase.objects.update_or_create(
            project=project,
            phase=phase,
            defaults={
                "status": status,
                "starts_on": period_start if phase == starts_in_phase else None,
                "ends_on": period_end if phase == Phase.B else None,
                "budget": costs if status != PhaseStatus.SKIPPED else None,
                "grant": grant if status != PhaseStatus.SKIPPED else None,
            },
        )
    return notice


def notice_render_pdf(*, notice: GrantNotice, force: bool = False) -> GrantNotice:
    """Render the notice as a tagged PDF and store it with its SHA-256 (once; ``force`` renders
    again). Kept out of ``notice_issue`` so that issuing never waits for WeasyPrint; the office's
    page renders right after issuing and the download renders a missing PDF on first access."""
    import hashlib

    from ..pdf import notice_pdf

    if notice.pdf_sha256 and not force:
        return notice
    data = notice_pdf(notice)
    digest = hashlib.sha256(data).hexdigest()
    GrantNotice.objects.filter(pk=notice.pk).update(pdf=data, pdf_sha256=digest)
    notice.pdf, notice.pdf_sha256 = data, digest
    return notice


def notify_notice_issued(notice: GrantNotice) -> None:
    """Tell every member of the funded organisation (grant_notice_issued), once the platform's
    notification service exists; without it nothing happens."""
    try:
        from stadtnetz.notifications.services import notify
    except ImportError:  # the notifications app has not landed yet
        return
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    members = get_user_model().objects.filter(
        memberships__organisation_id=notice.project.organisation_id, is_active=True
    )
    notify(
        event_type="grant_notice_issued",
        recipients=list(members),
        context={"reference": notice.reference, "project": notice.project.name},
        url=reverse("grants:grant", args=[notice.project.slug]),
        dedupe_key=f"grant_notice_issued:{notice.pk}",
    )
