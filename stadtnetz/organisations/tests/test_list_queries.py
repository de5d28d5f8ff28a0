# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The organisation list and the member list make as many queries for many rows as for few
(issue 15, item 10): a relation loaded per row would show up here as a growing count."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stadtnetz.organisations.models import Membership, Role

from .factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _count(client, url, django_assert_max_num_queries) -> int:
    with django_assert_max_num_queries(60) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_organisation_list_queries_do_not_grow(client, registry, django_assert_max_num_queries):
    url = reverse("organisations:list")
    OrganisationFactory.create_batch(2)
    few = _count(client, url, django_assert_max_num_queries)
    OrganisationFactory.create_batch(40)
    OrganisationFactory(name="Aaaa Prüfberatung", slug="aaaa-pruefberatung")
    many = _count(client, url, django_assert_max_num_queries)
    assert many == few
    assert "Aaaa Prüfberatung" in client.get(url + "?q=Prüfberatung").content.decode()


def test_member_list_queries_do_not_grow(client, make_user, django_assert_max_num_queries):
    organisation = OrganisationFactory()
    admin = make_user("verwaltung")
    Membership.objects.create(user=admin, organisation=organisation, role=Role.ADMIN)
    client.force_login(admin)
    url = reverse("organisations:members", kwargs={"slug": organisation.slug})
    few = _count(client, url, django_assert_max_num_queries)
    for n in range(25):
        MembershipFactory(organisation=organisation, user=make_user(f"mitglied-{n}"))
    many = _count(client, url, django_assert_max_num_queries)
    assert many == few
    assert "mitglied-24" in client.get(url).content.decode()
