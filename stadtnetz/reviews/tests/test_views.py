# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Review pages without JavaScript: content, database state and refusals at the field (pages in
German, the default language)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stadtnetz.reviews import services
from stadtnetz.reviews.models import ReviewCase, ReviewState

from .conftest import pass_all
from .factories import organisation_for, submitted

pytestmark = pytest.mark.django_db


def test_formal_check_page_refuses_fail_without_note(client, opened, office):
    case = ReviewCase.objects.first()
    client.force_login(office)
    url = reverse("reviews:formal_check", args=[case.pk])
    items = list(opened.checklist_items.all())
    data = {f"item_{i.pk}": "pass" for i in items} | {f"item_{items[1].pk}": "fail"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Begründen Sie, warum der Punkt nicht erfüllt ist" in response.content.decode()
    case.refresh_from_db()
    assert case.state == ReviewState.SUBMITTED
    response = client.post(url, data | {f"note_{items[1].pk}": "Ratsbeschluss fehlt"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == ReviewState.INELIGIBLE
    overview = client.get(reverse("reviews:call_review", args=[opened.pk])).content.decode()
    assert "Ratsbeschluss fehlt" in overview


def test_reviewer_list_shows_names_only_until_assigned(client, opened, office, reviewers):
    for case in ReviewCase.objects.all():
        pass_all(office, case)
    services.pool_invite(actor=office, call=opened, reviewer=reviewers[0])
    client.force_login(reviewers[0])
    page = client.get(reverse("reviews:call_review", args=[opened.pk])).content.decode()
    case = ReviewCase.objects.select_related("application__organisation").first()
    assert case.application.organisation.name in page and case.application.title in page
    assert f'href="{reverse("reviews:case_detail", args=[case.pk])}"' not in page
    assert client.get(reverse("reviews:case_detail", args=[case.pk])).status_code == 404
    response = client.post(reverse("reviews:declare", args=[case.pk]), {"conflicted": "no"})
    assert response.status_code == 302
    assert (
        client.get(reverse("reviews:case_detail", args=[case.pk])).status_code == 404
    )  # not yet assigned
    services.assignment_add(actor=office, case=case, reviewer=reviewers[0])
    assert client.get(reverse("reviews:case_detail", args=[case.pk])).status_code == 200
    response = client.post(
        reverse("reviews:declare", args=[case.pk]), {"conflicted": "yes"}, follow=True
    )
    assert "nicht mehr zugeteilt" in response.content.decode()
    assert client.get(reverse("reviews:case_detail", args=[case.pk])).status_code == 404


def test_review_form_without_js_errors_at_field_then_submit(client, opened, office, reviewers):
    case = ReviewCase.objects.first()
    pass_all(office, case)
    services.pool_invite(actor=office, call=opened, reviewer=reviewers[0])
    services.conflict_declare(actor=reviewers[0], case=case, conflicted=False)
    services.assignment_add(actor=office, case=case, reviewer=reviewers[0])
    client.force_login(reviewers[0])
    response = client.post(reverse("reviews:review_start", args=[case.pk]))
    url = response["Location"]
    keys = [item["key"] for item in services.review_items(opened)]
    response = client.post(url, {f"score_{keys[0]}": "9", f"comment_{keys[1]}": "Gut"})
    assert response.status_code == 400
    body = response.content.decode()
    assert (
        "Geben Sie eine ganze Zahl von 0 bis 5 ein." in body
        and f'id="score-{keys[0]}-error"' in body
    )
    response = client.post(
        url, {f"score_{k}": "4" for k in keys} | {"recommendation": "fund", "submit": "1"}
    )
    assert response.status_code == 302
    review = case.reviews.get()
    assert review.is_submitted and str(review.weighted_score) == "4.00"
    # Frozen: a late autosave is refused and changes nothing.
    response = client.post(url, {f"score_{keys[0]}": "3"}, headers={"HX-Request": "true"})
    assert response.status_code == 400 and "Nicht gespeichert" in response.content.decode()
    assert review.scores.get(criterion=None).value == 4


def test_autosave_partial(client, opened, office, reviewers):
    case = ReviewCase.objects.first()
    pass_all(office, case)
    services.pool_invite(actor=office, call=opened, reviewer=reviewers[0])
    services.conflict_declare(actor=reviewers[0], case=case, conflicted=False)
    services.assignment_add(actor=office, case=case, reviewer=reviewers[0])
    review = services.review_get_or_create(reviewer=reviewers[0], case=case)
    client.force_login(reviewers[0])
    key = services.review_items(opened)[0]["key"]
    response = client.post(
        reverse("reviews:review_edit", args=[review.pk]),
        {f"score_{key}": "2"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and 'id="save-status"' in response.content.decode()
    assert "<html" not in response.content.decode()
    assert review.scores.get().value == 2


def test_ranking_constant_queries(
    client, opened, office, reviewers, django_assert_max_num_queries, registry
):
    """Adding applications and reviews does not add queries."""
    from stadtnetz.municipalities.models import Municipality

    def fill():
        cases = list(
            ReviewCase.objects.filter(state=ReviewState.SUBMITTED).select_related(
                "application__organisation", "call"
            )
        )
        for case in cases:
            pass_all(office, case)
        for reviewer in reviewers[:2]:
            services.pool_invite(actor=office, call=opened, reviewer=reviewer)
            for case in cases:
                services.conflict_declare(actor=reviewer, case=case, conflicted=False)
                services.assignment_add(actor=office, case=case, reviewer=reviewer)
                review = services.review_get_or_create(reviewer=reviewer, case=case)
                services.review_save(actor=reviewer, review=review, comments={}, recommendation="fund",
                                     scores={i["key"]: "3" for i in services.review_items(opened)})  # fmt: skip
                services.review_submit(actor=reviewer, review=review)

    fill()
    client.force_login(office)
    url = reverse("reviews:ranking", args=[opened.pk])
    with django_assert_max_num_queries(40) as small:
        assert client.get(url).status_code == 200
    for municipality in Municipality.objects.filter(population__gt=50_000).exclude(
        organisations__applications__call=opened
    )[:12]:
        submitted(opened, organisation_for(municipality.ags))
    services.review_open(actor=office, call=opened)
    services.review_settings(opened).__class__.objects.filter(call=opened).update(max_load=50)
    fill()
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('id="rank-') == 16
