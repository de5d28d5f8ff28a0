# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The maturity API: questionnaire, stateless evaluation, saving, history, statistics."""

from __future__ import annotations

import json

import pytest

from stadtnetz.assessments.models import Answer, Assessment
from stadtnetz.users.services import api_token_create

from .conftest import full_answers

pytestmark = pytest.mark.django_db

EVALUATE = "/api/v1/assessments/evaluate"


def post(client, url, body, **headers):
    raw = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(url, raw, content_type="application/json", headers=headers)


def test_questionnaire_shape(client):
    data = client.get("/api/v1/assessments/questionnaire").json()
    assert data["version"] == "1.0.0"
    assert [s["id"] for s in data["stages"]] == ["B", "F", "FR", "I"]
    assert data["stages"][0]["label"] == "Beginner"
    assert len(data["dimensions"]) == 8
    s1 = data["dimensions"][0]["questions"][0]
    assert s1["id"] == "S1" and s1["text"].startswith("Gibt es eine Smart-City")
    assert [o["id"] for o in s1["options"]] == ["B", "F", "FR", "I", "unknown"]
    i3 = next(q for d in data["dimensions"] for q in d["questions"] if q["id"] == "I3")
    assert i3["options"][-1] == {"id": "na", "text": "Nicht zutreffend"}
    english = client.get("/api/v1/assessments/questionnaire?lang=en").json()
    assert (
        english["dimensions"][0]["questions"][0]["text"]
        == "Is there a smart city or digital strategy?"
    )


def test_evaluate_returns_stage_scores_explanation_and_steps(client):
    answers = full_answers("FR", P1="F", P2="F", D1="F", D2="F")
    response = post(client, EVALUATE, {"answers": answers})
    assert response.status_code == 200
    data = response.json()
    assert data["overall"] == {"stage": "FR", "index": 63.3}  # (6 × 66.7 + 2 × 53.3) / 8
    dims = {d["id"]: d for d in data["dimensions"]}
    assert dims["S"] == {**dims["S"], "stage": "FR", "score": 66.7}
    assert dims["P"]["stage"] == "F"
    assert "Frontrunner" in data["explanation"]["overall"]
    assert data["next_steps"][0]["to"] == "I"
    assert Assessment.objects.count() == 0  # stateless


def test_evaluate_marks_not_assessable_dimension_null(client):
    answers = full_answers("F", K1="unknown", K2="unknown", K3="unknown")
    data = post(client, EVALUATE + "?lang=en", {"answers": answers}).json()
    k = next(d for d in data["dimensions"] if d["id"] == "K")
    assert k["stage"] is None and k["unknown"] == 3
    assert data["explanation"]["dimensions"]["K"].startswith("Not assessable")


@pytest.mark.parametrize(
    ("body", "code", "offender"),
    [
        ({"answers": {**full_answers(), "Z1": "F"}}, "unknown_question", "Z1"),
        ({"answers": {**full_answers(), "S3": "FRX"}}, "unknown_option", "S3"),
        ({"answers": {**full_answers(), "S3": None}}, "unknown_option", "S3"),
        ({"answers": {**full_answers(), "S3": "na"}}, "not_applicable_not_allowed", "S3"),
        ({"answers": {k: v for k, v in full_answers().items() if k != "O4"}}, "missing_answer", "O4"),
        ({"answers": full_answers(), "version": "0.9.0"}, "wrong_version", "0.9.0"),
        ({"answers": full_answers(), "evidence": {"S1": {"url": "javascript:x"}}},
         "invalid_evidence_url", "S1"),
        ({"answers": "S1=F"}, "invalid_answers", "answers"),
        ({}, "missing_answer", "answers"),
        ({"answers": full_answers(), "extra": 1}, "unknown_field", "extra"),
        ([1, 2], "invalid_json", "body"),
        ("{not json", "invalid_json", "body"),
        ("<script>alert(1)</script>", "invalid_json", "body"),
        ("' OR 1=1 --", "invalid_json", "body"),
        (b"\xff\xfe", "invalid_json", "body"),
    ],
)  # fmt: skip
def test_bad_input_is_a_clear_400_with_the_offending_id(client, body, code, offender):
    response = post(client, EVALUATE, body)
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()["field"] == offender
    assert response.json()["detail"]


def test_oversized_payload_is_refused(client):
    body = {"answers": full_answers(), "evidence": {"S1": {"document": "x" * 70_000}}}
    response = post(client, EVALUATE, body)
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"


def test_save_and_history_for_editors(client, city, editor, member, make_user):
    token = api_token_create(user=editor, name="t").secret
    url = f"/api/v1/assessments/organisations/{city.pk}"
    body = {"answers": full_answers("FR"), "assessed_on": "2025-03-01",
            "evidence": {"S1": {"url": "https://solingen.de/strategie", "decision": "1234/2024"}}}  # fmt: skip
    response = post(client, url, body, Authorization=f"Bearer {token}")
    assert response.status_code == 201, response.content
    saved = Assessment.objects.get()
    assert saved.status == "completed" and saved.overall_stage == "FR"
    assert saved.size_class == "grossstadt" and saved.state_code == "NW"
    assert Answer.objects.get(assessment=saved, question="S1").evidence_decision == "1234/2024"
    history = client.get(url, headers={"Authorization": f"Bearer {token}"}).json()
    assert [h["assessed_on"] for h in history] == ["2025-03-01"]
    member_token = api_token_create(user=member, name="m").secret
    assert post(client, url, body, Authorization=f"Bearer {member_token}").status_code == 403
    assert client.get(url, headers={"Authorization": f"Bearer {member_token}"}).status_code == 200
    stranger = api_token_create(user=make_user("stranger"), name="s").secret
    assert client.get(url, headers={"Authorization": f"Bearer {stranger}"}).status_code == 403
    assert client.get(url).status_code == 401


def test_bad_save_stores_nothing(client, city, editor):
    token = api_token_create(user=editor, name="t").secret
    url = f"/api/v1/assessments/organisations/{city.pk}"
    for body in (
        {"answers": full_answers(), "evidence": {"S1": {"url": "ftp://x"}}},
        {"answers": {**full_answers(), "W5": "?"}},
        {"answers": full_answers(), "assessed_on": "gestern"},
    ):
        response = post(client, url, body, Authorization=f"Bearer {token}")
        assert response.status_code == 400
    assert Assessment.objects.count() == 0 and Answer.objects.count() == 0
