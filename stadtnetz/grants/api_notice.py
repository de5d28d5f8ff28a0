# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""API of the grant app: the grant of a model project and its work plan (mounted in api.py).

Token auth; the grant is seen by the programme office and the funded organisation's members
(everyone else: 404), milestones are written by the organisation's editors and admins (403 for
those who only see). Amounts are decimal strings, dates ISO 8601; errors have the one shape of
core/api_errors.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from stadtnetz.core.api_auth import token_auth
from stadtnetz.core.api_errors import ErrorOut, error, invalid

from . import selectors
from .models import GrantNotice, Milestone
from .permissions import can_act_for_grantee, can_view_grant
from .services import milestones as milestone_services
from .services.common import GrantError

router = Router(tags=["grants"])

MilestoneStatusIn = Literal["planned", "reached", "late", "dropped"]


class PlanLineOut(Schema):
    phase: str
    year: int
    category: str
    requested_costs: Decimal = Field(description="costs requested in the application")
    requested_grant: Decimal = Field(description="requested costs × rate, rounded down")
    eligible_costs: Decimal = Field(description="approved eligible costs")
    grant: Decimal = Field(description="approved grant")


class PlanVersionOut(Schema):
    number: int
    created_at: dt.datetime
    period_end: dt.date
    note: str


class ConditionOut(Schema):
    position: int
    text: str


class StatementDueOut(Schema):
    kind: str = Field(description="interim or final")
    year: int | None
    due_on: dt.date
    status: str


class PhaseOut(Schema):
    phase: str
    status: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    budget: Decimal | None
    grant: Decimal | None


class StrategyOut(Schema):
    id: int
    name: str
    state: str = Field(description="submitted, approved or changes")
    uploaded_at: dt.datetime
    approved_on: dt.date | None
    decision_note: str


class GrantOut(Schema):
    project_id: int
    reference: str
    funding_rate: Decimal = Field(description="percent, e.g. 65.00")
    hardship: bool
    starts_in_phase: str
    period_start: dt.date
    period_end: dt.date
    issued_at: dt.datetime
    pdf_sha256: str = Field(description="SHA-256 of the notice PDF; empty until rendered")
    conditions: list[ConditionOut]
    statements: list[StatementDueOut]
    phases: list[PhaseOut]
    strategy_approved: bool
    strategies: list[StrategyOut]
    plan_version: int = Field(description="number of the plan version in force")
    plan: list[PlanLineOut] = Field(description="the plan in force against the request")
    plan_versions: list[PlanVersionOut] = Field(description="every version, oldest first")


class MilestoneOut(Schema):
    id: int
    measure_id: int
    measure_title: str
    title: str
    due_on: dt.date
    status: str
    reached_on: dt.date | None
    evidence: str
    evidence_url: str
    version: int = Field(description="send it back with a change; 409 when stale")
    overdue: bool = Field(description="planned or late and due before today")


class MilestoneIn(Schema):
    measure_id: int = Field(..., ge=1, le=2**31 - 1, description="a measure of this project")
    title: str = Field(..., min_length=1, max_length=200)
    due_on: dt.date = Field(..., description="within the project period")
    status: MilestoneStatusIn = "planned"
    reached_on: dt.date | None = Field(None, description="required when status is reached")
    evidence: str = Field("", max_length=5000)
    evidence_url: str = Field("", max_length=500, description="http(s) address or empty")


class MilestonePatchIn(Schema):
    version: int = Field(..., ge=0, description="the version you read; 409 when stale")
    measure_id: int | None = Field(None, ge=1, le=2**31 - 1)
    title: str | None = Field(None, min_length=1, max_length=200)
    due_on: dt.date | None = None
    status: MilestoneStatusIn | None = None
    reached_on: dt.date | None = None
    evidence: str | None = Field(None, max_length=5000)
    evidence_url: str | None = Field(None, max_length=500)


class StaleMilestoneOut(ErrorOut):
    current: MilestoneOut = Field(description="the milestone as saved in the meantime")


def _notice(request, project_id: int) -> GrantNotice:
    notice = (
        GrantNotice.objects.select_related("project__organisation", "application")
        .filter(project_id=project_id)
        .first()
    )
    if notice is None or not can_view_grant(request.auth, notice):
        raise Http404("No such grant.")
    return notice


def _writer(request, notice: GrantNotice) -> None:
    decision = can_act_for_grantee(request.auth, notice)
    if not decision:
        raise HttpError(403, str(decision.reason))


def _milestone_out(milestone: Milestone, today: dt.date) -> dict:
    return {
        "id": milestone.pk, "measure_id": milestone.measure_id,
        "measure_title": milestone.measure.title, "title": milestone.title,
        "due_on": milestone.due_on, "status": milestone.status,
        "reached_on": milestone.reached_on, "evidence": milestone.evidence,
        "evidence_url": milestone.evidence_url, "version": milestone.version,
        "overdue": milestone.status in ("planned", "late") and milestone.due_on < today,
    }  # fmt: skip


def _measure(notice: GrantNotice, measure_id: int | None):
    if measure_id is None:
        return None
    measure = notice.project.measures.filter(pk=measure_id).first()
    if measure is None:
        raise GrantError({"measure_id": [_("Choose a measure of this project.")]})
    return measure


@router.get(
    "/model-projects/{project_id}/grant",
    response={200: GrantOut, 404: ErrorOut},
    auth=token_auth,
    summary="The grant notice of a model project: rate, period, phases, conditions, statements "
    "due, strategy and the approved plan in force against the request",
)
def grant_detail(request, project_id: int):
    notice = _notice(request, project_id)
    versions = list(notice.plan_versions.all())
    comparison = selectors.plan_comparison(notice, versions[-1] if versions else None)
    return {
        "project_id": notice.project_id, "reference": notice.reference,
        "funding_rate": notice.funding_rate, "hardship": notice.hardship,
        "starts_in_phase": notice.starts_in_phase, "period_start": notice.period_start,
        "period_end": notice.period_end, "issued_at": notice.issued_at,
        "pdf_sha256": notice.pdf_sha256,
        "conditions": [{"position": c.position, "text": c.text} for c in notice.conditions.all()],
        "statements": [{"kind": r.kind, "year": r.period_year, "due_on": r.due_on, "status": r.status}
                       for r in notice.reports.order_by("due_on", "pk")],
        "phases": [{"phase": p.phase, "status": p.status, "starts_on": p.starts_on, "ends_on": p.ends_on,
                    "budget": p.budget, "grant": p.grant} for p in notice.project.phases.order_by("phase")],
        "strategy_approved": selectors.strategy_approved(notice),
        "strategies": [{"id": s.pk, "name": s.name, "state": s.state, "uploaded_at": s.uploaded_at,
                        "approved_on": s.approved_on, "decision_note": s.decision_note}
                       for s in notice.strategies.all()],
        "plan_version": versions[-1].number if versions else 0,
        "plan": [{"phase": r["phase"], "year": r["year"], "category": r["category"],
                  "requested_costs": r["requested_costs"], "requested_grant": r["requested_grant"],
                  "eligible_costs": r["costs"], "grant": r["grant"]} for r in comparison["rows"]],
        "plan_versions": [{"number": v.number, "created_at": v.created_at, "period_end": v.period_end,
                           "note": v.note} for v in versions],
    }  # fmt: skip


@router.get(
    "/model-projects/{project_id}/milestones",
    response={200: list[MilestoneOut], 404: ErrorOut},
    auth=token_auth,
    summary="The work plan: every milestone of the project's measures, by due date",
)
def milestone_list(request, project_id: int):
    notice = _notice(request, project_id)
    today = dt.date.today()
    return [_milestone_out(m, today) for m in selectors.project_milestones(notice.project)]


@router.post(
    "/model-projects/{project_id}/milestones",
    response={201: MilestoneOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=token_auth,
    summary="Add a milestone to a measure (editors and admins of the funded organisation)",
)
def milestone_create(request, project_id: int, payload: MilestoneIn):
    notice = _notice(request, project_id)
    _writer(request, notice)
    try:
        milestone = milestone_services.milestone_create(
            actor=request.auth, notice=notice, measure=_measure(notice, payload.measure_id),
            title=payload.title, due_on=payload.due_on, status=payload.status,
            reached_on=payload.reached_on, evidence=payload.evidence,
            evidence_url=payload.evidence_url,
        )  # fmt: skip
    except GrantError as problem:
        return invalid(problem)
    milestone = Milestone.objects.select_related("measure").get(pk=milestone.pk)
    return Status(201, _milestone_out(milestone, dt.date.today()))


@router.patch(
    "/model-projects/{project_id}/milestones/{milestone_id}",
    response={200: MilestoneOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut,
              409: StaleMilestoneOut},
    auth=token_auth,
    summary="Change a milestone; fields not sent keep their value (409 when the version is stale)",
)  # fmt: skip
def milestone_patch(request, project_id: int, milestone_id: int, payload: MilestonePatchIn):
    notice = _notice(request, project_id)
    milestone = (
        Milestone.objects.select_related("measure")
        .filter(pk=milestone_id, measure__project_id=notice.project_id)
        .first()
    )
    if milestone is None:
        raise Http404("No such milestone.")
    _writer(request, notice)
    fields = payload.dict(exclude_unset=True)
    version = fields.pop("version")
    measure_id = fields.pop("measure_id", None)
    fields = {k: v for k, v in fields.items() if v is not None or k == "reached_on"}
    try:
        updated = milestone_services.milestone_update(
            actor=request.auth, notice=notice, milestone=milestone, version=version,
            measure=_measure(notice, measure_id), **fields,
        )  # fmt: skip
    except milestone_services.StaleMilestone as stale:
        current = Milestone.objects.select_related("measure").get(pk=milestone.pk)
        return error(409, " ".join(stale.messages), code="stale_version",
                     current=_milestone_out(current, dt.date.today()))  # fmt: skip
    except GrantError as problem:
        return invalid(problem)
    updated = Milestone.objects.select_related("measure").get(pk=updated.pk)
    return _milestone_out(updated, dt.date.today())
