# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The API of statements and change requests: draft, submit, review, file and decide; the
refusals in the one error shape with the field named."""

from __future__ import annotations

import pytest
from django.utils import timezone

from stadtnetz.grants.models import ChangeRequest, SoftwareObligation
from stadtnetz.users.services import api_token_create

from .factories import BUDGET, YEAR, grantee_user, issued_notice, office_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice():
    return issued_notice()


def _bearer(user) -> dict:
    type(user).objects.filter(pk=user.pk).update(email_verified_at=timezone.now())
    return {"Authorization": f"Bearer {api_token_create(user=user, name='t').secret}"}


@pytest.fixture
def lead(notice):
    return _bearer(grantee_user(notice.project.organisation))


def _post(client, url, body, headers):
    return client.post(f"/api/v1{url}", body, content_type="application/json", headers=headers)


def test_draft_submit_review_through_the_api(client, notice, lead):
    reports = client.get(f"/api/v1/model-projects/{notice.project_id}/reports", headers=lead)
    assert reports.status_code == 200
    interim = next(r for r in reports.json() if r["kind"] == "interim")
    assert [s["key"] for s in interim["sections"]] == ["sachstand", "abweichungen", "ausblick"]
    url = f"/reports/{interim['id']}"
    body = {"version": 0, "answers": {"sachstand": "a", "abweichungen": "b", "ausblick": "c"},
            "expenditures": [{"phase": "A", "year": YEAR, "category": "personnel",
                              "amount": "-1.00"}]}  # fmt: skip
    refused = _post(client, f"{url}/draft", body, lead)
    assert refused.status_code == 400 and refused.json()["field"] == "expenditures.0"
    body["expenditures"][0]["amount"] = "1500.00"
    saved = _post(client, f"{url}/draft", body, lead)
    assert saved.status_code == 200 and saved.json()["version"] == 1
    assert saved.json()["expenditures"][0]["amount"] == "1500.00"
    stale = _post(client, f"{url}/draft", body, lead)  # version 0 again, other content: none
    assert stale.status_code == 200  # same values: a double submit, no conflict
    body["answers"]["sachstand"] = "anders"
    assert _post(client, f"{url}/draft", body, lead).status_code == 409
    assert _post(client, f"{url}/submit", {}, lead).json()["status"] == "submitted"
    again = _post(client, f"{url}/submit", {}, lead)
    assert again.status_code == 400 and again.json()["code"] == "invalid"
    assert _post(client, f"{url}/review", {"decision": "accept"}, lead).status_code == 403
    office = _bearer(office_user())
    no_reason = _post(client, f"{url}/review", {"decision": "changes"}, office)
    assert no_reason.status_code == 400 and no_reason.json()["field"] == "reason"
    done = _post(client, f"{url}/review", {"decision": "accept"}, office)
    assert done.json()["status"] == "accepted"
    assert [e["status"] for e in done.json()["events"]] == ["due", "draft", "submitted", "accepted"]


def test_another_projects_statement_and_changes_are_404(client, notice, lead):
    other = issued_notice(ags="09162000", title="München smart")
    report = other.reports.first()
    assert client.get(f"/api/v1/reports/{report.pk}", headers=lead).status_code == 404
    assert _post(client, f"/reports/{report.pk}/draft", {"version": 0}, lead).status_code == 404
    assert client.get(f"/api/v1/model-projects/{other.project_id}/reports",
                      headers=lead).status_code == 404  # fmt: skip
    body = {"kind": "period", "reason": "x", "period_end": f"{YEAR + 3}-06-30"}
    assert _post(client, f"/model-projects/{other.project_id}/change-requests", body,
                 lead).status_code == 404  # fmt: skip


def test_final_statement_blocked_by_the_obligations(client, notice, lead):
    from stadtnetz.projects.models import Measure

    measure = Measure.objects.create(project=notice.project, title="Bürger-App", description="x",
                                     spatial_effect="site", status="in_progress")  # fmt: skip
    SoftwareObligation.objects.create(measure=measure, produces_software=True)
    final = notice.reports.get(kind="final")
    body = {"version": 0,
            "answers": {"ergebnisse": "a", "zielerreichung": "b", "uebertragbarkeit": "c"},
            "expenditures": [{"phase": "B", "year": YEAR + 2, "category": "personnel", "amount": "5"}],
            "contracts": [{"contractor": "Firma", "subject": "App", "amount": "5",
                           "awarded_on": f"{YEAR + 1}-02-01"}]}  # fmt: skip
    assert _post(client, f"/reports/{final.pk}/draft", body, lead).status_code == 200
    refused = _post(client, f"/reports/{final.pk}/submit", {}, lead)
    assert refused.status_code == 400
    assert refused.json()["field"] == "obligations" and "Bürger-App" in refused.json()["detail"]


def test_change_request_negative_year_refused_then_filed_and_approved(client, notice, lead):
    lines = [{"phase": p, "year": y, "category": c, "eligible_costs": a} for p, y, c, a in BUDGET]
    lines[2]["eligible_costs"] = "-100000.00"
    url = f"/model-projects/{notice.project_id}/change-requests"
    refused = _post(client, url, {"kind": "budget", "reason": "x", "lines": lines}, lead)
    assert refused.status_code == 400 and refused.json()["field"] == "lines.2"
    assert not ChangeRequest.objects.exists()
    lines[2]["eligible_costs"] = "200000.00"
    lines[4]["eligible_costs"] = "400000.00"
    filed = _post(client, url, {"kind": "budget", "reason": "Verschieben", "lines": lines}, lead)
    assert filed.status_code == 201
    change_id = filed.json()["id"]
    office = _bearer(office_user())
    decided = _post(client, f"/change-requests/{change_id}/decide", {"decision": "approve"}, office)
    assert decided.status_code == 200 and decided.json()["plan_version"] == 2
    outside = _post(client, url, {"kind": "period", "reason": "x", "period_end": f"{YEAR}-06-30"},
                    lead)  # fmt: skip
    assert outside.status_code == 400 and outside.json()["field"] == "period_end"
