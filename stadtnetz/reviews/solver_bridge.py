# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The one place where the Django side meets the pure solver modules ``selection`` and
``assignment`` (exact MILP / min-cost flow, no Django import, written and tested on their own).

This module turns database rows into the solvers' plain inputs and their answers back into what
the services store. It never solves anything itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _


class SolverUnavailable(RuntimeError):
    """The solver modules are not installed in this build."""


@dataclass
class SelectionResult:
    status: str
    selected: list[int] = field(default_factory=list)
    objective: Decimal | None = None
    reason: str = ""
    details: dict = field(default_factory=dict)
    solver: str = ""


def _selection_module():
    try:
        from . import selection  # type: ignore[attr-defined]
    except ImportError as error:  # pragma: no cover - only before the solver lands
        raise SolverUnavailable(_("The selection solver is not available.")) from error
    return selection


def _assignment_module():
    try:
        from . import assignment  # type: ignore[attr-defined]
    except ImportError as error:  # pragma: no cover - only before the solver lands
        raise SolverUnavailable(_("The assignment solver is not available.")) from error
    return assignment


def solve_selection(candidates: list[dict], constraints: dict) -> SelectionResult:
    """Candidates and cleaned constraints (services.selection_constraints_clean) → result."""
    module = _selection_module()
    pins = constraints.get("pins", {})
    plain = [{"id": c["id"], "score": c["score"], "cost": c["cost"], "size_class": c["size_class"], "state": c["state"],
              **({"pinned": pins[str(c["id"])]["pin"]} if str(c["id"]) in pins else {})} for c in candidates]  # fmt: skip
    body = {k: v for k, v in constraints.items() if k != "pins"}
    answer = module.solve(plain, body)
    return SelectionResult(
        status=answer["status"], selected=list(answer.get("selected", [])),
        objective=Decimal(str(answer["objective"])) if answer.get("objective") is not None else None,
        reason=answer.get("reason", ""), details={k: v for k, v in answer.items() if k not in ("status", "selected", "objective", "reason")},
        solver=answer.get("solver", "selection"),
    )  # fmt: skip


def propose_assignment(call):
    """A complete, balanced, conflict-free assignment of the call's cases in review."""
    from . import services
    from .models import Assignment, ConflictDeclaration, PoolMember, ReviewCase, ReviewState

    module = _assignment_module()
    cases = list(
        ReviewCase.objects.filter(call=call, state=ReviewState.IN_REVIEW).select_related(
            "application__organisation", "call"
        )
    )
    members = list(PoolMember.objects.filter(call=call).select_related("reviewer"))
    declared_ok = set(
        ConflictDeclaration.objects.filter(case__call=call, conflicted=False).values_list(
            "case_id", "reviewer_id"
        )
    )
    allowed = set()
    for member in members:
        automatic = services.automatic_conflicts(member.reviewer, cases)
        for case in cases:
            if (case.pk, member.reviewer_id) in declared_ok and case.pk not in automatic:
                allowed.add((case.pk, member.reviewer_id))
    existing = set(
        Assignment.objects.filter(case__in=cases, removed_at__isnull=True).values_list(
            "case_id", "reviewer_id"
        )
    )
    settings = services.review_settings(call)
    answer = module.assign(
        applications=[c.pk for c in cases], reviewers=[m.reviewer_id for m in members],
        allowed=sorted(allowed), per_application=settings.reviewers_per_application,
        max_load=settings.max_load, fixed=sorted(existing),
    )  # fmt: skip
    proposal = services.Proposal(
        status=answer["status"],
        reason=answer.get("reason", ""),
        solver=answer.get("solver", "assignment"),
    )
    if answer["status"] == "optimal":
        proposal.pairs = [tuple(p) for p in answer["pairs"] if tuple(p) not in existing]
    else:
        for case_id in answer.get("uncovered", []):
            n = sum(1 for c, _r in allowed if c == case_id)
            proposal.uncovered[case_id] = _(
                "only %(n)d reviewers without conflict have declared for it"
            ) % {"n": n}
    return proposal
