# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import pytest

from stadtnetz.organisations.models import Membership, Role
from stadtnetz.reviews import services

from .factories import closed_call, organisation_for, submitted


@pytest.fixture(autouse=True)
def english_messages():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def office(make_user):
    return make_user("office", is_programme_office=True)


@pytest.fixture
def reviewers(make_user):
    return [
        make_user(f"reviewer{n}", is_reviewer=True, first_name=f"Rev{n}", last_name="Iewer")
        for n in range(1, 5)
    ]


@pytest.fixture
def call(registry):
    return closed_call()


@pytest.fixture
def applicant_editor(make_user):
    return make_user("applicant")


@pytest.fixture
def applications(call, applicant_editor):
    apps = [
        submitted(call, organisation_for(ags))
        for ags in ("05122000", "09162000", "11000000", "08111000")
    ]
    Membership.objects.create(
        user=applicant_editor, organisation=apps[0].organisation, role=Role.EDITOR
    )
    return apps


@pytest.fixture
def opened(call, applications, office):
    services.review_open(actor=office, call=call)
    return call


def pass_all(office, case):
    items = case.call.checklist_items.all()
    return services.formal_check_record(actor=office, case=case,
                                        results=[services.ItemResult(i.pk, True) for i in items])  # fmt: skip


def full_scores(call, value):
    return {item["key"]: value for item in services.review_items(call)}
