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


def _language() -> str:
    from django.utils.translation import get_language

    return "de" if (get_language() or "de").startswith("de") else "en"


def solve_selection(candidates: list[dict], constraints: dict) -> SelectionResult:
    """Candidates and cleaned constraints (services.selection_constraints_clean) → result."""
    module = _selection_module()
    pins = constraints.get("pins", {})
    plain = [{"id": c["id"], "score": c["score"], "cost": c["cost"], "size_class": c["size_class"], "state": c["state"],
              **({"pinned": pins[str(c["id"])]["pin"]} if str(c["id"]) in pins else {})} for c in candidates]  # fmt: skip
    body = {k: v for k, v in constraints.items() if k != "pins" and v not in (None, {})}
    try:
        answer = module.solve(plain, body, language=_language())
    except module.SelectionInputError as error:
        from .services import ReviewError

        raise ReviewError({"__all__": [str(error)]}) from error
    details = {
        "binding": [f"{b['group']} {', '.join(map(str, b['keys']))} (+{b['gain']})".strip() for b in answer.get("binding", [])],
        "conflict": [c["text"] for c in answer.get("conflict", [])],
        "total_cost": str(answer.get("total_cost")) if answer.get("total_cost") is not None else None,
        "greedy_feasible": (answer.get("greedy") or {}).get("feasible"),
        "greedy_violated": [v["text"] for v in (answer.get("greedy") or {}).get("violated", [])],
        "greedy_selected": [int(i) for i in (answer.get("greedy") or {}).get("selected", [])],
        "greedy_objective": str((answer.get("greedy") or {}).get("objective")) if (answer.get("greedy") or {}).get("objective") is not None else None,
    }  # fmt: skip
    return SelectionResult(
        status=answer["status"], selected=[int(i) for i in answer.get("selected", [])],
        objective=Decimal(str(answer["objective"])) if answer.get("objective") is not None else None,
        reason=answer.get("reason") or "", details=details, solver=answer.get("solver") or module.solver_name(),
    )  # fmt: skip


def _field_label(code: str) -> str:
    from stadtnetz.projects.fields_of_action import FIELDS_OF_ACTION

    return str(_(dict(FIELDS_OF_ACTION).get(code, code)))


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
    # Expertise (issue 11 item 3): at least one reviewer with the application's main field of
    # action where possible; the solver maximises the number of such applications first.
    fields = {c.pk: c.main_field for c in cases if c.main_field}
    skills = {m.reviewer_id: services.expertise_codes(m.expertise) for m in members}
    try:
        answer = module.assign(
            applications=[c.pk for c in cases], reviewers=[m.reviewer_id for m in members],
            allowed=sorted(allowed | existing), per_application=settings.reviewers_per_application,
            max_load=settings.max_load, fixed=sorted(existing), fields=fields, expertise=skills,
            language=_language(),
        )  # fmt: skip
    except module.AssignmentInputError as error:
        return services.Proposal(
            status="infeasible", reason=str(error), solver=module.solver_name()
        )
    proposal = services.Proposal(status=answer["status"], solver=answer.get("solver") or module.solver_name(),
                                 reason=answer.get("reason") or "")  # fmt: skip
    if answer["status"] == "optimal":
        proposal.pairs = [
            (int(a), int(r)) for a, r in answer["pairs"] if (int(a), int(r)) not in existing
        ]
        proposal.expertise_covered = answer.get("expertise_covered", 0)
        chosen: dict[int, set[int]] = {}
        for a, r in answer["pairs"]:
            chosen.setdefault(int(a), set()).add(int(r))
        for case_id, wanted in fields.items():
            if any(wanted in skills.get(r, ()) for r in chosen.get(case_id, ())):
                continue
            experts = [
                r for (a, r) in allowed | existing if a == case_id and wanted in skills.get(r, ())
            ]
            code = "expertise_full" if experts else "no_expert"
            proposal.without_expert[case_id] = module.Uncovered(
                case_id, code, {"field": _field_label(wanted)}
            ).text(_language())
    else:
        for case_id in answer.get("uncovered", []):
            proposal.uncovered[int(case_id)] = answer.get("reasons", {}).get(case_id, "")
        if proposal.uncovered:
            proposal.reason = _(
                "No complete assignment exists; these applications cannot be covered."
            )
    return proposal
