# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Reviewer assignment: conflicts, balance, expertise, and honest answers when it cannot work.

Small random instances are checked against an independent enumeration of every assignment.
"""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stadtnetz.reviews.assignment import (
    AssignmentInputError,
    AssignmentProblem,
    assign,
    solve_assignment,
)

PROPERTY = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def enumerate_all(apps, revs, allowed, n, max_load, fixed, fields, expertise, required):
    """(feasible?, best expert coverage, least reviews above ⌈mean⌉) by trying everything."""
    total = len(apps) * n
    ceil_mean = -(-total // max(1, len(revs)))
    if max_load is None:
        low, high = max(0, ceil_mean - 1), total // max(1, len(revs)) + 1
        limits = {r: (low, high) for r in revs}
    else:
        limits = {r: (0, max_load) for r in revs}
    options = []
    for a in apps:
        mine = [r for r in revs if (a, r) in allowed]
        must = {r for aa, r in fixed if aa == a}
        options.append([set(c) for c in itertools.combinations(mine, n) if must <= set(c)])
    best = None
    for choice in itertools.product(*options):
        loads = dict.fromkeys(revs, 0)
        for chosen in choice:
            for r in chosen:
                loads[r] += 1
        if any(not (limits[r][0] <= loads[r] <= limits[r][1]) for r in revs):
            continue
        covered = sum(1 for a, chosen in zip(apps, choice, strict=True)
                      if a in fields and any(fields[a] in expertise.get(r, ()) for r in chosen))  # fmt: skip
        if required and covered < len(fields):
            continue
        over = sum(max(0, v - ceil_mean) for v in loads.values())
        key = (covered, -over)
        best = key if best is None or key > best else best
    return best


@st.composite
def problems(draw):
    apps = list(range(1, draw(st.integers(1, 4)) + 1))
    revs = list(range(11, 11 + draw(st.integers(1, 4))))
    n = draw(st.integers(1, 2))
    allowed = {(a, r) for a in apps for r in revs if draw(st.integers(0, 5)) > 0}
    max_load = draw(st.sampled_from([None, None, 1, 2, 3]))
    fixed = set(draw(st.sets(st.sampled_from(sorted(allowed)), max_size=2))) if allowed else set()
    per_app = {}
    for a, r in sorted(fixed):
        per_app.setdefault(a, []).append(r)
    fixed = {(a, r) for a, rs in per_app.items() for r in rs[:n]}
    fields = {a: draw(st.sampled_from("xy")) for a in apps if draw(st.booleans())}
    expertise = {r: set(draw(st.sets(st.sampled_from("xy"), max_size=2))) for r in revs}
    required = draw(st.booleans())
    return apps, revs, allowed, n, max_load, fixed, fields, expertise, required


@PROPERTY
@given(problems())
def test_solver_agrees_with_enumerating_every_assignment(problem):
    apps, revs, allowed, n, max_load, fixed, fields, expertise, required = problem
    answer = assign(applications=apps, reviewers=revs, allowed=sorted(allowed), per_application=n,
                    max_load=max_load, fixed=sorted(fixed), fields=fields, expertise=expertise,
                    require_expertise=required)  # fmt: skip
    best = enumerate_all(apps, revs, allowed, n, max_load, fixed, fields, expertise, required)
    if best is None:
        assert answer["status"] == "infeasible"
        assert answer["reason"]
        assert answer["pairs"] == []
        return
    assert answer["status"] == "optimal"
    pairs = {tuple(p) for p in answer["pairs"]}
    assert pairs <= allowed, "a conflict was assigned"
    assert fixed <= pairs
    assert all(sum(1 for a, _r in pairs if a == app) == n for app in apps)
    assert answer["expertise_covered"] == best[0]
    total = len(apps) * n
    ceil_mean = -(-total // len(revs))
    assert sum(max(0, v - ceil_mean) for v in answer["loads"].values()) == -best[1]


def test_balanced_within_one_of_the_mean_and_no_conflicts():
    rng = random.Random(7)
    apps, revs = list(range(40)), list(range(100, 112))
    allowed = [(a, r) for a in apps for r in revs if rng.random() > 0.1]
    answer = assign(applications=apps, reviewers=revs, allowed=allowed, per_application=2)
    assert answer["status"] == "optimal"
    mean = 40 * 2 / 12
    assert all(abs(load - mean) <= 1 for load in answer["loads"].values())
    assert {tuple(p) for p in answer["pairs"]} <= set(allowed)
    assert answer["solver"].startswith("HiGHS")


def test_per_reviewer_maximum_replaces_the_balance():
    allowed = [(a, r) for a in (1, 2, 3) for r in (7, 8, 9)]
    answer = assign(applications=[1, 2, 3], reviewers=[7, 8, 9], allowed=allowed,
                    per_application=2, max_load={7: 3, 8: 3, 9: 0})  # fmt: skip
    assert answer["loads"] == {7: 3, 8: 3, 9: 0}


def test_expertise_where_possible():
    allowed = [(a, r) for a in (1, 2) for r in (7, 8, 9)]
    answer = assign(applications=[1, 2], reviewers=[7, 8, 9], allowed=allowed, per_application=1,
                    fields={1: "mobility", 2: "energy"}, expertise={8: ["energy"], 9: ["mobility"]})  # fmt: skip
    assert sorted(map(tuple, answer["pairs"])) == [(1, 9), (2, 8)]
    assert answer["expertise_covered"] == 2


def test_application_with_too_few_conflict_free_reviewers_is_named():
    answer = assign(applications=[1, 2, 3], reviewers=[7, 8],
                    allowed=[(1, 7), (1, 8), (2, 7), (2, 8), (3, 7)], per_application=2)  # fmt: skip
    assert answer["status"] == "infeasible"
    assert answer["uncovered"] == [3]
    assert "Only 1 reviewers without a conflict" in answer["reasons"][3]
    assert "3" in answer["reason"]
    german = assign(applications=[1, 2, 3], reviewers=[7, 8], allowed=[(1, 7), (1, 8), (2, 7), (2, 8), (3, 7)],
                    per_application=2, language="de")  # fmt: skip
    assert "Interessenkonflikt" in german["reasons"][3]


def test_reviewers_at_their_limit_leave_an_application_uncovered():
    answer = assign(applications=[1, 2, 3], reviewers=[7, 8, 9],
                    allowed=[(1, 7), (1, 8), (2, 7), (2, 8), (3, 7), (3, 8), (3, 9)],
                    per_application=2, max_load=2)  # fmt: skip
    assert answer["status"] == "infeasible"
    assert len(answer["uncovered"]) == 1
    (text,) = answer["reasons"].values()
    assert "load limit (at most 2 reviews)" in text


def test_required_expertise_without_any_expert_is_named():
    answer = assign(applications=[1, 2], reviewers=[7, 8], allowed=[(1, 7), (1, 8), (2, 7), (2, 8)],
                    per_application=1, fields={2: "energy"}, expertise={7: ["mobility"]},
                    require_expertise=True)  # fmt: skip
    assert answer["uncovered"] == [2]
    assert "energy" in answer["reasons"][2]


def test_required_expertise_with_experts_at_their_limit():
    answer = assign(applications=[1, 2], reviewers=[7, 8], allowed=[(1, 7), (1, 8), (2, 7), (2, 8)],
                    per_application=1, max_load=1, fields={1: "energy", 2: "energy"},
                    expertise={7: ["energy"]}, require_expertise=True)  # fmt: skip
    assert answer["status"] == "infeasible"
    assert answer["uncovered"] and "load limit" in next(iter(answer["reasons"].values()))


def test_balance_broken_by_a_reviewer_with_too_many_conflicts():
    # every application could be covered, but reviewer 9 can take only one of the four while
    # the balance asks at least two of everyone
    allowed = [(a, r) for a in (1, 2, 3, 4) for r in (7, 8, 9, 10) if r != 9 or a == 1]
    answer = assign(applications=[1, 2, 3, 4], reviewers=[7, 8, 9, 10], allowed=allowed, per_application=3)  # fmt: skip
    assert answer["status"] == "infeasible"
    assert answer["uncovered"] == []
    assert answer["short_reviewers"] == [[9, 1]]
    assert "per-reviewer maximum" in answer["reason"]


def test_existing_assignments_stay():
    allowed = [(a, r) for a in (1, 2) for r in (7, 8, 9)]
    answer = assign(applications=[1, 2], reviewers=[7, 8, 9], allowed=allowed, per_application=2,
                    fixed=[(1, 9), (2, 9)])  # fmt: skip
    assert {(1, 9), (2, 9)} <= {tuple(p) for p in answer["pairs"]}


def test_typed_interface():
    result = solve_assignment(AssignmentProblem(applications=[1], reviewers=[5, 6], allowed=[(1, 5), (1, 6)]))  # fmt: skip
    assert result.status == "optimal" and set(result.pairs) == {(1, 5), (1, 6)}
    assert result.reason() == ""


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"per_application": 0}, "per_application"),
        ({"applications": [1, 1]}, "applications"),
        ({"reviewers": [7, 7]}, "reviewers"),
        ({"allowed": [(1, 99)]}, "allowed"),
        ({"fixed": [(2, 8)]}, "fixed"),  # a conflict cannot be kept as an assignment
        ({"max_load": -1}, "max_load"),
        ({"max_load": {7: 2}}, "max_load"),
        ({"fields": {5: "energy"}}, "fields"),
    ],
)
def test_malformed_input_names_the_field(kwargs, field):
    base = {"applications": [1, 2], "reviewers": [7, 8], "allowed": [(1, 7), (1, 8), (2, 7)], "per_application": 1}  # fmt: skip
    with pytest.raises(AssignmentInputError) as caught:
        assign(**{**base, **kwargs})
    assert field in caught.value.errors
    assert isinstance(caught.value, ValueError)
