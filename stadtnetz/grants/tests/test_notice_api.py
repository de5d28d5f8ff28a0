# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""API of the notice area: the grant of a project and its milestones."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from stadtnetz.grants.models import Milestone
from stadtnetz.organisations.models import Role
from stadtnetz.projects.models import Measure
from stadtnetz.users.services import api_token_create

from .factories import YEAR, grantee_user, issued_notice, office_user

pytestmark = pytest.mark.django_db


def _bearer(user):
    user.email_verified_at = timezone.now()  # a write token needs a confirmed address
    user.save(update_fields=["email_verified_at"])
    return {"Authorization": f"Bearer {api_token_create(user=user, name='t').secret}"}


@pytest.fixture
def setup():
    notice = issued_notice()
    measure = Measure.objects.create(project=notice.project, title="Datenplattform", description="x",
                                     status="planned")  # fmt: skip
    return notice, measure, grantee_user(notice.project.organisation)


def test_grant_shows_plan_rate_schedule(client, setup):
    notice, _measure, lead = setup
    response = client.get(
        f"/api/v1/model-projects/{notice.project_id}/grant", headers=_bearer(lead)
    )
    assert response.status_code == 200
    body = response.json()
    assert body["reference"] == notice.reference and body["funding_rate"] == "65.00"
    cell = next(r for r in body["plan"] if r["phase"] == "A" and r["category"] == "personnel")
    assert cell["eligible_costs"] == "120000.00" and cell["grant"] == "78000.00"
    assert cell["requested_costs"] == "120000.00"
    assert [s["kind"] for s in body["statements"]] == ["interim", "interim", "final"]
    assert body["conditions"][0]["text"].startswith("Die ANBest-GK")
    assert body["plan_version"] == 1 and body["strategy_approved"] is False


def test_grant_is_404_for_others(client, setup):
    notice, _measure, _lead = setup
    other = issued_notice(ags="09162000", title="München digital")
    stranger = grantee_user(other.project.organisation, "fremd", Role.ADMIN)
    response = client.get(
        f"/api/v1/model-projects/{notice.project_id}/grant", headers=_bearer(stranger)
    )
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_milestones_create_list_patch_and_refusals(client, setup):
    notice, measure, lead = setup
    url = f"/api/v1/model-projects/{notice.project_id}/milestones"
    headers = _bearer(lead)
    outside = client.post(url, {"measure_id": measure.pk, "title": "Ausschreibung", "due_on": f"{YEAR + 5}-01-01"},
                          content_type="application/json", headers=headers)  # fmt: skip
    assert outside.status_code == 400 and outside.json()["field"] == "due_on"
    created = client.post(url, {"measure_id": measure.pk, "title": "Ausschreibung", "due_on": f"{YEAR}-06-30"},
                          content_type="application/json", headers=headers)  # fmt: skip
    assert created.status_code == 201
    milestone = created.json()
    assert milestone["version"] == 0 and milestone["status"] == "planned"
    assert [m["title"] for m in client.get(url, headers=headers).json()] == ["Ausschreibung"]
    one = f"{url}/{milestone['id']}"
    reached = client.patch(one, {"version": 0, "status": "reached"}, content_type="application/json",
                           headers=headers)  # fmt: skip
    assert reached.status_code == 400 and reached.json()["field"] == "reached_on"
    today = dt.date.today().isoformat()
    ok = client.patch(one, {"version": 0, "status": "reached", "reached_on": today},
                      content_type="application/json", headers=headers)  # fmt: skip
    assert ok.status_code == 200 and ok.json()["version"] == 1
    stale = client.patch(
        one, {"version": 0, "title": "Alt"}, content_type="application/json", headers=headers
    )
    assert stale.status_code == 409 and stale.json()["current"]["version"] == 1
    assert Milestone.objects.get().title == "Ausschreibung"


def test_other_projects_milestone_is_404_and_members_get_403(client, setup):
    notice, measure, lead = setup
    other = issued_notice(ags="09162000", title="München digital")
    theirs = Milestone.objects.create(measure=Measure.objects.create(project=other.project, title="m", description="x",
                                                                     status="planned"),
                                      title="Ihrer", due_on=dt.date(YEAR, 6, 1))  # fmt: skip
    url = f"/api/v1/model-projects/{notice.project_id}/milestones/{theirs.pk}"
    response = client.patch(url, {"version": 0, "title": "Gekapert"}, content_type="application/json",
                            headers=_bearer(lead))  # fmt: skip
    assert response.status_code == 404
    member = grantee_user(notice.project.organisation, "mitglied", Role.MEMBER)
    for user in (member, office_user()):
        refused = client.post(f"/api/v1/model-projects/{notice.project_id}/milestones",
                              {"measure_id": measure.pk, "title": "x", "due_on": f"{YEAR}-06-30"},
                              content_type="application/json", headers=_bearer(user))  # fmt: skip
        assert refused.status_code == 403
    assert Milestone.objects.get().title == "Ihrer"
