# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Change requests (Änderungsantrag): the grantee's editors ask, the programme office decides.

Three kinds:

- budget: a whole proposed plan (cells of phase × year × category with eligible costs and
  grant). Refused: a negative cell, a grant above rate × costs, a year outside the period, a
  total grant above the plan in force's, a phase-year with less grant than was already
  requested by payment requests, a proposal equal to the plan in force.
- period: a new end after the current end, within the call's maximum duration.
- milestones: changes of existing milestones of the project's measures (due date within the
  period, status planned/late/dropped).

Approval applies the change: a budget change becomes plan version n+1 with its lines; a period
change sets the notice's new end, adds a plan version with the same lines and moves the
reporting schedule (the final statement's due date, interim statements for years that now end
before the period); a milestone change updates the milestones. Previous plan versions stay.
The grantee may withdraw a request while it waits for the decision.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stadtnetz.core.formats import format_decimal

from ..models import (
    ChangeKind,
    ChangeRequest,
    ChangeStatus,
    GrantNotice,
    MilestoneStatus,
    Phase,
    PlanLine,
    PlanVersion,
    Report,
    ReportEvent,
    ReportKind,
    ReportStatus,
)
from ..permissions import can_act_for_grantee, can_run_grants
from ..selectors import current_plan, requested_grant
from .common import GrantError, grant_for, money, refuse
from .notice import LineInput, add_months, grant_settings, reporting_schedule
from .reports import _parse_day, call_of

ZERO = Decimal("0.00")
MILESTONE_STATES = (MilestoneStatus.PLANNED, MilestoneStatus.LATE, MilestoneStatus.DROPPED)
MAX_LINES = 200


def _negative(value) -> bool:
    if isinstance(value, str):
        return value.strip().startswith("-")
    try:
        return Decimal(value) < 0
    except (ArithmeticError, TypeError, ValueError):
        return False


def proposed_plan(notice: GrantNotice, lines: list[LineInput]) -> list[PlanLine]:
    """Check a proposed whole plan against the notice and the plan in force; unsaved lines."""
    from stadtnetz.submissions.models import CostCategory

    if not lines:
        refuse(_("The proposed plan needs at least one line."), "lines")
    if len(lines) > MAX_LINES:
        refuse(_("At most %(n)s lines.") % {"n": MAX_LINES}, "lines")
    rate = notice.funding_rate
    errors: dict[str, list[str]] = {}
    seen: set[tuple[str, int, str]] = set()
    result: list[PlanLine] = []
    for index, line in enumerate(lines):
        field = f"lines.{index}"
        if line.phase not in Phase.values:
            errors[field] = [_("Choose phase A or B.")]
            continue
        if line.phase == Phase.A and notice.starts_in_phase == Phase.B:
            errors[field] = [_("A project that starts in phase B has no phase A lines.")]
            continue
        if line.category not in CostCategory.values:
            errors[field] = [_("Unknown cost category “%(c)s”.") % {"c": line.category}]
            continue
        try:
            year = int(line.year)
        except (TypeError, ValueError):
            errors[field] = [_("Enter a year like 2027.")]
            continue
        if not notice.period_start.year <= year <= notice.period_end.year:
            errors[field] = [
                _("The year %(year)s lies outside the project period.") % {"year": year}
            ]
            continue
        key = (line.phase, year, line.category)
        if key in seen:
            errors[field] = [_("This phase, year and category appear twice.")]
            continue
        seen.add(key)
        if _negative(line.eligible_costs) or (line.grant is not None and _negative(line.grant)):
            errors[field] = [_("No amount of the plan may be negative.")]
            continue
        try:
            costs = money(line.eligible_costs, field, allow_zero=True)
            grant = (
                grant_for(costs, rate)
                if line.grant in (None, "")
                else money(line.grant, field, allow_zero=True)
            )
        except GrantError as error:
            errors[field] = list(error.messages)
            continue
        if grant > grant_for(costs, rate):
            errors[field] = [
                _("The grant may not exceed %(rate)s %% of the eligible costs.") % {"rate": rate}
            ]
            continue
        result.append(PlanLine(phase=key[0], year=year, category=key[2],
                               eligible_costs=costs, grant=grant))  # fmt: skip
    if errors:
        raise GrantError(errors)
    version = current_plan(notice)
    in_force = list(version.lines.all())
    total_now = sum((x.grant for x in in_force), ZERO)
    total_new = sum((x.grant for x in result), ZERO)
    if total_new > total_now:
        refuse(
            _("The proposed plan's grant (%(new)s EUR) exceeds the approved grant (%(now)s EUR); "
              "a change request can only shift money.")
            % {"new": format_decimal(total_new), "now": format_decimal(total_now)},
            "lines",
        )  # fmt: skip
    per_year: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    for plan_line in result:
        per_year[(plan_line.phase, plan_line.year)] += plan_line.grant
    years = {(x.phase, x.year) for x in in_force} | set(per_year)
    for phase, year in sorted(years):
        requested = requested_grant(notice, phase=phase, year=year)
        if requested > per_year[(phase, year)]:
            refuse(
                _("Phase %(phase)s in %(year)s would have less grant (%(new)s EUR) than was "
                  "already requested (%(requested)s EUR).")
                % {"phase": phase, "year": year, "new": format_decimal(per_year[(phase, year)]),
                   "requested": format_decimal(requested)},
                "lines",
            )  # fmt: skip
    cells = lambda rows: {  # noqa: E731
        (x.phase, x.year, x.category): (x.eligible_costs, x.grant) for x in rows if x.eligible_costs
    }
    if cells(result) == cells(in_force):
        refuse(_("The proposed plan is the plan in force; change at least one amount."), "lines")
    return result


def _line_json(line: PlanLine) -> dict:
    return {"phase": line.phase, "year": line.year, "category": line.category,
            "eligible_costs": str(line.eligible_costs), "grant": str(line.grant)}  # fmt: skip


def _lines_from_json(rows: list[dict]) -> list[LineInput]:
    return [
        LineInput(phase=r["phase"], year=r["year"], category=r["category"],
                  eligible_costs=r["eligible_costs"], grant=r.get("grant"))
        for r in rows
    ]  # fmt: skip


def max_period_end(notice: GrantNotice) -> dt.date | None:
    call = call_of(notice)
    if call is None or not call.max_duration_months:
        return None
    return add_months(notice.period_start, call.max_duration_months)


def _check_period_end(notice: GrantNotice, value) -> dt.date:
    end = _parse_day(value, "period_end")
    if end <= notice.period_end:
        refuse(
            _("The new end must be after the current end (%(end)s).")
            % {"end": notice.period_end.strftime("%d.%m.%Y")},
            "period_end",
        )
    limit = max_period_end(notice)
    if limit is not None and end > limit:
        refuse(
            _("The call allows the project to run until %(end)s at most.")
            % {"end": limit.strftime("%d.%m.%Y")},
            "period_end",
        )
    return end


def _check_milestones(notice: GrantNotice, rows: list[dict]) -> list[dict]:
    from ..models import Milestone

    if not rows:
        refuse(_("Name at least one milestone to change."), "milestone_changes")
    if len(rows) > MAX_LINES:
        refuse(_("At most %(n)s lines.") % {"n": MAX_LINES}, "milestone_changes")
    ids: list[int | None] = []
    for row in rows:
        try:
            ids.append(int(row.get("id") or ""))
        except (TypeError, ValueError, AttributeError):
            ids.append(None)
    milestones = Milestone.objects.filter(
        pk__in=[i for i in ids if i], measure__project_id=notice.project_id
    ).in_bulk()
    errors: dict[str, list[str]] = {}
    cleaned: list[dict] = []
    seen: set[int] = set()
    for index, (row, pk) in enumerate(zip(rows, ids, strict=True)):
        field = f"milestone_changes.{index}"
        milestone = milestones.get(pk) if pk is not None else None
        if milestone is None or pk is None:
            errors[field] = [_("No such milestone in this project.")]
            continue
        if pk in seen:
            errors[field] = [_("This milestone appears twice.")]
            continue
        seen.add(pk)
        change: dict = {"id": pk}
        try:
            if row.get("due_on"):
                due = _parse_day(row["due_on"], field)
                if not notice.period_start <= due <= notice.period_end:
                    errors[field] = [
                        _("The due date must lie within the project period (%(start)s – %(end)s).")
                        % {"start": notice.period_start.strftime("%d.%m.%Y"),
                           "end": notice.period_end.strftime("%d.%m.%Y")}
                    ]  # fmt: skip
                    continue
                if due != milestone.due_on:
                    change["due_on"] = due.isoformat()
        except GrantError as error:
            errors[field] = list(error.messages)
            continue
        status = row.get("status") or ""
        if status:
            if status not in MILESTONE_STATES:
                errors[field] = [_("Choose planned, late or dropped (a reached milestone is "
                                   "recorded on the milestone itself).")]  # fmt: skip
                continue
            if status != milestone.status:
                change["status"] = status
        if len(change) == 1:
            errors[field] = [_("Change the due date or the status.")]
            continue
        change["title"] = milestone.title
        cleaned.append(change)
    if errors:
        raise GrantError(errors)
    return cleaned


@transaction.atomic
def change_request_create(
    *,
    actor,
    notice: GrantNotice,
    kind: str,
    reason: str,
    lines: list[LineInput] | None = None,
    period_end: dt.date | str | None = None,
    milestone_changes: list[dict] | None = None,
) -> ChangeRequest:
    """File a change request (grantee editors). One open request per kind at a time."""
    notice = GrantNotice.objects.select_for_update().get(pk=notice.pk)
    can_act_for_grantee(actor, notice).enforce()
    if kind not in ChangeKind.values:
        refuse(_("Choose what should change."), "kind")
    reason = (reason or "").strip()
    if not reason:
        refuse(_("Please give the reason for the change."), "reason")
    if len(reason) > 5000:
        refuse(_("At most 5000 characters."), "reason")
    if notice.change_requests.filter(kind=kind, status=ChangeStatus.SUBMITTED).exists():
        refuse(_("A change request of this kind is already waiting for the decision."), "kind")
    change = ChangeRequest(notice=notice, kind=kind, reason=reason, requested_by=actor)
    if kind == ChangeKind.BUDGET:
        change.proposed_lines = [_line_json(x) for x in proposed_plan(notice, list(lines or []))]
    elif kind == ChangeKind.PERIOD:
        change.proposed_period_end = _check_period_end(notice, period_end)
    else:
        change.milestone_changes = _check_milestones(notice, list(milestone_changes or []))
    change.save()
    return change


@transaction.atomic
def change_request_withdraw(*, actor, change: ChangeRequest) -> ChangeRequest:
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    can_act_for_grantee(actor, change.notice).enforce()
    if change.status != ChangeStatus.SUBMITTED:
        refuse(_("Only a change request waiting for the decision can be withdrawn."))
    change.status = ChangeStatus.WITHDRAWN
    change.save(update_fields=["status", "updated_at"])
    return change


def _new_version(notice, change, actor, lines, note: str) -> PlanVersion:
    number = (current_plan(notice).number if current_plan(notice) else 0) + 1
    version = PlanVersion.objects.create(
        notice=notice, number=number, created_by=actor, change_request=change,
        period_end=notice.period_end, note=note[:500],
    )  # fmt: skip
    PlanLine.objects.bulk_create(
        PlanLine(version=version, phase=x.phase, year=x.year, category=x.category,
                 eligible_costs=x.eligible_costs, grant=x.grant)
        for x in lines
    )  # fmt: skip
    return version


def _move_schedule(notice: GrantNotice, actor) -> None:
    """After a new end: the final statement's due date follows; interim statements for the
    years that now end before the period are added."""
    schedule = reporting_schedule(
        period_start=notice.period_start, period_end=notice.period_end,
        settings_row=grant_settings(call_of(notice)),
    )  # fmt: skip
    for kind, year, due in schedule:
        if kind == ReportKind.FINAL:
            report = notice.reports.filter(kind=kind).first()
            if report and report.status in (ReportStatus.DUE, ReportStatus.DRAFT):
                Report.objects.filter(pk=report.pk).update(due_on=due)
            continue
        if not notice.reports.filter(kind=kind, period_year=year).exists():
            report = Report.objects.create(notice=notice, kind=kind, period_year=year, due_on=due)
            ReportEvent.objects.create(report=report, status=ReportStatus.DUE, actor=actor,
                                       note=_("Scheduled by an approved change request"))  # fmt: skip


@transaction.atomic
def change_request_decide(
    *, actor, change: ChangeRequest, approve: bool, reason: str = ""
) -> ChangeRequest:
    """The office approves (the change is applied) or refuses (reason required)."""
    from stadtnetz.projects.models import ProjectPhase

    from ..models import Milestone
    from .reports_notify import change_request_decided

    can_run_grants(actor).enforce()
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    notice = GrantNotice.objects.select_for_update().get(pk=change.notice_id)
    if change.status != ChangeStatus.SUBMITTED:
        refuse(_("This change request was already decided or withdrawn."))
    reason = (reason or "").strip()
    if len(reason) > 5000:
        refuse(_("At most 5000 characters."), "reason")
    if not approve and not reason:
        refuse(_("Please give the reason for the refusal."), "reason")
    if approve:
        if change.kind == ChangeKind.BUDGET:
            lines = proposed_plan(notice, _lines_from_json(change.proposed_lines))
            _new_version(notice, change, actor, lines, _("Change request approved"))
        elif change.kind == ChangeKind.PERIOD:
            end = _check_period_end(notice, change.proposed_period_end)
            notice.period_end = end
            notice.version += 1
            notice.save(update_fields=["period_end", "version", "updated_at"])
            _new_version(notice, change, actor, list(current_plan(notice).lines.all()),
                         _("Project period extended"))  # fmt: skip
            ProjectPhase.objects.filter(project_id=notice.project_id, phase=Phase.B).update(
                ends_on=end
            )
            _move_schedule(notice, actor)
        else:
            rows = _check_milestones(notice, [
                {"id": r["id"], "due_on": r.get("due_on", ""), "status": r.get("status", "")}
                for r in change.milestone_changes
            ])  # fmt: skip
            milestones = Milestone.objects.select_for_update().in_bulk([r["id"] for r in rows])
            for row in rows:
                milestone = milestones[row["id"]]
                if "due_on" in row:
                    milestone.due_on = dt.date.fromisoformat(row["due_on"])
                if "status" in row:
                    milestone.status = row["status"]
                milestone.version += 1
                milestone.save(update_fields=["due_on", "status", "version", "updated_at"])
    change.status = ChangeStatus.APPROVED if approve else ChangeStatus.REFUSED
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.decision_reason = reason
    change.save(update_fields=["status", "decided_by", "decided_at", "decision_reason",
                               "updated_at"])  # fmt: skip
    change_request_decided(change=change, approved=approve, reason=reason)
    return change
