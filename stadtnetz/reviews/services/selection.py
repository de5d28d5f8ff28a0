# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The jury's constraints and stored runs of the exact optimiser."""

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from stadtnetz.municipalities.models import PlaceCategory
from stadtnetz.programmes.models import Call

from .. import permissions
from ..models import (
    DECIDED,
    SCALE_MAX,
    ReviewState,
    SelectionRun,
)
from .common import (
    ReviewError,
    _event,
    _refuse,
)

# --- selection runs --------------------------------------------------------------------------------

SIZE_CLASSES = tuple(PlaceCategory.programme_values())


def _decimal(value, field: str, errors: dict) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (ArithmeticError, ValueError, TypeError):
        errors[field] = [_("Enter an amount in euros, e.g. 25000000.00.")]
        return None
    if not number.is_finite():
        errors[field] = [_("Enter an amount in euros, e.g. 25000000.00.")]
        return None
    return number


def _count(value, field: str, errors: dict) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not (
        isinstance(value, int) or (isinstance(value, str) and value.isdigit())
    ):
        errors[field] = [_("Enter a whole number of 0 or more.")]
        return None
    return int(value)


def selection_constraints_clean(
    raw: Mapping, *, candidate_ids: Iterable[int], states: Iterable[str]
) -> dict:
    """Check the jury's constraints; every problem is named at its field. Returns plain JSON."""
    errors: dict[str, list[str]] = {}
    known_ids = set(candidate_ids)
    known_states = set(states)
    budget = (
        _decimal(raw.get("budget"), "budget", errors)
        if raw.get("budget") not in (None, "")
        else None
    )
    if raw.get("budget") in (None, ""):
        errors["budget"] = [_("Set the total budget.")]
    elif budget is not None and budget < 0:
        errors["budget"] = [_("The budget cannot be negative.")]
    clean: dict = {"budget": str(budget) if budget is not None else None}
    for name in ("min_per_size_class", "max_per_size_class"):
        values = raw.get(name) or {}
        out = {}
        for key, value in values.items():
            if key not in SIZE_CLASSES:
                errors[f"{name}.{key}"] = [_("Unknown size class “%(key)s”.") % {"key": key}]
                continue
            count = _count(value, f"{name}.{key}", errors)
            if count is not None:
                out[key] = count
        clean[name] = out
    for key in set(clean["min_per_size_class"]) & set(clean["max_per_size_class"]):
        if clean["min_per_size_class"][key] > clean["max_per_size_class"][key]:
            errors[f"max_per_size_class.{key}"] = [_("The maximum is below the minimum.")]
    for name in ("max_per_state", "min_states"):
        value = _count(raw.get(name), name, errors)
        if value is not None:
            clean[name] = value
    if raw.get("min_score") not in (None, ""):
        score = _decimal(raw.get("min_score"), "min_score", errors)
        if score is not None and not (0 <= score <= SCALE_MAX):
            errors["min_score"] = [_("Enter a score from 0 to %(max)d.") % {"max": SCALE_MAX}]
        elif score is not None:
            clean["min_score"] = str(score)
    for code in raw.get("states") or []:
        if code not in known_states:
            errors["states"] = [_("Unknown state “%(code)s”.") % {"code": code}]
    pins = {}
    for key, pin in (raw.get("pins") or {}).items():
        try:
            application_id = int(key)
        except (TypeError, ValueError):
            application_id = None
        if application_id not in known_ids:
            errors[f"pins.{key}"] = [
                _("Application %(id)s is not among the candidates.") % {"id": key}
            ]
            continue
        kind = pin.get("pin") if isinstance(pin, Mapping) else pin
        reason = (pin.get("reason", "") if isinstance(pin, Mapping) else "").strip()
        if kind not in ("include", "exclude"):
            errors[f"pins.{key}"] = [_("A pin is “include” or “exclude”.")]
        elif not reason:
            errors[f"pins.{key}"] = [_("Give a reason for the pin.")]
        else:
            pins[str(application_id)] = {"pin": kind, "reason": reason[:500]}
    clean["pins"] = pins
    if errors:
        raise ReviewError(errors)
    return clean


def selection_candidates(call: Call) -> list[dict]:
    """Reviewed applications (not in reconciliation) as solver candidates."""
    from .. import selectors

    candidates = []
    for row in selectors.ranking(call, parts=False):
        if row.case.state not in (ReviewState.REVIEWED, *DECIDED) or row.mean is None:
            continue
        candidates.append({"id": row.case.application_id, "score": str(row.mean), "cost": str(row.requested_grant),
                           "size_class": row.size_class, "state": row.state_code,
                           "name": row.case.application.organisation.name})  # fmt: skip
    return candidates


def greedy_top(candidates: Sequence[dict], n: int) -> list[int]:
    ordered = sorted(candidates, key=lambda c: (-Decimal(c["score"]), c["id"]))
    return [c["id"] for c in ordered[:n]]


@transaction.atomic
def selection_run(*, actor, call: Call, constraints: Mapping) -> SelectionRun:
    """Run the exact optimiser on the reviewed applications and store the run (also when
    infeasible; a run is never a decision)."""
    from .. import solver_bridge

    permissions.can_manage_review(actor, call).enforce()
    candidates = selection_candidates(call)
    if not candidates:
        _refuse(_("No reviewed applications to select from yet."))
    from stadtnetz.municipalities.models import State

    clean = selection_constraints_clean(constraints, candidate_ids=[c["id"] for c in candidates],
                                        states=State.objects.values_list("code", flat=True))  # fmt: skip
    try:
        result = solver_bridge.solve_selection(candidates, clean)
    except solver_bridge.SolverUnavailable as error:
        _refuse(str(error))
    greedy = result.details.pop("greedy_selected", None)
    greedy_objective = result.details.pop("greedy_objective", None)
    if greedy is None and result.status == "optimal":
        greedy = greedy_top(candidates, len(result.selected))
    scores = {c["id"]: Decimal(c["score"]) for c in candidates}
    run = SelectionRun.objects.create(
        call=call, actor=actor, constraints=clean, candidates=candidates, solver=result.solver,
        status=result.status, objective=result.objective, selected=sorted(result.selected), reason=result.reason,
        details=result.details, greedy_selected=greedy or [],
        greedy_objective=Decimal(greedy_objective) if greedy_objective else (
            sum((scores[i] for i in greedy), Decimal(0)) if greedy else None),
    )  # fmt: skip
    _event(
        call,
        actor,
        "selection_run",
        _("Selection run %(pk)d: %(status)s") % {"pk": run.pk, "status": run.status},
    )
    return run
