# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The jury optimiser against an independent check: every subset of up to 12 candidates.

The brute force below shares no code with selection.py: it reads the plain input, tests each
subset against the constraints as the issue words them, and keeps the best score sum.
"""

from __future__ import annotations

import ast
import itertools
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stadtnetz.reviews import selection
from stadtnetz.reviews.selection import (
    Candidate,
    Constraints,
    SelectionInputError,
    greedy_top,
    solve,
    solve_selection,
)

SIZES = ["grossstadt", "mittelstadt", "kleinstadt", "landkreis", "kooperation"]
PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def brute_force(candidates: list[dict], constraints: dict):
    """(best objective or None, all optimal subsets as sorted id tuples)."""
    budget = Decimal(constraints["budget"])
    min_class = constraints.get("min_per_size_class") or {}
    max_class = constraints.get("max_per_size_class") or {}
    max_state = constraints.get("max_per_state")
    min_states = constraints.get("min_states") or 0
    min_score = constraints.get("min_score")
    every_state = constraints.get("every_state", False)

    def score(c):
        return Decimal(str(c["score"]))

    def usable(c):
        return c.get("pinned") != "exclude" and (min_score is None or score(c) >= Decimal(str(min_score)))  # fmt: skip

    must_cover = {c["state"] for c in candidates if usable(c)} if every_state else set()
    if every_state and "_cover" in constraints:  # fixed from the full problem (see below)
        must_cover = constraints["_cover"]
    best, winners = None, []
    for size in range(len(candidates) + 1):
        for subset in itertools.combinations(candidates, size):
            if any(not usable(c) for c in subset):
                continue
            ids = {c["id"] for c in subset}
            if any(c.get("pinned") == "include" and c["id"] not in ids for c in candidates):
                continue
            if sum((Decimal(c["cost"]) for c in subset), Decimal(0)) > budget:
                continue
            classes = [c["size_class"] for c in subset]
            if any(classes.count(k) < n for k, n in min_class.items()):
                continue
            if any(classes.count(k) > n for k, n in max_class.items()):
                continue
            states = [c["state"] for c in subset]
            if max_state is not None and any(states.count(s) > max_state for s in states):
                continue
            if len(set(states)) < min_states or not must_cover <= set(states):
                continue
            total = sum((score(c) for c in subset), Decimal(0))
            if best is None or total > best:
                best, winners = total, [tuple(sorted(ids))]
            elif total == best:
                winners.append(tuple(sorted(ids)))
    return best, winners


@st.composite
def instances(draw, max_size=12):
    n = draw(st.integers(0, max_size))
    states = draw(st.lists(st.sampled_from(["NW", "BY", "SN", "HB", "TH"]), min_size=1, max_size=4, unique=True))  # fmt: skip
    candidates = []
    for i in range(n):
        candidates.append({
            "id": 100 + i * 7,
            "score": draw(st.one_of(st.integers(0, 5), st.decimals("0", "5", places=2).map(str).map(float))),
            "cost": str(draw(st.integers(1, 400)) * 1000 + draw(st.integers(0, 99)) / 100),
            "size_class": draw(st.sampled_from(SIZES)),
            "state": draw(st.sampled_from(states)),
            **({"pinned": p} if (p := draw(st.sampled_from([None] * 8 + ["include", "exclude"]))) else {}),
        })  # fmt: skip
    constraints = {"budget": str(draw(st.integers(0, 2000)) * 1000)}
    if draw(st.booleans()):
        constraints["min_per_size_class"] = {k: draw(st.integers(0, 2)) for k in draw(st.sets(st.sampled_from(SIZES), max_size=2))}  # fmt: skip
    if draw(st.booleans()):
        constraints["max_per_size_class"] = {k: draw(st.integers(2, 4)) for k in draw(st.sets(st.sampled_from(SIZES), max_size=3))}  # fmt: skip
    if draw(st.booleans()):
        constraints["max_per_state"] = draw(st.integers(1, 4))
    if draw(st.booleans()):
        constraints["min_states"] = draw(st.integers(0, 4))
    if draw(st.booleans()):
        constraints["min_score"] = draw(st.sampled_from([1, 2.5, "3.25"]))
    if draw(st.integers(0, 4)) == 0:
        constraints["every_state"] = True
    return candidates, constraints


@PROPERTY
@given(instances())
def test_optimum_agrees_with_enumerating_every_subset(instance):
    candidates, constraints = instance
    answer = solve(candidates, constraints, explain=False)
    best, winners = brute_force(candidates, constraints)
    if best is None:
        assert answer["status"] == "infeasible"
        assert answer["selected"] == [] and answer["objective"] is None
        assert answer["reason"]
    else:
        assert answer["status"] == "optimal"
        assert answer["objective"] == best
        # the selection is one of the optimal subsets, so it meets every constraint
        assert tuple(answer["selected"]) in winners


@PROPERTY
@given(instances(max_size=9))
def test_conflict_is_minimal_and_really_infeasible(instance):
    """For infeasible input the named constraints cannot be met together, and dropping any one
    of them leaves a feasible problem (checked by the brute force, not by the solver)."""
    candidates, constraints = instance
    answer = solve(candidates, constraints, explain=False)
    if answer["status"] != "infeasible":
        return
    conflict = [(c["group"], c["key"]) for c in answer["conflict"]]
    assert conflict

    def only(items):
        kept = {g for g, _k in items}
        data = {"budget": constraints["budget"] if "budget" in kept else "1e12"}
        mins = {
            k: constraints["min_per_size_class"][k] for g, k in items if g == "min_per_size_class"
        }
        maxs = {
            k: constraints["max_per_size_class"][k] for g, k in items if g == "max_per_size_class"
        }
        data |= {"min_per_size_class": mins, "max_per_size_class": maxs}
        for name in ("max_per_state", "min_states", "min_score", "every_state"):
            if name in kept:
                data[name] = constraints[name]
        # "every state with an eligible candidate" is fixed by the full problem's pins and score
        floor = constraints.get("min_score")
        data["_cover"] = {c["state"] for c in candidates if c.get("pinned") != "exclude"
                          and (floor is None or Decimal(str(c["score"])) >= Decimal(str(floor)))}  # fmt: skip
        pins = {k for g, k in items if g.startswith("pin_")}
        plain = [{**c, "pinned": c["pinned"]} if str(c["id"]) in pins and c.get("pinned") else
                 {k: v for k, v in c.items() if k != "pinned"} for c in candidates]  # fmt: skip
        return brute_force(plain, data)[0]

    assert only(conflict) is None
    for item in conflict:
        assert only([i for i in conflict if i != item]) is not None


@PROPERTY
@given(instances(max_size=10))
def test_binding_groups_really_cost_score_and_greedy_is_honest(instance):
    candidates, constraints = instance
    answer = solve(candidates, constraints)
    if answer["status"] != "optimal":
        return
    for binding in answer["binding"]:
        assert binding["gain"] > 0
    greedy = answer["greedy"]
    assert answer["gap"] == answer["objective"] - greedy["objective"]
    if greedy["feasible"]:
        assert answer["gap"] >= 0
    spent = sum(
        (Decimal(c["cost"]) for c in candidates if c["id"] in greedy["selected"]), Decimal(0)
    )
    pinned_cost = sum((Decimal(c["cost"]) for c in candidates if c.get("pinned") == "include"), Decimal(0))  # fmt: skip
    assert spent <= max(Decimal(constraints["budget"]), pinned_cost)


def _cands(*rows):
    return [{"id": i, "score": s, "cost": c, "size_class": k, "state": st_, **extra}
            for i, s, c, k, st_, *rest in rows for extra in [rest[0] if rest else {}]]  # fmt: skip


BASE = _cands(
    (1, 4.5, "400000.00", "grossstadt", "NW"),
    (2, 4.2, "300000.00", "grossstadt", "BY"),
    (3, 3.9, "200000.00", "mittelstadt", "NW"),
    (4, 3.1, "100000.00", "kleinstadt", "SN"),
    (5, 2.0, "150000.00", "landkreis", "SN"),
)


def test_budget_in_cents_is_exact():
    # 0.1 + 0.2 style sums would go wrong in floating point; Decimal cents do not
    candidates = _cands((1, 1, "0.10", "grossstadt", "NW"), (2, 1, "0.20", "grossstadt", "NW"))
    assert solve(candidates, {"budget": "0.30"})["selected"] == [1, 2]
    assert solve(candidates, {"budget": "0.29"})["objective"] == 1


def test_result_names_binding_constraints_with_their_cost():
    answer = solve(BASE, {"budget": "700000", "min_per_size_class": {"landkreis": 1}})
    assert answer["status"] == "optimal"
    assert answer["selected"] == [2, 3, 5]
    groups = {b["group"]: b for b in answer["binding"]}
    assert set(groups) == {"budget", "min_per_size_class"}
    assert groups["min_per_size_class"]["keys"] == ["landkreis"]
    assert answer["objective"] == sum(Decimal(str(c["score"])) for c in BASE if c["id"] in answer["selected"])  # fmt: skip
    assert answer["solver"].startswith("HiGHS")


def test_pins_are_honoured():
    pinned = [dict(c, pinned="include") if c["id"] == 5 else dict(c, pinned="exclude") if c["id"] == 1 else c for c in BASE]  # fmt: skip
    answer = solve(pinned, {"budget": "700000"})
    assert 5 in answer["selected"] and 1 not in answer["selected"]
    # the same pins through constraints.pins
    again = solve(BASE, {"budget": "700000", "pins": {"5": "include", "1": "exclude"}})
    assert again["selected"] == answer["selected"]


@pytest.mark.parametrize(
    ("constraints", "groups", "words"),
    [
        (
            {"budget": "1000000", "min_per_size_class": {"landkreis": 2}},
            {"min_per_size_class"},
            "There are 1 candidates",
        ),  # fmt: skip
        ({"budget": "1000000", "min_states": 4}, {"min_states"}, "from 3 states"),
        (
            {"budget": "100000", "min_per_size_class": {"grossstadt": 1}},
            {"budget", "min_per_size_class"},
            "Relaxing any one",
        ),  # fmt: skip
        (
            {
                "budget": "1000000",
                "pins": {"1": "include", "2": "include"},
                "max_per_size_class": {"grossstadt": 1},
            },
            {"pin_include", "max_per_size_class"},
            "pinned",
        ),  # fmt: skip
        (
            {"budget": "100000", "pins": {"1": "include"}},
            {"pin_include", "budget"},
            "The pinned candidates cost 400,000.00 €",
        ),  # fmt: skip
        (
            {"budget": "1000000", "min_score": 4, "pins": {"4": "include"}},
            {"pin_include", "min_score"},
            "minimum score 4",
        ),  # fmt: skip
    ],
)
def test_infeasible_reason_names_the_constraints_that_clash(constraints, groups, words):
    answer = solve(BASE, constraints)
    assert answer["status"] == "infeasible"
    assert {c["group"] for c in answer["conflict"]} == groups
    assert words in answer["reason"]
    german = solve(BASE, constraints, language="de")["reason"]
    assert german.startswith("Keine Auswahl erfüllt")


def test_greedy_top_n_and_gap():
    # greedy takes the two big cities (8.7) and nothing else fits; the optimum takes 1, 3, 4
    constraints = Constraints(budget=Decimal("700000"))
    typed = [Candidate(c["id"], Decimal(str(c["score"])), Decimal(c["cost"]), c["size_class"], c["state"]) for c in BASE]  # fmt: skip
    greedy = greedy_top(typed, constraints)
    assert greedy.selected == (1, 2) and greedy.objective == Decimal("8.7") and greedy.feasible
    result = solve_selection(typed, constraints)
    assert result.selected == (1, 3, 4) and result.objective == Decimal("11.5")
    assert result.gap == Decimal("2.8")


def test_greedy_reports_the_minimums_it_misses():
    answer = solve(BASE, {"budget": "700000", "min_per_size_class": {"landkreis": 1}})
    assert answer["greedy"]["feasible"] is False
    assert answer["greedy"]["violated"][0]["group"] == "min_per_size_class"


def test_scores_are_compared_at_six_decimals():
    candidates = _cands((1, "1.0000004", "1", "grossstadt", "NW"), (2, "1.0000001", "1", "grossstadt", "NW"))  # fmt: skip
    answer = solve(candidates, {"budget": "1"})
    assert answer["objective"] == Decimal("1.000000")


def test_empty_candidate_list_is_optimal_and_empty():
    assert solve([], {"budget": "0"})["status"] == "optimal"
    assert solve([], {"budget": "0", "min_states": 1})["status"] == "infeasible"


@pytest.mark.parametrize(
    ("candidates", "constraints", "field"),
    [
        (BASE, {"budget": "-1"}, "constraints.budget"),
        (BASE, {}, "constraints.budget"),
        (BASE, {"budget": 1.5}, "constraints.budget"),
        (BASE, {"budget": "1.005"}, "constraints.budget"),
        (BASE, {"budget": "NaN"}, "constraints.budget"),
        (BASE, {"budget": "abc"}, "constraints.budget"),
        (
            BASE,
            {"budget": "1", "min_per_size_class": {"dorf": 1}},
            "constraints.min_per_size_class.dorf",
        ),  # fmt: skip
        (
            BASE,
            {
                "budget": "1",
                "min_per_size_class": {"landkreis": 3},
                "max_per_size_class": {"landkreis": 2},
            },
            "constraints.min_per_size_class.landkreis",
        ),  # fmt: skip
        (BASE, {"budget": "1", "max_per_state": -1}, "constraints.max_per_state"),
        (BASE, {"budget": "1", "max_per_state": True}, "constraints.max_per_state"),
        (BASE, {"budget": "1", "min_states": 17}, "constraints.min_states"),
        (BASE, {"budget": "1", "pins": {"99": "include"}}, "constraints.pins.99"),
        (BASE, {"budget": "1", "pins": {"1": "maybe"}}, "constraints.pins.1"),
        (BASE, {"budget": "1", "quota": 3}, "constraints.quota"),
        (BASE + [dict(BASE[0])], {"budget": "1"}, "candidates.5.id"),
        ([dict(BASE[0], size_class="dorf")], {"budget": "1"}, "candidates.0.size_class"),
        ([dict(BASE[0], state="XX")], {"budget": "1"}, "candidates.0.state"),
        ([dict(BASE[0], cost="-5")], {"budget": "1"}, "candidates.0.cost"),
        ([dict(BASE[0], score="inf")], {"budget": "1"}, "candidates.0.score"),
        ([dict(BASE[0], score=True)], {"budget": "1"}, "candidates.0.score"),
        ([dict(BASE[0], id="1")], {"budget": "1"}, "candidates.0.id"),
        ([dict(BASE[0], pinned="yes")], {"budget": "1"}, "candidates.0.pinned"),
        ("nope", {"budget": "1"}, "candidates"),
    ],
)
def test_malformed_input_is_an_error_naming_the_field(candidates, constraints, field):
    with pytest.raises(SelectionInputError) as caught:
        solve(candidates, constraints)
    assert field in caught.value.by_field()
    assert isinstance(caught.value, ValueError)
    assert caught.value.by_field("de")[field]


def test_state_codes_are_case_insensitive():
    assert solve([dict(BASE[0], state="nw")], {"budget": "1000000"})["selected"] == [1]


def test_module_is_pure_python_without_django():
    for name in ("selection.py", "assignment.py"):
        tree = ast.parse((Path(selection.__file__).parent / name).read_text())
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}  # fmt: skip
        imported |= {
            node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
        }
        assert not any(m.startswith("django") or m.startswith("stadtnetz") for m in imported), name
