# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""POST /api/v1/selection/solve: the pure solver endpoint for the programme office."""

from __future__ import annotations

import itertools
import json
import random
from decimal import Decimal

import pytest

from stadtnetz.users.services import api_token_create

URL = "/api/v1/selection/solve"

CANDIDATES = [
    {"id": 1, "score": 4.5, "cost": "400000.00", "size_class": "grossstadt", "state": "NW"},
    {"id": 2, "score": 4.2, "cost": "300000.00", "size_class": "grossstadt", "state": "BY"},
    {"id": 3, "score": 3.9, "cost": "200000.00", "size_class": "mittelstadt", "state": "NW"},
    {"id": 4, "score": 3.1, "cost": "100000.00", "size_class": "kleinstadt", "state": "SN"},
    {"id": 5, "score": 2, "cost": "150000.00", "size_class": "landkreis", "state": "SN"},
]


@pytest.fixture
def office(make_user):
    user = make_user("office", is_programme_office=True)
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='t').secret}"}


def post(client, body, headers=None, lang=""):
    raw = body if isinstance(body, str | bytes) else json.dumps(body)
    url = f"{URL}?lang={lang}" if lang else URL
    return client.post(url, raw, content_type="application/json", **(headers or {}))


def test_anonymous_gets_401(client, db):
    response = post(client, {"candidates": CANDIDATES, "constraints": {"budget": "1"}})
    assert response.status_code == 401


@pytest.mark.parametrize("role", [{}, {"is_reviewer": True}], ids=["signed-in person", "reviewer"])
def test_only_the_programme_office_may_solve(client, make_user, role):
    user = make_user("someone", **role)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='t').secret}"}
    response = post(client, {"candidates": CANDIDATES, "constraints": {"budget": "1"}}, headers)
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_staff_may_solve(client, make_user):
    user = make_user("staff", is_staff=True)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='t').secret}"}
    response = post(client, {"candidates": CANDIDATES, "constraints": {"budget": "700000"}}, headers)  # fmt: skip
    assert response.status_code == 200


def test_optimal_selection_with_binding_constraints_and_greedy(client, office):
    body = {"candidates": CANDIDATES,
            "constraints": {"budget": "700000.00", "min_per_size_class": {"landkreis": 1}}}  # fmt: skip
    response = post(client, body, office)
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "optimal"
    assert data["selected"] == [2, 3, 5]
    assert Decimal(data["objective"]) == Decimal("10.1")
    assert Decimal(data["total_cost"]) == Decimal("650000.00")
    assert data["reason"] == ""
    assert {b["group"] for b in data["binding"]} == {"budget", "min_per_size_class"}
    assert data["greedy"]["selected"] == [1, 2] and data["greedy"]["feasible"] is False
    assert data["solver"].startswith("HiGHS")


def test_infeasible_input_is_a_result_with_a_reason_in_the_request_language(client, office):
    body = {"candidates": CANDIDATES, "constraints": {"budget": "1000000", "min_states": 4}}
    german = post(client, body, office).json()  # German by default
    assert german["status"] == "infeasible"
    assert german["selected"] == [] and german["objective"] is None
    assert "mindestens 4 verschiedene Länder" in german["reason"]
    english = post(client, body, office, lang="en").json()
    assert "at least 4 different states" in english["reason"]
    assert english["conflict"] == [
        {"group": "min_states", "key": "", "text": "at least 4 different states"}
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"candidates": CANDIDATES, "constraints": {"budget": "-1"}}, "constraints.budget"),
        ({"candidates": CANDIDATES, "constraints": {}}, "constraints.budget"),
        ({"candidates": CANDIDATES, "constraints": {"budget": 1.5}}, "constraints.budget"),
        (
            {
                "candidates": CANDIDATES,
                "constraints": {"budget": "1", "max_per_size_class": {"dorf": 1}},
            },
            "constraints.max_per_size_class.dorf",
        ),  # fmt: skip
        (
            {
                "candidates": [dict(CANDIDATES[0], size_class="metropole")],
                "constraints": {"budget": "1"},
            },
            "candidates.0.size_class",
        ),  # fmt: skip
        (
            {"candidates": [dict(CANDIDATES[0], state="ZZ")], "constraints": {"budget": "1"}},
            "candidates.0.state",
        ),  # fmt: skip
        (
            {"candidates": CANDIDATES + [CANDIDATES[0]], "constraints": {"budget": "1"}},
            "candidates.5.id",
        ),  # fmt: skip
        (
            {"candidates": CANDIDATES, "constraints": {"budget": "1", "pins": {"42": "include"}}},
            "constraints.pins.42",
        ),  # fmt: skip
        (
            {"candidates": [dict(CANDIDATES[0], cost=400000.5)], "constraints": {"budget": "1"}},
            "candidates.0.cost",
        ),  # fmt: skip
        ({"candidates": CANDIDATES}, "constraints"),
        ({"candidates": CANDIDATES, "constraints": {"budget": "1"}, "extra": 1}, "extra"),
    ],
)
def test_malformed_input_is_422_naming_the_field(client, office, body, field):
    response = post(client, body, office, lang="en")
    assert response.status_code == 422
    data = response.json()
    assert data["code"] == "invalid_input"
    assert field in data["errors"]
    assert field in data["detail"]


@pytest.mark.parametrize("raw", ["not json", "[1, 2]", b"\xff\xfe"])
def test_body_that_is_not_a_json_object_is_400(client, office, raw):
    response = post(client, raw, office)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_json"


def test_oversized_body_is_413(client, office):
    response = post(client, {"candidates": [], "constraints": {"budget": "1"}, "pad": "x" * (1024 * 1024)}, office)  # fmt: skip
    assert response.status_code == 413


def test_get_is_not_allowed(client, office):
    assert client.get(URL, **office).status_code == 405


def _brute(candidates, budget, min_class, max_state):
    best = None
    for size in range(len(candidates) + 1):
        for subset in itertools.combinations(candidates, size):
            if sum(Decimal(c["cost"]) for c in subset) > Decimal(budget):
                continue
            classes = [c["size_class"] for c in subset]
            if any(classes.count(k) < n for k, n in min_class.items()):
                continue
            states = [c["state"] for c in subset]
            if any(states.count(s) > max_state for s in states):
                continue
            total = sum(Decimal(str(c["score"])) for c in subset)
            best = total if best is None or total > best else best
    return best


def test_endpoint_agrees_with_enumeration_on_random_instances(client, office):
    rng = random.Random(11)
    for _round in range(15):
        candidates = [
            {"id": i, "score": round(rng.uniform(0, 5), 2), "cost": f"{rng.randint(50, 400)}000.00",
             "size_class": rng.choice(["grossstadt", "mittelstadt", "kleinstadt", "landkreis"]),
             "state": rng.choice(["NW", "BY", "SN"])}
            for i in range(rng.randint(0, 10))
        ]  # fmt: skip
        min_class = {"landkreis": rng.randint(0, 2)}
        constraints = {"budget": f"{rng.randint(0, 1500)}000", "min_per_size_class": min_class,
                       "max_per_state": rng.randint(1, 3)}  # fmt: skip
        data = post(client, {"candidates": candidates, "constraints": constraints}, office).json()
        best = _brute(candidates, constraints["budget"], min_class, constraints["max_per_state"])
        if best is None:
            assert data["status"] == "infeasible"
        else:
            assert data["status"] == "optimal"
            assert Decimal(data["objective"]) == best


def test_documented_in_openapi_with_every_status(client, db):
    operation = client.get("/api/v1/openapi.json").json()["paths"][URL]["post"]
    assert set(operation["responses"]) == {"200", "400", "401", "403", "413", "422"}
    assert operation["requestBody"]["content"]["application/json"]["schema"]["required"] == [
        "candidates",
        "constraints",
    ]
