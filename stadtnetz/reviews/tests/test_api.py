# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The review API: drafts, submission, hiding from unassigned or conflicted reviewers, ranking
and the jury's constraints (bad input refused at the field, nothing stored)."""

from __future__ import annotations

import pytest

from stadtnetz.reviews import services
from stadtnetz.reviews.models import Assignment, ReviewCase, SelectionRun
from stadtnetz.users.services import api_token_create

from .conftest import pass_all

pytestmark = pytest.mark.django_db


def _bearer(user):
    return {"Authorization": f"Bearer {api_token_create(user=user, name='t').secret}"}


@pytest.fixture
def assigned(opened, office, reviewers):
    cases = list(ReviewCase.objects.select_related("application__organisation", "call"))
    for case in cases:
        pass_all(office, case)
    for reviewer in reviewers[:3]:
        services.pool_invite(actor=office, call=opened, reviewer=reviewer)
    for case in cases:
        services.conflict_declare(actor=reviewers[0], case=case, conflicted=False)
    services.conflict_declare(actor=reviewers[1], case=cases[0], conflicted=True)
    services.assignment_add(actor=office, case=cases[0], reviewer=reviewers[0])
    review = services.review_get_or_create(reviewer=reviewers[0], case=cases[0])
    return cases, review


def test_review_state_office_sees_all_reviewer_names_only(
    client, opened, office, reviewers, assigned
):
    response = client.get(
        f"/api/v1/calls/{opened.pk}/applications/review-state", headers=_bearer(office)
    )
    assert response.status_code == 200 and len(response.json()) == 4
    assert response.json()[0]["state"] == "in_review"
    response = client.get(
        f"/api/v1/calls/{opened.pk}/applications/review-state", headers=_bearer(reviewers[1])
    )
    items = response.json()
    assert len(items) == 4 and all(
        item["state"] is None and item["reviewers"] is None for item in items
    )
    assert sum(1 for item in items if item["conflicted"]) == 1
    outsider = client.get(
        f"/api/v1/calls/{opened.pk}/applications/review-state", headers=_bearer(reviewers[3])
    )
    assert outsider.status_code == 404


def test_put_and_submit_review(client, opened, reviewers, assigned):
    _cases, review = assigned
    headers = _bearer(reviewers[0])
    keys = [item["key"] for item in services.review_items(opened)]
    url = f"/api/v1/reviews/{review.pk}"
    for bad in (6, -1, "abc", "2.5"):
        response = client.put(
            url, {"scores": {keys[0]: bad}}, content_type="application/json", headers=headers
        )
        assert response.status_code == 400, bad
        assert f"score_{keys[0]}" in response.json()["errors"]
    response = client.put(
        url,
        {"scores": {keys[0]: 3}, "comments": {keys[0]: "x" * 5000}},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 400 and f"comment_{keys[0]}" in response.json()["errors"]
    assert not review.scores.exists()
    response = client.post(f"{url}/submit", headers=headers)
    assert response.status_code == 400 and "recommendation" in response.json()["errors"]
    body = {
        "scores": {keys[0]: 4, keys[1]: 5, keys[2]: "na"},
        "recommendation": "fund",
        "summary": "Gut",
    }
    response = client.put(url, body, content_type="application/json", headers=headers)
    assert response.status_code == 200 and response.json()["status"] == "draft"
    first = client.post(f"{url}/submit", headers=headers)
    second = client.post(f"{url}/submit", headers=headers)
    assert first.status_code == second.status_code == 200
    assert (
        first.json() == second.json() and first.json()["weighted_score"] == "4.60"
    )  # (40·4 + 60·5)/100
    response = client.put(url, body, content_type="application/json", headers=headers)
    assert response.status_code == 400 and "unveränderlich" in response.json()["errors"]["__all__"]


def test_unassigned_and_conflicted_reviewers_get_404(client, opened, reviewers, assigned):
    _cases, review = assigned
    for other in (reviewers[1], reviewers[2], reviewers[3]):
        headers = _bearer(other)
        assert client.get(f"/api/v1/reviews/{review.pk}", headers=headers).status_code == 404
        assert client.put(f"/api/v1/reviews/{review.pk}", {"scores": {}}, content_type="application/json",
                          headers=headers).status_code == 404  # fmt: skip
        assert (
            client.post(f"/api/v1/reviews/{review.pk}/submit", headers=headers).status_code == 404
        )


def test_declaration_after_assignment_unassigns(client, opened, reviewers, assigned):
    cases, _review = assigned
    response = client.put(f"/api/v1/applications/{cases[0].application_id}/conflict-declaration",
                          {"conflicted": True, "note": "Befangen"}, content_type="application/json",
                          headers=_bearer(reviewers[0]))  # fmt: skip
    assert response.status_code == 200 and response.json()["unassigned"] is True
    assert not Assignment.objects.filter(case=cases[0], removed_at__isnull=True).exists()


def test_assignment_endpoint_refuses_conflicts(client, opened, office, reviewers, assigned):
    cases, _review = assigned
    response = client.post(f"/api/v1/calls/{opened.pk}/assignments",
                           {"application_id": cases[0].application_id, "reviewer_id": reviewers[1].pk},
                           content_type="application/json", headers=_bearer(office))  # fmt: skip
    assert (
        response.status_code == 400
        and "Interessenkonflikt" in response.json()["errors"]["reviewer"]
    )
    response = client.post(f"/api/v1/calls/{opened.pk}/assignments",
                           {"application_id": cases[1].application_id, "reviewer_id": reviewers[0].pk},
                           content_type="application/json", headers=_bearer(office))  # fmt: skip
    assert response.status_code == 201


def test_selection_run_bad_constraints_refused_nothing_stored(
    client, opened, office, assigned, reviewers
):
    cases, review = assigned
    keys = [item["key"] for item in services.review_items(opened)]
    services.review_settings(opened).__class__.objects.filter(call=opened).update(
        reviewers_per_application=1
    )
    services.review_save(
        actor=reviewers[0],
        review=review,
        scores=dict.fromkeys(keys, "3"),
        comments={},
        recommendation="fund",
    )
    services.review_submit(actor=reviewers[0], review=review)
    url = f"/api/v1/calls/{opened.pk}/selection-runs"
    headers = _bearer(office)
    cases_bad = [
        ({"budget": "-5"}, "budget"),
        ({"budget": "abc"}, "budget"),
        ({"budget": "100", "min_per_size_class": {"megastadt": 1}}, "min_per_size_class.megastadt"),
        ({"budget": "100", "pins": {"999999": {"pin": "include", "reason": "x"}}}, "pins.999999"),
        ({"budget": "100", "pins": {str(cases[0].application_id): {"pin": "include", "reason": ""}}},
         f"pins.{cases[0].application_id}"),
        ({"budget": "100", "min_per_size_class": {"grossstadt": 3}, "max_per_size_class": {"grossstadt": 1}},
         "max_per_size_class.grossstadt"),
    ]  # fmt: skip
    for body, field in cases_bad:
        response = client.post(url, body, content_type="application/json", headers=headers)
        assert response.status_code == 400, body
        assert field in response.json()["errors"], (body, response.json())
    assert (
        client.post(
            url, {"min_states": 1}, content_type="application/json", headers=headers
        ).status_code
        == 422
    )
    assert not SelectionRun.objects.exists()


def test_ranking_api_sorted_with_ties(client, opened, office, assigned):
    response = client.get(f"/api/v1/calls/{opened.pk}/ranking", headers=_bearer(office))
    assert response.status_code == 200
    items = response.json()
    assert {"application_id", "organisation", "size_class", "state", "requested_grant", "mean_score", "scores",
            "spread", "recommendations", "tied"} <= set(items[0])  # fmt: skip


def test_assigning_a_reviewer_notifies_them_once(assigned, reviewers, opened):
    """Issue 12: "review assigned" reaches the reviewer in the app (and by mail, via the task)."""
    from stadtnetz.notifications.models import EventType, Notification

    cases, _review = assigned
    notification = Notification.objects.get(recipient=reviewers[0])
    assert notification.event_type == EventType.REVIEW_ASSIGNED
    assert cases[0].application.title in notification.subject
    assert notification.url == f"/auswahl/antraege/{cases[0].pk}/"
    assert not Notification.objects.exclude(recipient=reviewers[0]).exists()
