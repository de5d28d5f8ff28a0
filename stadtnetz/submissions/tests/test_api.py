# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from stadtnetz.submissions.models import Application, BudgetLine, Submission
from stadtnetz.users.services import api_token_create

pytestmark = pytest.mark.django_db


def _headers(user):
    return {"Authorization": f"Bearer {api_token_create(user=user, name='t').secret}"}


def test_api_flow_with_parity_and_conflicts(client, call, organisation, editor, make_user):
    h = _headers(editor)
    assert client.post("/api/v1/submissions", {"call": call.pk, "organisation": organisation.pk, "title": "API"},
                       content_type="application/json").status_code == 401  # fmt: skip
    response = client.post("/api/v1/submissions", {"call": call.pk, "organisation": organisation.pk, "title": "API"},
                           content_type="application/json", headers=h)  # fmt: skip
    assert response.status_code == 201
    app_id = response.json()["id"]
    again = client.post("/api/v1/submissions", {"call": call.pk, "organisation": organisation.pk, "title": "API"},
                        content_type="application/json", headers=h)  # fmt: skip
    assert again.status_code == 400 and Application.objects.count() == 1
    url = f"/api/v1/submissions/{app_id}/sections/strategie"
    ok = client.put(
        url, {"text": "Version eins", "version": 0}, content_type="application/json", headers=h
    )
    assert ok.status_code == 200 and ok.json()["version"] == 1
    stale = client.put(
        url, {"text": "Alt", "version": 0}, content_type="application/json", headers=h
    )
    assert stale.status_code == 409 and stale.json()["current_text"] == "Version eins"
    too_long = client.put(
        url, {"text": "x" * 2001, "version": 1}, content_type="application/json", headers=h
    )
    assert too_long.status_code == 400
    assert client.put(f"/api/v1/submissions/{app_id}/sections/nope", {"text": "x", "version": 0},
                      content_type="application/json", headers=h).status_code == 404  # fmt: skip
    for bad in ({"amount": "-1"}, {"amount": "viel"}, {"category": "bribes"}, {"amount": "1e40"}):
        line = {
            "phase": "A",
            "year": 2027,
            "category": "personnel",
            "description": "x",
            "amount": "10",
        } | bad
        assert client.post(f"/api/v1/submissions/{app_id}/budget-lines", line, content_type="application/json",
                           headers=h).status_code == 400  # fmt: skip
    assert not BudgetLine.objects.exists()
    check = client.get(f"/api/v1/submissions/{app_id}/check", headers=h).json()
    assert check["complete"] is False and {"budget_missing", "section_empty"} <= {
        p["code"] for p in check["problems"]
    }
    refused = client.post(f"/api/v1/submissions/{app_id}/submit", headers=h)
    assert refused.status_code == 400 and refused.json()["problems"]
    # complete it through the API and the details service
    client.put(f"/api/v1/submissions/{app_id}/sections/ausgangslage", {"text": "Lage", "version": 0},
               content_type="application/json", headers=h)  # fmt: skip
    year = call.opens_at.year + 1
    line = {
        "phase": "A",
        "year": year,
        "category": "personnel",
        "description": "Team",
        "amount": "1000.00",
    }
    assert client.post(f"/api/v1/submissions/{app_id}/budget-lines", line, content_type="application/json",
                       headers=h).status_code == 201  # fmt: skip
    Application.objects.filter(pk=app_id).update(starts_on=dt.date(year, 1, 1), duration_months=12)
    assert client.get(f"/api/v1/submissions/{app_id}/check", headers=h).json() == {
        "complete": True,
        "problems": [],
    }
    receipt = client.post(f"/api/v1/submissions/{app_id}/submit", headers=h)
    assert receipt.status_code == 200
    data = receipt.json()
    assert set(data) >= {"receipt_number", "submitted_at", "pdf_sha256"}
    assert dt.datetime.fromisoformat(data["submitted_at"]).utcoffset() is not None
    assert (
        client.post(f"/api/v1/submissions/{app_id}/submit", headers=h).json() == data
    )  # idempotent
    pdf = client.get(f"/api/v1/submissions/{app_id}/pdf", headers=h)
    assert hashlib.sha256(pdf.content).hexdigest() == data["pdf_sha256"]
    detail = client.get(f"/api/v1/submissions/{app_id}", headers=h).json()
    assert (detail["status"], detail["requested_grant"]) == ("submitted", "650.00")
    locked = client.put(
        url, {"text": "Nach Abgabe", "version": 1}, content_type="application/json", headers=h
    )
    assert locked.status_code == 403
    # forged IDs of other organisations' applications: 404
    stranger = _headers(make_user("fremd"))
    for path in ("", "/check", "/pdf", "/sections/strategie"):
        assert (
            client.get(f"/api/v1/submissions/{app_id}{path}", headers=stranger).status_code == 404
        )
    assert client.post(f"/api/v1/submissions/{app_id}/submit", headers=stranger).status_code == 404
    assert Submission.objects.count() == 1
