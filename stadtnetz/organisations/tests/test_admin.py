# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The Django admin keeps the rules of the services: the hardship flag only through the
hardship service (with its HardshipRecord), never an organisation without an administrator."""

from __future__ import annotations

import pytest
from django.forms.models import inlineformset_factory

from stadtnetz.organisations.admin import MembershipInlineFormSet
from stadtnetz.organisations.models import HardshipRecord, Membership, Organisation, Role

from .factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

FormSet = inlineformset_factory(
    Organisation, Membership, formset=MembershipInlineFormSet, fields=["user", "role"], extra=0,
    can_delete=True,
)  # fmt: skip


def _data(memberships, **changes):
    data = {
        "memberships-TOTAL_FORMS": str(len(memberships)),
        "memberships-INITIAL_FORMS": str(len(memberships)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for i, m in enumerate(memberships):
        data |= {f"memberships-{i}-id": str(m.pk), f"memberships-{i}-user": str(m.user_id),
                 f"memberships-{i}-role": m.role}  # fmt: skip
    for key, value in changes.items():
        data[f"memberships-{key.replace('_', '-', 1)}"] = value
    return data


@pytest.fixture
def team(make_user):
    organisation = OrganisationFactory()
    admin = MembershipFactory(organisation=organisation, user=make_user(), role=Role.ADMIN)
    member = MembershipFactory(organisation=organisation, user=make_user(), role=Role.MEMBER)
    return organisation, [admin, member]


def test_the_inline_refuses_to_remove_or_demote_the_last_admin(team):
    organisation, memberships = team
    prefix = FormSet.get_default_prefix()
    assert prefix == "memberships"
    for change in ({"0_DELETE": "on"}, {"0_role": Role.MEMBER}):
        formset = FormSet(_data(memberships, **change), instance=organisation)
        assert not formset.is_valid()
        assert "mindestens eine Person mit Administrationsrechten" in " ".join(
            formset.non_form_errors()
        )
    assert Membership.objects.get(pk=memberships[0].pk).role == Role.ADMIN


def test_the_inline_allows_a_handover(team):
    organisation, memberships = team
    data = _data(memberships, **{"0_DELETE": "on", "1_role": Role.ADMIN})
    formset = FormSet(data, instance=organisation)
    assert formset.is_valid(), formset.non_form_errors()
    formset.save()
    assert list(organisation.memberships.values_list("role", flat=True)) == [Role.ADMIN]


def test_the_hardship_flag_is_read_only_in_the_admin(client, make_user):
    organisation = OrganisationFactory()
    client.force_login(make_user(is_staff=True, is_superuser=True))
    url = f"/admin/organisations/organisation/{organisation.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="name"' in page and 'name="in_budgetary_hardship"' not in page
    assert not HardshipRecord.objects.exists()
