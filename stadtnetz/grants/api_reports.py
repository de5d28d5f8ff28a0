# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""API of the grant app: statements and change requests (mounted in api.py).

The same permissions and services as the pages: members of the funded organisation read, its
editors and administrators write, the programme office reviews and decides; for everyone else
the project's grant does not exist (404). Statements are scheduled by the grant notice, so they
are not created here: ``POST /reports/{id}/draft`` saves the draft (the first save opens it),
``/submit`` submits, ``/review`` is the office's decision. Amounts are decimal strings.
Refusals are 400 in the one error shape with the field named (``expenditures.0``,
``answers.sachstand``, ``lines.2``, ``obligations`` …); a stale ``version`` is 409.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import WithJsonSchema

from stadtnetz.core.api_auth import token_auth
from stadtnetz.core.api_errors import ErrorOut, error, invalid
from stadtnetz.core.versioning import StaleVersion

from . import selectors_reports as sel
from .models import ChangeRequest, GrantNotice, Report
from .permissions import can_act_for_grantee, can_run_grants, can_view_grant
from .services import changes as change_services
from .services import reports as report_services
from .services.notice import LineInput
from .services.reports import ContractInput, ExpenditureInput

router = Router(tags=["grants"])


class SectionOut(Schema):
    key: str
    title: str
    required: bool
    char_limit: int
    answer: str


# Amounts are decimal strings ("12500.00"). The schema says so with a pattern, so that a client
# (and schemathesis) knows that "" or "zwölf" is not an amount; negative amounts pass the schema
# and are refused by the service at their field (400).
Money = Annotated[
    Decimal,
    WithJsonSchema({"type": "string", "pattern": r"^-?[0-9]{1,12}(\.[0-9]{1,2})?$",
                    "examples": ["12500.00"]}),
]  # fmt: skip


class ExpenditureIO(Schema):
    phase: Literal["A", "B"]
    year: int = Field(..., ge=1900, le=2200)
    category: str = Field(..., max_length=12, description="submissions cost category")
    amount: Money = Field(..., description="spent, EUR (decimal string; not negative)")


class ContractIO(Schema):
    contractor: str = Field(..., max_length=300)
    subject: str = Field(..., max_length=500)
    amount: Money
    awarded_on: dt.date = Field(..., description="within the project period")
    procedure: str = Field("", max_length=200)


class EventOut(Schema):
    status: str
    at: dt.datetime
    note: str


class ReportOut(Schema):
    id: int
    kind: str = Field(description="interim or final")
    period_year: int | None = Field(description="year reported (interim statements)")
    due_on: dt.date
    status: str = Field(description="due, draft, submitted, changes, accepted")
    overdue: bool
    version: int = Field(description="send it with draft and submit; 409 when stale")
    submitted_at: dt.datetime | None
    sections: list[SectionOut]
    expenditures: list[ExpenditureIO]
    contracts: list[ContractIO]
    events: list[EventOut]


class ReportDraftIn(Schema):
    version: int = Field(..., ge=0, description="the version you read; 409 when stale")
    answers: dict[str, str] | None = Field(None, description="section key → text (others kept)")
    expenditures: list[ExpenditureIO] | None = Field(
        None, max_length=500, description="the whole numerical statement (replaces it)"
    )
    contracts: list[ContractIO] | None = Field(
        None, max_length=500, description="the whole list of contracts (final statement only)"
    )


class ReportSubmitIn(Schema):
    version: int | None = Field(None, ge=0, description="the version you read")


class ReportReviewIn(Schema):
    decision: Literal["accept", "changes"]
    reason: str = Field("", max_length=5000, description="required when requesting changes")


class PlanLineIO(Schema):
    phase: Literal["A", "B"]
    year: int = Field(..., ge=1900, le=2200)
    category: str = Field(..., max_length=12)
    eligible_costs: Money
    grant: Money | None = Field(None, description="empty: eligible costs × funding rate")


class MilestoneChangeIO(Schema):
    id: int
    due_on: dt.date | None = None
    status: Literal["planned", "late", "dropped"] | None = None
    title: str | None = Field(None, description="read only")


class ChangeRequestIn(Schema):
    kind: Literal["budget", "period", "milestones"]
    reason: str = Field(..., max_length=5000)
    lines: list[PlanLineIO] | None = Field(
        None, max_length=200, description="budget: the whole proposed plan"
    )
    period_end: dt.date | None = Field(None, description="period: the new end")
    milestone_changes: list[MilestoneChangeIO] | None = Field(None, max_length=200)


class ChangeRequestOut(Schema):
    id: int
    kind: str
    status: str = Field(description="submitted, approved, refused, withdrawn")
    reason: str
    created_at: dt.datetime
    proposed_lines: list[PlanLineIO]
    proposed_period_end: dt.date | None
    milestone_changes: list[MilestoneChangeIO]
    decided_at: dt.datetime | None
    decision_reason: str
    plan_version: int | None = Field(description="the plan version its approval made")


class DecideIn(Schema):
    decision: Literal["approve", "refuse"]
    reason: str = Field("", max_length=5000, description="required when refusing")


def _notice(request, project_id: int) -> GrantNotice:
    notice = sel.notice_for_project(project_id=project_id)
    if notice is None or not can_view_grant(request.auth, notice):
        raise Http404("No such model project with a grant.")
    return notice


def _report(request, report_id: int) -> Report:
    report = Report.objects.select_related("notice__project__organisation").filter(pk=report_id)
    report = report.first()
    if report is None or not can_view_grant(request.auth, report.notice):
        raise Http404("No such statement.")
    report.overdue = sel.is_overdue(report)
    return report


def _change(request, change_id: int) -> ChangeRequest:
    change = ChangeRequest.objects.select_related("notice__project__organisation")
    change = change.filter(pk=change_id).first()
    if change is None or not can_view_grant(request.auth, change.notice):
        raise Http404("No such change request.")
    return change


def _require(decision) -> None:
    if not decision:
        raise HttpError(403, str(decision.reason))


def _report_out(report: Report) -> dict:
    answers = report.answers or {}
    return {
        "id": report.pk, "kind": report.kind, "period_year": report.period_year,
        "due_on": report.due_on, "status": report.status,
        "overdue": getattr(report, "overdue", sel.is_overdue(report)),
        "version": report.version, "submitted_at": report.submitted_at,
        "sections": [
            {"key": s.key, "title": s.title, "required": s.required, "char_limit": s.char_limit,
             "answer": answers.get(s.key, "")}
            for s in report_services.sections_for(report)
        ],
        "expenditures": [
            {"phase": e.phase, "year": e.year, "category": e.category, "amount": e.amount}
            for e in report.expenditures.all()
        ],
        "contracts": [
            {"contractor": c.contractor, "subject": c.subject, "amount": c.amount,
             "awarded_on": c.awarded_on, "procedure": c.procedure}
            for c in report.contracts.all()
        ],
        "events": [{"status": e.status, "at": e.at, "note": e.note} for e in report.events.all()],
    }  # fmt: skip


def _change_out(change: ChangeRequest) -> dict:
    version = getattr(change, "plan_version", None) if change.status == "approved" else None
    return {
        "id": change.pk, "kind": change.kind, "status": change.status, "reason": change.reason,
        "created_at": change.created_at, "proposed_lines": change.proposed_lines,
        "proposed_period_end": change.proposed_period_end,
        "milestone_changes": change.milestone_changes, "decided_at": change.decided_at,
        "decision_reason": change.decision_reason,
        "plan_version": version.number if version else None,
    }  # fmt: skip


def _refused(problem: ValidationError) -> Status:
    return invalid(problem)


@router.get(
    "/model-projects/{project_id}/reports",
    response={200: list[ReportOut], 404: ErrorOut},
    auth=token_auth,
    summary="The project's statements with due dates and status",
)
def project_reports(request, project_id: int):
    notice = _notice(request, project_id)
    return [_report_out(report) for report in sel.report_list(notice)]


@router.get(
    "/reports/{report_id}",
    response={200: ReportOut, 404: ErrorOut},
    auth=token_auth,
    summary="One statement: sections with answers, numerical statement, contracts, history",
)
def report_get(request, report_id: int):
    return _report_out(_report(request, report_id))


@router.post(
    "/reports/{report_id}/draft",
    response={200: ReportOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    auth=token_auth,
    summary="Save the draft (the grantee's editors); the first save opens a due statement",
)
def report_draft(request, report_id: int, payload: ReportDraftIn):
    report = _report(request, report_id)
    _require(can_act_for_grantee(request.auth, report.notice))
    expenditures = (
        None
        if payload.expenditures is None
        else [ExpenditureInput(e.phase, e.year, e.category, e.amount) for e in payload.expenditures]
    )
    contracts = (
        None
        if payload.contracts is None
        else [
            ContractInput(c.contractor, c.subject, c.amount, c.awarded_on, c.procedure)
            for c in payload.contracts
        ]
    )
    try:
        report = report_services.report_save(
            actor=request.auth, report=report, answers=payload.answers,
            expenditures=expenditures, contracts=contracts, base_version=payload.version,
        )  # fmt: skip
    except StaleVersion as stale:
        return error(409, str(stale), code="stale_version", current_version=stale.current_version)
    except ValidationError as problem:
        return _refused(problem)
    except PermissionDenied as denied:
        raise HttpError(403, str(denied)) from denied
    return _report_out(_report(request, report.pk))


@router.post(
    "/reports/{report_id}/submit",
    response={200: ReportOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=token_auth,
    summary="Submit the statement (refused when already submitted, incomplete, or — final "
    "statement — while the open-source or knowledge-transfer obligation is open)",
)
def report_submit(request, report_id: int, payload: ReportSubmitIn):
    report = _report(request, report_id)
    _require(can_act_for_grantee(request.auth, report.notice))
    try:
        report_services.report_submit(
            actor=request.auth, report=report, base_version=payload.version
        )
    except ValidationError as problem:
        return _refused(problem)
    return _report_out(_report(request, report.pk))


@router.post(
    "/reports/{report_id}/review",
    response={200: ReportOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=token_auth,
    summary="The programme office accepts the statement or requests changes (with a reason)",
)
def report_review(request, report_id: int, payload: ReportReviewIn):
    report = _report(request, report_id)
    _require(can_run_grants(request.auth))
    try:
        report_services.report_review(
            actor=request.auth, report=report, accept=payload.decision == "accept",
            reason=payload.reason,
        )  # fmt: skip
    except ValidationError as problem:
        return _refused(problem)
    return _report_out(_report(request, report.pk))


@router.get(
    "/model-projects/{project_id}/change-requests",
    response={200: list[ChangeRequestOut], 404: ErrorOut},
    auth=token_auth,
    summary="The project's change requests, newest first",
)
def project_change_requests(request, project_id: int):
    notice = _notice(request, project_id)
    changes = notice.change_requests.select_related("plan_version").order_by("-created_at", "-pk")
    return [_change_out(change) for change in changes]


@router.post(
    "/model-projects/{project_id}/change-requests",
    response={201: ChangeRequestOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=token_auth,
    summary="File a change request (the grantee's editors): budget, period or milestones",
)
def change_request_file(request, project_id: int, payload: ChangeRequestIn):
    notice = _notice(request, project_id)
    _require(can_act_for_grantee(request.auth, notice))
    try:
        change = change_services.change_request_create(
            actor=request.auth, notice=notice, kind=payload.kind, reason=payload.reason,
            lines=[LineInput(x.phase, x.year, x.category, x.eligible_costs, x.grant)
                   for x in payload.lines or []],
            period_end=payload.period_end,
            milestone_changes=[
                {k: v for k, v in m.dict().items() if v is not None and k != "title"}
                for m in payload.milestone_changes or []
            ],
        )  # fmt: skip
    except ValidationError as problem:
        return _refused(problem)
    return Status(201, _change_out(change))


@router.get(
    "/change-requests/{change_id}",
    response={200: ChangeRequestOut, 404: ErrorOut},
    auth=token_auth,
    summary="One change request",
)
def change_request_get(request, change_id: int):
    return _change_out(_change(request, change_id))


@router.post(
    "/change-requests/{change_id}/decide",
    response={200: ChangeRequestOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=token_auth,
    summary="The programme office approves (the change is applied) or refuses (with a reason)",
)
def change_request_decide(request, change_id: int, payload: DecideIn):
    change = _change(request, change_id)
    _require(can_run_grants(request.auth))
    try:
        change = change_services.change_request_decide(
            actor=request.auth, change=change, approve=payload.decision == "approve",
            reason=payload.reason,
        )  # fmt: skip
    except ValidationError as problem:
        return _refused(problem)
    return _change_out(_change(request, change.pk))


@router.post(
    "/change-requests/{change_id}/withdraw",
    response={200: ChangeRequestOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=token_auth,
    summary="Withdraw a change request that waits for the decision (the grantee's editors)",
)
def change_request_withdraw(request, change_id: int):
    change = _change(request, change_id)
    _require(can_act_for_grantee(request.auth, change.notice))
    try:
        change_services.change_request_withdraw(actor=request.auth, change=change)
    except ValidationError as problem:
        return _refused(problem)
    return _change_out(_change(request, change.pk))
