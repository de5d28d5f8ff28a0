# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import pytest

from stadtnetz.assessments import questionnaire
from stadtnetz.organisations.models import Membership, OrganisationKind, Role
from stadtnetz.organisations.services import organisation_create


def full_answers(option="F", **overrides):
    data = {q.id: option for q in questionnaire.current().questions}
    data.update(overrides)
    return data


@pytest.fixture
def office(make_user):
    return make_user("office", is_programme_office=True)


@pytest.fixture
def city(office, solingen):
    return organisation_create(
        actor=office, kind=OrganisationKind.MUNICIPALITY, name="Stadt Solingen",
        municipality=solingen,
    )  # fmt: skip


@pytest.fixture
def editor(make_user, city):
    user = make_user("editor")
    Membership.objects.create(user=user, organisation=city, role=Role.EDITOR)
    return user


@pytest.fixture
def member(make_user, city):
    user = make_user("member")
    Membership.objects.create(user=user, organisation=city, role=Role.MEMBER)
    return user
