# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The applicant's page: the decision, and the anonymised review comments only when the call
shares them (never reviewer identities)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stadtnetz.reviews import services
from stadtnetz.reviews.models import ReviewCase

from .conftest import full_scores, pass_all


@pytest.fixture
def decided(opened, applications, office, reviewers):
    case = ReviewCase.objects.select_related("application__organisation", "call").get(
        application=applications[0]
    )
    current = services.review_settings(opened)
    current.reviewers_per_application = 2
    current.save()
    pass_all(office, case)
    for reviewer, value in zip(reviewers[:2], ("4", "4"), strict=True):
        services.pool_invite(actor=office, call=opened, reviewer=reviewer)
        services.conflict_declare(actor=reviewer, case=case, conflicted=False)
        services.assignment_add(actor=office, case=case, reviewer=reviewer)
        review = services.review_get_or_create(reviewer=reviewer, case=case)
        comments = {
            key: f"Kommentar von {reviewer.first_name} zu {key}"
            for key in full_scores(opened, value)
        }
        services.review_save(actor=reviewer, review=review, scores=full_scores(opened, value), comments=comments,
                             recommendation="fund", summary=f"Zusammenfassung {reviewer.first_name}")  # fmt: skip
        services.review_submit(actor=reviewer, review=review)
    return services.decision_record(
        actor=office, case=case, outcome="selected", reason="Überzeugendes Konzept"
    )


def _page(client, user, case):
    client.force_login(user)
    response = client.get(reverse("reviews:applicant_case", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_comments_are_never_shown_when_the_call_does_not_share_them(
    client, decided, applicant_editor
):
    page = _page(client, applicant_editor, decided)
    assert "Überzeugendes Konzept" in page
    assert "Kommentar von" not in page and "Zusammenfassung" not in page


def test_shared_comments_are_shown_without_reviewer_identities(
    client, decided, applicant_editor, reviewers
):
    current = services.review_settings(decided.call)
    current.share_anonymised_comments = True
    current.save()
    page = _page(client, applicant_editor, decided)
    assert page.count('class="sn-review-item shared-review"') == 2
    assert "Zusammenfassung" in page and "Kommentar von" in page
    for reviewer in reviewers:
        # the test's comments name the reviewer's first name on purpose: the page shows the text
        # the reviewer wrote, but never the name, username or e-mail from the account
        assert reviewer.username not in page and reviewer.get_full_name() not in page
        assert reviewer.email not in page or not reviewer.email


def test_shared_comments_wait_for_the_decision(
    client, opened, applications, applicant_editor, office
):
    case = ReviewCase.objects.get(application=applications[0])
    current = services.review_settings(opened)
    current.share_anonymised_comments = True
    current.save()
    page = _page(client, applicant_editor, case)
    assert "shared-review" not in page


def test_other_roles_do_not_see_the_applicant_page(client, decided, reviewers, make_user):
    client.force_login(reviewers[0])
    assert client.get(reverse("reviews:applicant_case", args=[decided.pk])).status_code == 404
    client.force_login(make_user("outsider"))
    assert client.get(reverse("reviews:applicant_case", args=[decided.pk])).status_code == 404
