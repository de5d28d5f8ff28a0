# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Assigning reviewers: manual, and the exact proposal of the solver for confirmation."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from stadtnetz.notifications.models import EventType
from stadtnetz.notifications.services import notify
from stadtnetz.programmes.models import Call

from .. import permissions
from ..models import (
    Assignment,
    AssignmentSource,
    ConflictDeclaration,
    PoolMember,
    Review,
    ReviewCase,
    ReviewState,
    ReviewStatus,
)
from .call_settings import review_settings
from .common import (
    _event,
    _locked_case,
    _refuse,
    _remove,
)
from .pool import automatic_conflicts

# --- assignment ------------------------------------------------------------------------------------


def _load_limit(call: Call, n_cases: int, n_reviewers: int) -> int:
    current = review_settings(call)
    if current.max_load:
        return current.max_load
    if not n_reviewers:
        return 0
    total = n_cases * current.reviewers_per_application
    return -(-total // n_reviewers) + 1  # ceil(mean) + 1


def assignable_problem(
    case: ReviewCase, reviewer, *, load: int | None = None, limit: int | None = None
) -> str:
    """Why this reviewer cannot be assigned this case ("" if they can)."""
    if case.state not in (ReviewState.IN_REVIEW,):
        return _("Only applications in review can be assigned.")
    if not PoolMember.objects.filter(call_id=case.call_id, reviewer=reviewer).exists():
        return _("%(name)s is not in the reviewer pool of this call.") % {
            "name": reviewer.display_name
        }
    declaration = ConflictDeclaration.objects.filter(case=case, reviewer=reviewer).first()
    if declaration is None:
        return _("%(name)s has not yet declared conflicts for this application.") % {
            "name": reviewer.display_name
        }
    if declaration.conflicted:
        return _("%(name)s declared a conflict of interest.") % {"name": reviewer.display_name}
    automatic = automatic_conflicts(reviewer, [case])
    if automatic:
        return _("Conflict of interest: %(reason)s.") % {"reason": automatic[case.pk]}
    if load is not None and limit is not None and load >= limit:
        return _("%(name)s already has %(n)d applications (limit %(limit)d).") % {
            "name": reviewer.display_name,
            "n": load,
            "limit": limit,
        }
    return ""


def _active_load(call: Call, reviewer) -> int:
    return Assignment.objects.filter(
        case__call=call, reviewer=reviewer, removed_at__isnull=True
    ).count()


@transaction.atomic
def assignment_add(
    *, actor, case: ReviewCase, reviewer, source: str = AssignmentSource.MANUAL
) -> Assignment:
    permissions.can_manage_review(actor, case.call).enforce()
    case = _locked_case(case)
    if Assignment.objects.filter(case=case, reviewer=reviewer, removed_at__isnull=True).exists():
        _refuse(_("%(name)s is already assigned.") % {"name": reviewer.display_name}, "reviewer")
    n_cases = (
        ReviewCase.objects.filter(call=case.call)
        .exclude(
            state__in=[ReviewState.SUBMITTED, ReviewState.FORMAL_CHECK, ReviewState.INELIGIBLE]
        )
        .count()
    )
    limit = _load_limit(case.call, n_cases, PoolMember.objects.filter(call=case.call).count())
    problem = assignable_problem(
        case, reviewer, load=_active_load(case.call, reviewer), limit=limit
    )
    if problem:
        _refuse(problem, "reviewer")
    assignment = Assignment.objects.create(
        case=case, reviewer=reviewer, source=source, assigned_by=actor
    )
    _event(case.call, actor, "assign", _("%(name)s assigned to “%(title)s” (%(source)s)") % {
        "name": reviewer.display_name, "title": case.application.title, "source": assignment.get_source_display()}, case=case)  # fmt: skip
    notify(
        event_type=EventType.REVIEW_ASSIGNED, recipients=[reviewer],
        context={"title": case.application.title, "call": case.call.title},
        url=reverse("reviews:case_detail", args=[case.pk]),
        dedupe_key=f"review-assigned-{assignment.pk}",
    )  # fmt: skip
    return assignment


@transaction.atomic
def assignment_remove(*, actor, assignment: Assignment, reason: str) -> None:
    permissions.can_manage_review(actor, assignment.case.call).enforce()
    if not reason.strip():
        _refuse(_("Say why the reviewer is removed."), "reason")
    if assignment.removed_at is not None:
        return
    if Review.objects.filter(
        case=assignment.case, reviewer=assignment.reviewer, status=ReviewStatus.SUBMITTED
    ).exists():
        _refuse(_("The review is already submitted; reopen it instead."))
    _remove(assignment, actor, reason.strip())


@dataclass
class Proposal:
    pairs: list[tuple[int, int]] = field(default_factory=list)  # (case id, reviewer id)
    status: str = "optimal"
    reason: str = ""
    uncovered: dict[int, str] = field(default_factory=dict)  # case id → why
    # cases with a main field of action but no reviewer of that field in the proposal → why
    without_expert: dict[int, str] = field(default_factory=dict)
    expertise_covered: int = 0
    solver: str = ""


def assignment_propose(*, call: Call) -> Proposal:
    """An exact, balanced assignment from the solver module for the office to confirm."""
    from .. import solver_bridge

    try:
        return solver_bridge.propose_assignment(call)
    except solver_bridge.SolverUnavailable as error:
        return Proposal(status="unavailable", reason=str(error))


@transaction.atomic
def assignment_confirm(*, actor, call: Call, pairs: Sequence[tuple[int, int]]) -> list[Assignment]:
    """Apply a proposal pair by pair with the same checks as a manual assignment."""
    from stadtnetz.users.models import User

    permissions.can_manage_review(actor, call).enforce()
    cases = {
        c.pk: c
        for c in ReviewCase.objects.filter(call=call).select_related(
            "application__organisation", "call"
        )
    }
    users = {u.pk: u for u in User.objects.filter(pk__in={r for _c, r in pairs})}
    created = []
    for case_id, reviewer_id in pairs:
        if case_id not in cases or reviewer_id not in users:
            _refuse(_("The proposal names an unknown application or reviewer."))
        if Assignment.objects.filter(
            case_id=case_id, reviewer_id=reviewer_id, removed_at__isnull=True
        ).exists():
            continue
        created.append(assignment_add(actor=actor, case=cases[case_id], reviewer=users[reviewer_id],
                                      source=AssignmentSource.AUTOMATIC))  # fmt: skip
    return created
