# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import pytest
from django.core.management import call_command

from stadtnetz.reviews.models import Assignment, Review, ReviewCase, ReviewState

pytestmark = pytest.mark.django_db


def test_demo_round_is_complete_and_idempotent(registry, make_user, settings):
    from stadtnetz.programmes.services import SYSTEM_ACTOR, programme_create

    settings.DEBUG = True
    make_user("programmbuero", is_programme_office=True)
    programme_create(actor=SYSTEM_ACTOR, name="Demo", funder="Bund", slug="demo")
    call_command("seed_review_demo")
    cases = ReviewCase.objects.filter(call__code="demo-auswahlrunde")
    assert cases.count() >= 35
    assert cases.filter(state=ReviewState.INELIGIBLE).count() == 1
    assert not cases.filter(state=ReviewState.IN_REVIEW).exists()
    states = {
        s
        for s in cases.values_list(
            "application__organisation__municipality__state__code", flat=True
        )
    }
    assert len(states) >= 5
    counts = (Assignment.objects.count(), Review.objects.filter(status="submitted").count())
    assert counts[0] == counts[1] == 2 * cases.exclude(state=ReviewState.INELIGIBLE).count()
    call_command("seed_review_demo")
    assert (Assignment.objects.count(), Review.objects.filter(status="submitted").count()) == counts


def test_demo_round_matches_expertise(registry, make_user, settings):
    from stadtnetz.programmes.services import SYSTEM_ACTOR, programme_create
    from stadtnetz.reviews.models import PoolMember

    settings.DEBUG = True
    make_user("programmbuero", is_programme_office=True)
    programme_create(actor=SYSTEM_ACTOR, name="Demo", funder="Bund", slug="demo")
    call_command("seed_review_demo")
    cases = ReviewCase.objects.filter(call__code="demo-auswahlrunde").exclude(
        state=ReviewState.INELIGIBLE
    )
    assert not cases.filter(main_field="").exists()
    skills = {
        m.reviewer_id: set(m.expertise)
        for m in PoolMember.objects.filter(call__code="demo-auswahlrunde")
    }
    assert all(len(s) == 2 for s in skills.values())
    with_expert = sum(
        1 for case in cases.prefetch_related("assignments")
        if any(case.main_field in skills[a.reviewer_id] for a in case.assignments.all() if a.removed_at is None)
    )  # fmt: skip
    assert with_expert >= cases.count() * 0.8
