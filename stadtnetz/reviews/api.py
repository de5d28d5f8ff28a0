# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""API of review and selection under /api/v1/: the same permissions and services as the pages.

Someone who may not learn that a thing exists gets 404; bad input is 400 in the API's one error
shape (``detail``, ``code``, ``field``, ``errors``: field → message), malformed bodies 422.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from stadtnetz.core.api_auth import token_auth
from stadtnetz.core.api_errors import ErrorOut, error, invalid
from stadtnetz.core.permissions import is_programme_office
from stadtnetz.programmes.models import Call
from stadtnetz.users.models import User

from . import permissions, selectors, services
from .models import ReviewCase

router = Router(tags=["reviews"])


class ReviewStateOut(Schema):
    case_id: int
    application_id: int
    organisation: str
    title: str
    state: str | None = Field(None, description="null for reviewers (they see names only)")
    reviewers: list[int] | None = Field(None, description="programme office only")
    declared: bool | None = Field(None, description="reviewers: whether they declared for it")
    conflicted: bool | None = None
    assigned: bool | None = None


class DeclarationIn(Schema):
    conflicted: bool
    note: str = Field("", max_length=500)


class DeclarationOut(Schema):
    application_id: int
    conflicted: bool
    unassigned: bool = Field(description="true when the declaration removed an assignment")


class AssignmentIn(Schema):
    application_id: int
    reviewer_id: int


class AssignmentOut(Schema):
    id: int
    application_id: int
    reviewer_id: int
    source: str


class ProposalOut(Schema):
    status: str
    solver: str
    reason: str
    pairs: list[AssignmentIn]
    uncovered: dict[str, str]


class ScoreOut(Schema):
    key: str
    title: str
    group: str
    weight: Decimal
    allows_not_applicable: bool
    value: int | None
    not_applicable: bool
    comment: str


class ReviewOut(Schema):
    id: int
    application_id: int
    status: str
    recommendation: str
    summary: str
    weighted_score: Decimal | None
    scores: list[ScoreOut]


class ReviewIn(Schema):
    scores: dict[str, int | str | None] = Field(
        default_factory=dict, description='criterion key → 0…5 or "na" (where allowed)'
    )
    comments: dict[str, str] = Field(default_factory=dict)
    recommendation: str = Field("", max_length=20, description="fund, conditions, no")
    summary: str = Field("", max_length=20_000)


class RankingItemOut(Schema):
    rank: int
    tied: bool
    application_id: int
    organisation: str
    size_class: str
    state: str
    requested_grant: Decimal
    mean_score: Decimal | None
    scores: list[Decimal]
    spread: Decimal | None
    recommendations: dict[str, int]
    review_state: str
    reconciliation: str


class PinIn(Schema):
    pin: str
    reason: str = Field("", max_length=500)


class ConstraintsIn(Schema):
    budget: str = Field(..., max_length=30, description="decimal euros as a string")
    min_per_size_class: dict[str, int] = Field(default_factory=dict)
    max_per_size_class: dict[str, int] = Field(default_factory=dict)
    max_per_state: int | None = None
    min_states: int | None = None
    min_score: str | None = Field(None, max_length=10)
    pins: dict[str, PinIn] = Field(default_factory=dict, description="application id → pin")


class RunOut(Schema):
    id: int
    status: str
    solver: str
    objective: Decimal | None
    selected: list[int]
    reason: str
    greedy_selected: list[int]
    greedy_objective: Decimal | None
    constraints: dict


def _call(request, call_id: int, check=permissions.can_view_call_review) -> Call:
    call = Call.objects.filter(pk=call_id).first()
    if call is None or not check(request.auth, call):
        raise Http404("No such call.")
    return call


def _case(request, call_or_none, application_id: int, check) -> ReviewCase:
    case = (
        ReviewCase.objects.select_related("application__organisation", "call")
        .filter(application_id=application_id)
        .first()
    )
    if case is None or not check(request.auth, case):
        raise Http404("No such application.")
    return case


def _bad(problem: ValidationError):
    return invalid(problem)


@router.get(
    "/calls/{call_id}/applications/review-state",
    response={200: list[ReviewStateOut], 404: ErrorOut},
    auth=token_auth,
    summary="Review state of a call's applications (office: all; reviewers: names only)",
)
def review_state(request, call_id: int):
    call = _call(request, call_id)
    if is_programme_office(request.auth):
        return [
            {"case_id": c.pk, "application_id": c.application_id, "organisation": c.application.organisation.name,
             "title": c.application.title, "state": c.state, "reviewers": [a.reviewer_id for a in c.assignments.all()]}
            for c in selectors.call_cases(call)
        ]  # fmt: skip
    return [
        {"case_id": r["case"].pk, "application_id": r["case"].application_id,
         "organisation": r["case"].application.organisation.name, "title": r["case"].application.title,
         "declared": r["declaration"] is not None,
         "conflicted": r["declaration"].conflicted if r["declaration"] else None, "assigned": r["assigned"]}
        for r in selectors.reviewer_cases(call, request.auth)
    ]  # fmt: skip


@router.put(
    "/applications/{application_id}/conflict-declaration",
    response={200: DeclarationOut, 400: ErrorOut, 404: ErrorOut},
    auth=token_auth,
    summary="Declare (or withdraw) a conflict of interest as a reviewer of the call",
)
def declare_conflict(request, application_id: int, payload: DeclarationIn):
    case = _case(request, None, application_id, permissions.can_declare)
    try:
        result = services.conflict_declare(
            actor=request.auth, case=case, conflicted=payload.conflicted, note=payload.note
        )
    except ValidationError as problem:
        return _bad(problem)
    return {
        "application_id": application_id,
        "conflicted": result.declaration.conflicted,
        "unassigned": result.unassigned,
    }


@router.post(
    "/calls/{call_id}/assignments/proposal",
    response={200: ProposalOut, 404: ErrorOut},
    auth=token_auth,
    summary="Propose a complete, balanced, conflict-free assignment (nothing is stored)",
)
def propose_assignment(request, call_id: int):
    call = _call(request, call_id, permissions.can_manage_review)
    proposal = services.assignment_propose(call=call)
    applications = dict(ReviewCase.objects.filter(call=call).values_list("pk", "application_id"))
    return {
        "status": proposal.status, "solver": proposal.solver, "reason": proposal.reason,
        "pairs": [{"application_id": applications[c], "reviewer_id": r} for c, r in proposal.pairs],
        "uncovered": {str(applications[c]): why for c, why in proposal.uncovered.items()},
    }  # fmt: skip


@router.post(
    "/calls/{call_id}/assignments",
    response={201: AssignmentOut, 400: ErrorOut, 404: ErrorOut},
    auth=token_auth,
    summary="Assign a reviewer to an application (same checks as the page)",
)
def add_assignment(request, call_id: int, payload: AssignmentIn):
    call = _call(request, call_id, permissions.can_manage_review)
    case = (
        ReviewCase.objects.filter(call=call, application_id=payload.application_id)
        .select_related("call", "application")
        .first()
    )
    reviewer = User.objects.filter(pk=payload.reviewer_id).first()
    if case is None:
        return error(400, "No such application in this call.", code="invalid", field="application_id",
                     errors={"application_id": "No such application in this call."})  # fmt: skip
    if reviewer is None:
        return error(400, "No such reviewer.", code="invalid", field="reviewer_id",
                     errors={"reviewer_id": "No such reviewer."})  # fmt: skip
    try:
        assignment = services.assignment_add(actor=request.auth, case=case, reviewer=reviewer)
    except ValidationError as problem:
        return _bad(problem)
    return Status(201, {"id": assignment.pk, "application_id": case.application_id,
                        "reviewer_id": reviewer.pk, "source": assignment.source})  # fmt: skip


def _review(request, review_id: int, check=permissions.can_view_review):
    review = selectors.review_get(review_id)
    if review is None or not check(request.auth, review):
        raise Http404("No such review.")
    return review


def _review_out(review) -> dict:
    scores = {(s.group_id, s.criterion_id): s for s in review.scores.all()}
    items = []
    for item in services.review_items(review.case.call):
        score = scores.get((item["group"].pk, item["criterion"].pk if item["criterion"] else None))
        items.append({"key": item["key"], "title": item["title"], "group": item["group"].title, "weight": item["weight"],
                      "allows_not_applicable": item["allows_na"], "value": score.value if score else None,
                      "not_applicable": score.not_applicable if score else False, "comment": score.comment if score else ""})  # fmt: skip
    return {"id": review.pk, "application_id": review.case.application_id, "status": review.status,
            "recommendation": review.recommendation, "summary": review.summary,
            "weighted_score": review.weighted_score, "scores": items}  # fmt: skip


@router.get(
    "/reviews/{review_id}",
    response={200: ReviewOut, 404: ErrorOut},
    auth=token_auth,
    summary="One review",
)
def get_review(request, review_id: int):
    return _review_out(_review(request, review_id))


@router.put(
    "/reviews/{review_id}",
    response={200: ReviewOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=token_auth,
    summary="Save the draft (only the given scores and comments change)",
)
def put_review(request, review_id: int, payload: ReviewIn):
    review = _review(
        request,
        review_id,
        lambda user, review: (
            review.reviewer_id == user.pk and permissions.can_view_case_content(user, review.case)
        ),
    )
    decision = permissions.can_write_review(request.auth, review)
    if not decision:
        raise HttpError(403, str(decision.reason))
    try:
        services.review_save(actor=request.auth, review=review, scores=payload.scores, comments=payload.comments,
                             recommendation=payload.recommendation, summary=payload.summary)  # fmt: skip
    except ValidationError as problem:
        return _bad(problem)
    return _review_out(selectors.review_get(review.pk))


@router.post(
    "/reviews/{review_id}/submit",
    response={200: ReviewOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=token_auth,
    summary="Submit the review (idempotent); it is frozen afterwards",
)
def submit_review(request, review_id: int):
    review = _review(
        request,
        review_id,
        lambda user, review: (
            review.reviewer_id == user.pk and permissions.can_view_case_content(user, review.case)
        ),
    )
    decision = permissions.can_write_review(request.auth, review)
    if not decision and not review.is_submitted:
        raise HttpError(403, str(decision.reason))
    try:
        services.review_submit(actor=request.auth, review=review)
    except ValidationError as problem:
        return _bad(problem)
    return _review_out(selectors.review_get(review.pk))


@router.get(
    "/calls/{call_id}/ranking",
    response={200: list[RankingItemOut], 404: ErrorOut},
    auth=token_auth,
    summary="Ranking by mean weighted score, ties marked (programme office)",
)
def ranking(request, call_id: int, size_class: str = "", kind: str = "", state: str = ""):
    call = _call(request, call_id, permissions.can_manage_review)
    rows = selectors.ranking(
        call, size_class=size_class, kind=kind, state=state.upper(), parts=False
    )
    return [
        {"rank": r.rank, "tied": r.tied, "application_id": r.case.application_id,
         "organisation": r.case.application.organisation.name, "size_class": r.size_class, "state": r.state_code,
         "requested_grant": r.requested_grant, "mean_score": r.mean,
         "scores": [rv.weighted_score for rv in r.reviews if rv.weighted_score is not None], "spread": r.spread,
         "recommendations": r.recommendations, "review_state": r.case.state, "reconciliation": r.reconciliation}
        for r in rows
    ]  # fmt: skip


@router.post(
    "/calls/{call_id}/selection-runs",
    response={201: RunOut, 400: ErrorOut, 404: ErrorOut},
    auth=token_auth,
    summary="Run the optimiser on the reviewed applications; the run is stored (never a decision)",
)
def create_selection_run(request, call_id: int, payload: ConstraintsIn):
    call = _call(request, call_id, permissions.can_manage_review)
    constraints = payload.dict()
    constraints["pins"] = {key: pin for key, pin in constraints["pins"].items()}
    try:
        run = services.selection_run(actor=request.auth, call=call, constraints=constraints)
    except ValidationError as problem:
        return _bad(problem)
    return Status(201, {"id": run.pk, "status": run.status, "solver": run.solver, "objective": run.objective,
                        "selected": run.selected, "reason": run.reason, "greedy_selected": run.greedy_selected,
                        "greedy_objective": run.greedy_objective, "constraints": run.constraints})  # fmt: skip


from .api_solver import router as solver_router  # noqa: E402  (POST /selection/solve)

router.add_router("", solver_router)
