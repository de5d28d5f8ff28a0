# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Reviewer assignment: N conflict-free reviewers per application with balanced load.

Pure Python (no Django import), solved exactly with the same solver as the selection (HiGHS
through ``highspy``). The model:

- ``x[a, r]`` ∈ {0, 1} only for allowed (conflict-free) pairs, so a conflict can never be
  assigned; pairs in ``fixed`` (assignments that already exist) are forced to 1;
- every application gets exactly ``per_application`` reviewers;
- load: without ``max_load`` every reviewer is within ±1 of the mean load
  (⌈mean⌉ − 1 … ⌊mean⌋ + 1); with ``max_load`` (one number or one per reviewer) that maximum;
- expertise (optional): an application with a main field wants at least one reviewer with that
  field; ``require_expertise`` makes it a hard constraint, otherwise as many applications as
  possible get one (first objective);
- second objective: as few reviews above ⌈mean⌉ as possible, so the load is as even as it can be.

If no complete assignment exists the answer says which applications cannot be covered and why
(too few conflict-free reviewers, no conflict-free expert, reviewers at their load limit), or,
when every application could be covered but the balance cannot, which reviewers break it.

Entry points: :func:`solve_assignment` (typed) and :func:`assign` (plain data, keyword
arguments, used by the app).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

Pair = tuple[int, int]  # (application id, reviewer id)


@dataclass(frozen=True)
class AssignmentProblem:
    applications: Sequence[int]
    reviewers: Sequence[int]
    allowed: Iterable[Pair]  # conflict-free pairs; everything else is a conflict
    per_application: int = 2
    max_load: int | Mapping[int, int] | None = None  # None: balanced within ±1 of the mean
    fixed: Iterable[Pair] = ()  # existing assignments that stay
    fields: Mapping[int, str] = field(default_factory=dict)  # application → main field
    expertise: Mapping[int, Iterable[str]] = field(default_factory=dict)  # reviewer → fields
    require_expertise: bool = False


@dataclass(frozen=True)
class Uncovered:
    application: int
    code: str  # "too_few_reviewers" | "no_expert" | "reviewers_full" | "expertise_full"
    params: Mapping[str, int | str]

    def text(self, language: str = "en") -> str:
        p, de = self.params, language == "de"
        if self.code == "too_few_reviewers":
            return (f"Nur {p['available']} Gutachtende ohne Interessenkonflikt, {p['needed']} werden gebraucht." if de
                    else f"Only {p['available']} reviewers without a conflict of interest; {p['needed']} are needed.")  # fmt: skip
        if self.code == "no_expert":
            return (f"Keine Gutachterin und kein Gutachter ohne Konflikt hat das Fachgebiet „{p['field']}“." if de
                    else f"No reviewer without a conflict has the field “{p['field']}”.")  # fmt: skip
        if self.code == "expertise_full":
            return (f"Die Gutachtenden mit dem Fachgebiet „{p['field']}“ sind an ihrer Belastungsgrenze." if de
                    else f"The reviewers with the field “{p['field']}” are at their load limit.")  # fmt: skip
        return (f"Die {p['available']} Gutachtenden ohne Konflikt sind an ihrer Belastungsgrenze "
                f"(höchstens {p['limit']} Gutachten)." if de
                else f"Its {p['available']} reviewers without a conflict are at their load limit "
                f"(at most {p['limit']} reviews).")  # fmt: skip


@dataclass(frozen=True)
class AssignmentResult:
    status: str  # "optimal" | "infeasible"
    pairs: tuple[Pair, ...] = ()
    loads: Mapping[int, int] = field(default_factory=dict)
    load_bounds: tuple[int, int] = (0, 0)  # the smallest and largest load allowed (balanced mode)
    expertise_covered: int = 0  # applications with at least one reviewer of their field
    uncovered: tuple[Uncovered, ...] = ()
    short_reviewers: tuple[tuple[int, int], ...] = ()  # (reviewer, conflict-free applications)
    solver: str = ""

    def reason(self, language: str = "en") -> str:
        if self.status == "optimal":
            return ""
        de = language == "de"
        if self.uncovered:
            ids = ", ".join(str(u.application) for u in self.uncovered)
            return (f"Keine vollständige Zuteilung möglich; nicht abgedeckt werden können: {ids}." if de
                    else f"No complete assignment exists; these applications cannot be covered: {ids}.")  # fmt: skip
        low, _high = self.load_bounds
        if self.short_reviewers:
            who = ", ".join(f"{r} ({n})" for r, n in self.short_reviewers)
            return (f"Keine ausgeglichene Zuteilung möglich: jede Person braucht mindestens {low} Gutachten, "
                    f"diese Gutachtenden haben zu wenige Anträge ohne Konflikt: {who}. "
                    "Eine Höchstlast je Person statt des Ausgleichs hilft." if de
                    else f"No balanced assignment exists: every reviewer needs at least {low} reviews, "
                    f"but these reviewers have too few applications without a conflict: {who}. "
                    "A per-reviewer maximum instead of the balance helps.")  # fmt: skip
        return ("Keine ausgeglichene Zuteilung möglich: die Lastgrenzen lassen sich mit den Konflikten "
                "nicht einhalten. Eine Höchstlast je Person statt des Ausgleichs hilft." if de
                else "No balanced assignment exists: the load limits cannot be met with these "
                "conflicts. A per-reviewer maximum instead of the balance helps.")  # fmt: skip


class AssignmentInputError(ValueError):
    """Malformed input (not an infeasible problem): ``errors`` maps field → message."""

    def __init__(self, errors: Mapping[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


def _check(p: AssignmentProblem) -> tuple[list[int], list[int], list[Pair], set[Pair], dict[int, int]]:  # fmt: skip
    errors: dict[str, str] = {}
    apps, revs = list(p.applications), list(p.reviewers)
    if isinstance(p.per_application, bool) or not isinstance(p.per_application, int) or p.per_application < 1:  # fmt: skip
        errors["per_application"] = "must be a whole number of at least 1"
    if len(set(apps)) != len(apps):
        errors["applications"] = "duplicate application ids"
    if len(set(revs)) != len(revs):
        errors["reviewers"] = "duplicate reviewer ids"
    app_set, rev_set = set(apps), set(revs)
    allowed = sorted({(int(a), int(r)) for a, r in p.allowed})
    if any(a not in app_set or r not in rev_set for a, r in allowed):
        errors["allowed"] = "pairs must name listed applications and reviewers"
    fixed = {(int(a), int(r)) for a, r in p.fixed}
    if not fixed <= set(allowed):
        bad = sorted(fixed - set(allowed))[:5]
        errors["fixed"] = f"existing assignments with a conflict or unknown ids: {bad}"
    elif not errors:
        per_app: dict[int, int] = {}
        for a, _r in fixed:
            per_app[a] = per_app.get(a, 0) + 1
        over = sorted(a for a, n in per_app.items() if n > p.per_application)
        if over:
            errors["fixed"] = f"applications with more existing reviewers than needed: {over}"
    limits: dict[int, int] = {}
    if p.max_load is not None:
        raw = p.max_load if isinstance(p.max_load, Mapping) else dict.fromkeys(revs, p.max_load)
        for r in revs:
            value = raw.get(r)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                errors["max_load"] = "must be a whole number ≥ 0 for every reviewer"
                break
            limits[r] = value
    for a in p.fields:
        if a not in app_set:
            errors["fields"] = "fields must name listed applications"
    if errors:
        raise AssignmentInputError(errors)
    return apps, revs, allowed, fixed, limits


_TIE_RANGE = 16


def _tie_break(application: int, reviewer: int) -> int:
    """A small fixed cost per pair (0 … 15), the same on every run and machine."""
    return ((application * 2654435761 + reviewer * 40503 + 12345) % 4294967291) % _TIE_RANGE


def solver_name() -> str:
    from .selection import solver_name as name

    return name()


def _run(columns: int, cost, lower, upper, rows, row_lower, row_upper, integer: bool = True):
    """Solve min cost·x over the given sparse rows; → (optimal?, values)."""
    import highspy
    import numpy as np

    h = highspy.Highs()
    h.silent()
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.0)
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    lp = highspy.HighsLp()
    lp.num_col_ = columns
    lp.num_row_ = len(row_lower)
    lp.col_cost_ = np.asarray(cost, dtype=float)
    lp.col_lower_ = np.asarray(lower, dtype=float)
    lp.col_upper_ = np.asarray(upper, dtype=float)
    lp.row_lower_ = np.asarray(row_lower, dtype=float)
    lp.row_upper_ = np.asarray(row_upper, dtype=float)
    starts, index, value = [0], [], []
    for cols, coefs in rows:
        index.extend(cols)
        value.extend(coefs)
        starts.append(len(index))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(value, dtype=float)
    lp.a_matrix_.num_col_ = columns
    lp.a_matrix_.num_row_ = len(row_lower)
    h.passModel(lp)
    if integer:
        # The load and coverage rows are a bipartite incidence matrix (totally unimodular), so
        # the LP optimum at a simplex vertex is usually integral already: accept it only when it
        # is (then it is also the integer optimum), otherwise solve the MILP.
        h.run()
        status = h.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            return False, None
        values = list(h.getSolution().col_value)
        if status == highspy.HighsModelStatus.kOptimal and all(
            abs(v - round(v)) < 1e-9 for v in values
        ):
            return True, [float(round(v)) for v in values]
        h.changeColsIntegrality(columns, np.arange(columns, dtype=np.int32),
                                np.array([highspy.HighsVarType.kInteger] * columns))  # fmt: skip
    h.run()
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kInfeasible:
        return False, None
    if status != highspy.HighsModelStatus.kOptimal:  # pragma: no cover - bounded 0/1 model
        raise RuntimeError(f"HiGHS ended with {h.modelStatusToString(status)}")
    return True, list(h.getSolution().col_value)


def solve_assignment(problem: AssignmentProblem) -> AssignmentResult:
    """An exact, complete, balanced, conflict-free assignment, or why there is none.
    Raises AssignmentInputError for malformed input."""
    apps, revs, allowed, fixed, limits = _check(problem)
    n_per = problem.per_application
    inf = math.inf
    name = solver_name()
    total = len(apps) * n_per
    mean_num, mean_den = total, max(1, len(revs))
    ceil_mean = -(-mean_num // mean_den)
    if limits:
        low_of = dict.fromkeys(revs, 0)
        high_of = dict(limits)
    else:
        low = max(0, ceil_mean - 1)
        high = mean_num // mean_den + 1
        low_of, high_of = dict.fromkeys(revs, low), dict.fromkeys(revs, high)
    bounds = (min(low_of.values(), default=0), max(high_of.values(), default=0))
    by_app: dict[int, list[int]] = {a: [] for a in apps}  # column indices
    by_rev: dict[int, list[int]] = {r: [] for r in revs}
    for j, (a, r) in enumerate(allowed):
        by_app[a].append(j)
        by_rev[r].append(j)
    skills = {r: set(problem.expertise.get(r, ())) for r in revs}
    wants = {a: f for a, f in problem.fields.items() if f}
    experts = {a: [j for j in by_app[a] if wants[a] in skills[allowed[j][1]]] for a in wants}

    # --- quick, local reasons (no solver needed) ---
    uncovered: list[Uncovered] = []
    for a in apps:
        if len(by_app[a]) < n_per:
            uncovered.append(Uncovered(a, "too_few_reviewers", {"available": len(by_app[a]), "needed": n_per}))  # fmt: skip
        elif problem.require_expertise and a in wants and not experts[a]:
            uncovered.append(Uncovered(a, "no_expert", {"field": wants[a]}))
    if uncovered:
        return AssignmentResult(status="infeasible", uncovered=tuple(uncovered), load_bounds=bounds, solver=name)  # fmt: skip

    # --- the model: columns x (pairs), over_r (reviews above ⌈mean⌉), c_a (expert present) ---
    m = len(allowed)
    over0 = m
    exp0 = m + len(revs)
    expert_apps = sorted(wants)
    columns = exp0 + len(expert_apps)
    # Lexicographic objective in integers: expertise first, then balance, then a fixed
    # pseudo-random tie-break per pair (deterministic; it also spares the simplex the
    # degeneracy of an all-zero objective, which makes it several times slower).
    tie = [_tie_break(a, r) for a, r in allowed]
    balance = total * _TIE_RANGE + 1  # one review less above the mean outweighs all tie-breaks
    weight = balance * (total + 1)  # one more expert-covered application outweighs any balance gain
    cost = (
        [float(t) for t in tie] + [float(balance)] * len(revs) + [-float(weight)] * len(expert_apps)
    )
    lower = [1.0 if allowed[j] in fixed else 0.0 for j in range(m)] + [0.0] * (len(revs) + len(expert_apps))  # fmt: skip
    upper = [1.0] * m + [float(total)] * len(revs) + [1.0] * len(expert_apps)
    rows, row_lower, row_upper = [], [], []
    for a in apps:
        rows.append((by_app[a], [1.0] * len(by_app[a])))
        row_lower.append(float(n_per))
        row_upper.append(float(n_per))
    for r in revs:
        rows.append((by_rev[r], [1.0] * len(by_rev[r])))
        row_lower.append(float(low_of[r]))
        row_upper.append(float(high_of[r]))
    for k, r in enumerate(revs):  # over_r ≥ load_r − ⌈mean⌉
        rows.append(([over0 + k, *by_rev[r]], [1.0] + [-1.0] * len(by_rev[r])))
        row_lower.append(float(-ceil_mean))
        row_upper.append(inf)
    for k, a in enumerate(expert_apps):  # c_a ≤ Σ expert x
        rows.append(([exp0 + k, *experts[a]], [1.0] + [-1.0] * len(experts[a])))
        row_lower.append(-inf)
        row_upper.append(0.0)
        if problem.require_expertise:
            lower[exp0 + k] = 1.0
    ok, values = _run(columns, cost, lower, upper, rows, row_lower, row_upper)
    if ok:
        assert values is not None
        pairs = tuple(allowed[j] for j in range(m) if values[j] > 0.5)
        loads = {r: 0 for r in revs}
        per_app = {a: 0 for a in apps}
        for a, r in pairs:
            loads[r] += 1
            per_app[a] += 1
        # exact re-check of every hard rule, independent of solver tolerances
        assert all(v == n_per for v in per_app.values())
        assert all(low_of[r] <= loads[r] <= high_of[r] for r in revs)
        assert fixed <= set(pairs)
        covered = sum(1 for a in wants if any(wants[a] in skills[r] for aa, r in pairs if aa == a))
        return AssignmentResult(status="optimal", pairs=pairs, loads=loads, load_bounds=bounds,
                                expertise_covered=covered, solver=name)  # fmt: skip
    return _diagnose(problem, apps, revs, allowed, fixed, by_app, by_rev, high_of, low_of, wants, experts, bounds, name)  # fmt: skip


def _diagnose(problem, apps, revs, allowed, fixed, by_app, by_rev, high_of, low_of, wants, experts, bounds, name):  # fmt: skip
    """Why no complete assignment exists: the largest assignment under the upper load limits
    only (a flow, solved as an LP) shows which applications stay short."""
    n_per = problem.per_application
    m = len(allowed)
    cost = [-1.0] * m
    lower = [1.0 if allowed[j] in fixed else 0.0 for j in range(m)]
    rows = [(by_app[a], [1.0] * len(by_app[a])) for a in apps] + [(by_rev[r], [1.0] * len(by_rev[r])) for r in revs]  # fmt: skip
    row_lower = [0.0] * (len(apps) + len(revs))
    row_upper = [float(n_per)] * len(apps) + [float(high_of[r]) for r in revs]
    ok, values = _run(m, cost, lower, [1.0] * m, rows, row_lower, row_upper)
    uncovered: list[Uncovered] = []
    if ok and values is not None:
        got = {a: sum(1 for j in by_app[a] if values[j] > 0.5) for a in apps}
        for a in apps:
            if got[a] < n_per:
                limit = max(high_of[allowed[j][1]] for j in by_app[a])
                uncovered.append(Uncovered(a, "reviewers_full", {"available": len(by_app[a]), "limit": limit}))  # fmt: skip
    if not uncovered and problem.require_expertise and wants:
        # covered without the expertise rule: which applications then lack an expert?
        relaxed = solve_assignment(AssignmentProblem(
            applications=apps, reviewers=revs, allowed=allowed, per_application=n_per,
            max_load=problem.max_load, fixed=fixed, fields=problem.fields,
            expertise=problem.expertise, require_expertise=False,
        ))  # fmt: skip
        if relaxed.status == "optimal":
            skills = {r: set(problem.expertise.get(r, ())) for r in revs}
            for a in sorted(wants):
                if not any(wants[a] in skills[r] for aa, r in relaxed.pairs if aa == a):
                    uncovered.append(Uncovered(a, "expertise_full", {"field": wants[a]}))
    short: list[tuple[int, int]] = []
    if not uncovered:
        short = [(r, len(by_rev[r])) for r in revs if len(by_rev[r]) < low_of[r]]
    return AssignmentResult(status="infeasible", uncovered=tuple(uncovered), load_bounds=bounds,
                            short_reviewers=tuple(short), solver=name)  # fmt: skip


def result_data(result: AssignmentResult, language: str = "en") -> dict:
    return {
        "status": result.status,
        "pairs": [list(p) for p in result.pairs],
        "loads": dict(result.loads),
        "load_bounds": list(result.load_bounds),
        "expertise_covered": result.expertise_covered,
        "uncovered": [u.application for u in result.uncovered],
        "reasons": {u.application: u.text(language) for u in result.uncovered},
        "short_reviewers": [list(s) for s in result.short_reviewers],
        "reason": result.reason(language),
        "solver": result.solver,
    }


def assign(*, applications, reviewers, allowed, per_application: int = 2, max_load=None, fixed=(),
           fields=None, expertise=None, require_expertise: bool = False, language: str = "en") -> dict:  # fmt: skip
    """Plain data in and out: ``status`` (optimal/infeasible), ``pairs`` [[application,
    reviewer], …], ``loads``, ``uncovered`` (application ids), ``reasons`` (id → text),
    ``reason``. Raises AssignmentInputError (a ValueError) for malformed input."""
    result = solve_assignment(AssignmentProblem(
        applications=applications, reviewers=reviewers, allowed=allowed,
        per_application=per_application, max_load=max_load, fixed=fixed, fields=fields or {},
        expertise=expertise or {}, require_expertise=require_expertise,
    ))  # fmt: skip
    return result_data(result, language)


__all__ = ["AssignmentInputError", "AssignmentProblem", "AssignmentResult", "Pair", "Uncovered",
           "assign", "result_data", "solve_assignment", "solver_name"]  # fmt: skip
