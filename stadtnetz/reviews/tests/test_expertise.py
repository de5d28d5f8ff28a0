# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Expertise in the automatic assignment (issue 11, item 3): an application's main field of
action is matched against the reviewers' expertise by the exact solver (HiGHS), where possible;
an application left without an expert is named with the reason."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stadtnetz.reviews import services
from stadtnetz.reviews.models import PoolMember, ReviewCase

from .conftest import pass_all


@pytest.fixture
def in_review(opened, applications, office, reviewers):
    cases = list(
        ReviewCase.objects.filter(call=opened)
        .select_related("application__organisation", "call")
        .order_by("pk")
    )
    for case in cases:
        pass_all(office, case)
    skills = {0: [], 1: ["Mobilität"], 2: [], 3: ["energie-umwelt"]}
    for n, reviewer in enumerate(reviewers):
        services.pool_invite(actor=office, call=opened, reviewer=reviewer, expertise=skills[n])
        for case in cases:
            services.conflict_declare(actor=reviewer, case=case, conflicted=False)
    return cases


def _set_field(case, code):
    ReviewCase.objects.filter(pk=case.pk).update(main_field=code)


def _reviewers_of(proposal, case):
    return {r for c, r in proposal.pairs if c == case.pk}


def test_tags_are_stored_as_field_codes_and_unknown_tags_are_refused(
    in_review, opened, office, make_user
):
    assert PoolMember.objects.get(reviewer__username="reviewer2").expertise == ["mobilitaet"]
    outsider = make_user("expert5", is_reviewer=True)
    with pytest.raises(services.ReviewError) as error:
        services.pool_invite(
            actor=office, call=opened, reviewer=outsider, expertise=["Quantenphysik"]
        )
    assert "expertise" in error.value.message_dict
    assert not PoolMember.objects.filter(reviewer=outsider).exists()


def test_the_solver_gives_each_application_a_reviewer_of_its_field(in_review, reviewers):
    mobility, energy = in_review[0], in_review[1]
    _set_field(mobility, "mobilitaet")
    _set_field(energy, "energie-umwelt")
    proposal = services.assignment_propose(call=mobility.call)
    assert proposal.status == "optimal"
    assert reviewers[1].pk in _reviewers_of(proposal, mobility)
    assert reviewers[3].pk in _reviewers_of(proposal, energy)
    assert proposal.expertise_covered == 2 and proposal.without_expert == {}
    # still complete and balanced: two reviewers each, everyone within ±1 of the mean (2)
    assert all(len(_reviewers_of(proposal, c)) == 2 for c in in_review)
    loads = [sum(1 for _c, r in proposal.pairs if r == rev.pk) for rev in reviewers]
    assert max(loads) - min(loads) <= 1


def test_a_conflicted_expert_is_never_used_and_the_gap_is_named(in_review, reviewers):
    mobility = in_review[0]
    _set_field(mobility, "mobilitaet")
    services.conflict_declare(actor=reviewers[1], case=mobility, conflicted=True)
    proposal = services.assignment_propose(call=mobility.call)
    assert proposal.status == "optimal"
    assert reviewers[1].pk not in _reviewers_of(proposal, mobility)
    assert (
        "No reviewer without a conflict has the field “Mobility”"
        in proposal.without_expert[mobility.pk]
    )


def test_no_expert_in_the_pool_is_named_but_the_assignment_stays_complete(in_review):
    health = in_review[2]
    _set_field(health, "gesundheit")
    proposal = services.assignment_propose(call=health.call)
    assert proposal.status == "optimal"
    assert len(_reviewers_of(proposal, health)) == 2
    assert "Health" in proposal.without_expert[health.pk]


def test_experts_at_their_load_limit_are_named(in_review, office, reviewers):
    # three applications want mobility, only reviewer 2 has it, and the maximum load is 2
    for case in in_review[:3]:
        _set_field(case, "mobilitaet")
    current = services.review_settings(in_review[0].call)
    current.max_load = 2
    current.save()
    proposal = services.assignment_propose(call=in_review[0].call)
    assert proposal.status == "optimal"
    assert proposal.expertise_covered == 2
    (left,) = proposal.without_expert
    assert "at their load limit" in proposal.without_expert[left]


def test_the_assignment_page_shows_the_named_gap(client, in_review, office):
    _set_field(in_review[2], "gesundheit")
    client.cookies["stadtnetz_language"] = "en"
    client.force_login(office)
    page = client.get(
        reverse("reviews:assignment", args=[in_review[0].call_id]), {"propose": "1"}
    ).content.decode()
    assert 'id="without-expert"' in page and "Health" in page


def test_the_formal_check_sets_the_main_field_and_refuses_unknown_codes(
    client, opened, applications, office
):
    case = ReviewCase.objects.get(application=applications[0])
    items = {f"item_{i.pk}": "pass" for i in opened.checklist_items.all()}
    client.force_login(office)
    url = reverse("reviews:formal_check", args=[case.pk])
    assert client.post(url, {**items, "main_field": "<script>"}).status_code == 400
    case.refresh_from_db()
    assert case.main_field == "" and case.state == "submitted"
    assert client.post(url, {**items, "main_field": "mobilitaet"}).status_code == 302
    case.refresh_from_db()
    assert case.main_field == "mobilitaet" and case.state == "in_review"
