# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The review settings page of a call: validation at the field, refusals once the review has
reached a setting (with the reason), nothing half-saved, and the history of who changed what."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from stadtnetz.reviews import services
from stadtnetz.reviews.models import AuditEvent, CallReviewSettings, ReviewCase

from .conftest import full_scores, pass_all


@pytest.fixture(autouse=True)
def english_pages(client):
    client.cookies["stadtnetz_language"] = "en"


def _data(call, **changes):
    current = services.review_settings(call)
    data = {
        "reviewers_per_application": current.reviewers_per_application, "max_load": current.max_load or "",
        "reconciliation_threshold": str(current.reconciliation_threshold), "late_document_days": current.late_document_days,
        "comment_limit": current.comment_limit, "checklist": "\n".join(services.checklist_texts(call)),
        **{f"anchor_{n}": text for n, text in enumerate(current.scale_anchors)},
    }  # fmt: skip
    if current.share_anonymised_comments:
        data["share_anonymised_comments"] = "on"
    data.update(changes)
    return data


def _post(client, office, call, **changes):
    client.force_login(office)
    return client.post(reverse("reviews:review_settings", args=[call.pk]), _data(call, **changes))


def _snapshot(call):
    row = CallReviewSettings.objects.get(call=call)
    return (row.reviewers_per_application, row.reconciliation_threshold, row.max_load, row.late_document_days,
            row.comment_limit, row.share_anonymised_comments, list(row.scale_anchors),
            list(call.checklist_items.values_list("text", flat=True)))  # fmt: skip


def test_office_changes_settings_and_the_history_names_who(client, opened, office):
    anchors = {f"anchor_{n}": f"Stufe {n}" for n in range(6)}
    response = _post(client, office, opened, reviewers_per_application=3, reconciliation_threshold="1,25",
                     late_document_days=45, share_anonymised_comments="on", checklist="Ratsbeschluss liegt bei\nFrist eingehalten",
                     **anchors)  # fmt: skip
    assert response.status_code == 302
    row = CallReviewSettings.objects.get(call=opened)
    assert row.reviewers_per_application == 3 and row.reconciliation_threshold == Decimal("1.25")
    assert row.late_document_days == 45 and row.share_anonymised_comments is True
    assert row.scale_anchors == [f"Stufe {n}" for n in range(6)]
    assert list(opened.checklist_items.values_list("text", flat=True)) == [
        "Ratsbeschluss liegt bei",
        "Frist eingehalten",
    ]
    event = AuditEvent.objects.filter(call=opened, kind="settings").first()
    assert event.actor == office and "2 → 3" in event.summary
    page = client.get(reverse("reviews:review_settings", args=[opened.pk])).content.decode()
    assert "2 → 3" in page and office.display_name in page


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("reviewers_per_application", "0"), ("reviewers_per_application", "11"), ("reviewers_per_application", "zwei"),
        ("reconciliation_threshold", "-1"), ("reconciliation_threshold", "5,5"), ("reconciliation_threshold", "1,234"),
        ("reconciliation_threshold", "NaN"), ("late_document_days", "366"), ("comment_limit", "50"),
        ("max_load", "0"), ("anchor_3", ""), ("anchor_2", "x" * 201), ("checklist", ""),
    ],
)  # fmt: skip
def test_hostile_values_are_refused_at_the_field_and_nothing_is_saved(
    client, opened, office, field, value
):
    before = _snapshot(opened)
    changes = {"late_document_days": 60, field: value}  # a valid change beside the bad one
    response = _post(client, office, opened, **changes)
    assert response.status_code == 400
    assert f'id="id_{field}-error"' in response.content.decode()
    assert _snapshot(opened) == before  # the valid change (60 days) was not saved either


@pytest.fixture
def reviewing(opened, applications, office, reviewers):
    """One application assigned and reviewed, another checked: the review has started."""
    case = ReviewCase.objects.get(application=applications[0])
    pass_all(office, case)
    services.pool_invite(actor=office, call=opened, reviewer=reviewers[0])
    services.conflict_declare(actor=reviewers[0], case=case, conflicted=False)
    services.assignment_add(actor=office, case=case, reviewer=reviewers[0])
    review = services.review_get_or_create(reviewer=reviewers[0], case=case)
    services.review_save(
        actor=reviewers[0],
        review=review,
        scores=full_scores(opened, "3"),
        comments={},
        recommendation="fund",
    )
    services.review_submit(actor=reviewers[0], review=review)
    return opened


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("reviewers_per_application", "3", "Reviewers are already assigned"),
        ("reconciliation_threshold", "0,5", "judged against the current threshold"),
        ("anchor_0", "0 – gar nicht", "change the meaning of scores already given"),
        ("share_anonymised_comments", "on", "believing their comments stay internal"),
        ("comment_limit", "500", "can be raised, not lowered"),
        ("checklist", "Nur ein Punkt", "fixed once the first formal check"),
    ],
)
def test_unsafe_changes_once_the_review_started_are_refused_with_the_reason(
    client, reviewing, office, field, value, reason
):
    before = _snapshot(reviewing)
    response = _post(client, office, reviewing, late_document_days=60, **{field: value})
    assert response.status_code == 400
    body = response.content.decode()
    assert reason in body
    assert _snapshot(reviewing) == before


def test_safe_changes_stay_possible_during_the_review(client, reviewing, office):
    response = _post(client, office, reviewing, late_document_days=10, comment_limit=4000)
    assert response.status_code == 302
    row = CallReviewSettings.objects.get(call=reviewing)
    assert row.late_document_days == 10 and row.comment_limit == 4000


def test_max_load_cannot_go_below_an_existing_load(
    client, reviewing, office, applications, reviewers
):
    second = ReviewCase.objects.get(application=applications[1])
    pass_all(office, second)
    services.conflict_declare(actor=reviewers[0], case=second, conflicted=False)
    services.assignment_add(actor=office, case=second, reviewer=reviewers[0])
    response = _post(client, office, reviewing, max_load="1")
    assert response.status_code == 400 and "already has 2 applications" in response.content.decode()
    assert _post(client, office, reviewing, max_load="2").status_code == 302
    assert CallReviewSettings.objects.get(call=reviewing).max_load == 2


def test_only_the_office_reaches_the_settings(client, opened, reviewers, applicant_editor):
    for user in (reviewers[0], applicant_editor):
        client.force_login(user)
        assert client.get(reverse("reviews:review_settings", args=[opened.pk])).status_code == 404
        assert (
            client.post(
                reverse("reviews:review_settings", args=[opened.pk]),
                _data(opened, late_document_days=1),
            ).status_code
            == 404
        )
    assert services.review_settings(opened).late_document_days == 30
