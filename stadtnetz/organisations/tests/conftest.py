# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""People in every role around one consultancy, for the organisation tests."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from stadtnetz.organisations.models import Role

from .factories import MembershipFactory, OrganisationFactory


@pytest.fixture
def consultancy(db):
    return OrganisationFactory(name="Beratung Süd", slug="beratung-sued")


@pytest.fixture
def people(make_user, consultancy):
    """admin, editor and member of the consultancy; an outsider; programme office; staff."""
    team = SimpleNamespace(
        admin=make_user("admin", first_name="Ada", last_name="Admin"),
        editor=make_user("editor", first_name="Edi", last_name="Editor"),
        member=make_user("member", first_name="Mia", last_name="Member"),
        outsider=make_user("outsider"),
        office=make_user("office", is_programme_office=True),
        staff=make_user("staff", is_staff=True),
    )
    for name, role in [("admin", Role.ADMIN), ("editor", Role.EDITOR), ("member", Role.MEMBER)]:
        MembershipFactory(user=getattr(team, name), organisation=consultancy, role=role)
    return team


@pytest.fixture
def english(client):
    client.cookies["stadtnetz_language"] = "en"
    return client
