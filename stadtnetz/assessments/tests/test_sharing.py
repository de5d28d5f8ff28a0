# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Opt-in sharing: the named ranking, learning partners one stage higher, programme peers."""

from __future__ import annotations

import pytest

from stadtnetz.assessments import services
from stadtnetz.assessments.models import Sharing, SharingRecord
from stadtnetz.core.links import absolute_url
from stadtnetz.municipalities.models import Municipality
from stadtnetz.organisations.models import Membership, OrganisationKind, Role
from stadtnetz.organisations.services import organisation_create

from .conftest import full_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_user, city):
    user = make_user("city-admin")
    Membership.objects.create(user=user, organisation=city, role=Role.ADMIN)
    return user


def _organisations(office, count, min_population=100_000):
    found = []
    cities = Municipality.objects.filter(population__gte=min_population).exclude(ags="05122000")
    for municipality in cities.order_by("ags")[:count]:
        found.append(organisation_create(actor=office, kind=OrganisationKind.MUNICIPALITY,
                                         name=municipality.name, municipality=municipality))  # fmt: skip
    return found


def _consent(organisation, **values):
    defaults = {"named_in_ranking": False, "learning_partner": False}
    Sharing.objects.update_or_create(organisation=organisation, defaults={**defaults, **values})


def test_only_administrators_give_consent_and_every_change_is_recorded(
    client, city, admin, editor, member
):
    url = f"/reifegrad/organisationen/{city.slug}/freigabe/"
    for user in (editor, member):
        client.force_login(user)
        assert client.post(url, {"named_in_ranking": "on"}).status_code == 403
    assert not Sharing.objects.exists()
    page = client.get(f"/reifegrad/organisationen/{city.slug}/").content.decode()
    assert "Nicht in der öffentlichen Rangliste genannt." in page
    assert 'name="named_in_ranking"' not in page
    client.force_login(admin)
    response = client.post(url, {"named_in_ranking": "on", "learning_partner": "on"})
    assert response.status_code == 302
    client.post(url, {"named_in_ranking": "on", "learning_partner": "on"})  # no change
    client.post(url, {"learning_partner": "on"})  # withdraws the ranking consent
    sharing = Sharing.objects.get(organisation=city)
    assert (sharing.named_in_ranking, sharing.learning_partner) == (False, True)
    records = list(SharingRecord.objects.filter(organisation=city))
    assert [(r.named_in_ranking, r.learning_partner, r.actor) for r in records] == [
        (True, True, admin),
        (False, True, admin),
    ]
    page = client.get(f"/reifegrad/organisationen/{city.slug}/").content.decode()
    assert 'name="learning_partner" id="id_learning_partner" checked' in page


def test_ranking_names_only_organisations_that_agreed(client, office, city, editor):
    first, second, silent = _organisations(office, 3)
    services.assessment_record(organisation=first, actor=office, answers=full_answers("F"))
    services.assessment_record(organisation=second, actor=office, answers=full_answers("FR"))
    services.assessment_record(organisation=silent, actor=office, answers=full_answers("I"))
    services.assessment_record(organisation=city, actor=editor, answers=full_answers("I"))
    _consent(first, named_in_ranking=True)
    _consent(second, named_in_ranking=True, learning_partner=True)
    _consent(city, learning_partner=True)  # a learning partner is not named in the ranking
    page = client.get("/reifegrad/rangliste/").content.decode()
    assert silent.name not in page and "Stadt Solingen" not in page
    assert page.index(second.name) < page.index(first.name)  # higher index first
    assert page.count('scope="row"') == 2


def test_learning_partners_are_one_stage_higher_and_opted_in(client, office, city, editor):
    higher, same, shy = _organisations(office, 3)
    services.assessment_record(organisation=higher, actor=office, answers=full_answers("FR"))
    services.assessment_record(organisation=same, actor=office, answers=full_answers("F"))
    services.assessment_record(organisation=shy, actor=office, answers=full_answers("FR"))
    _consent(higher, learning_partner=True)
    _consent(same, learning_partner=True)
    own = services.assessment_record(organisation=city, actor=editor, answers=full_answers("F"))
    client.force_login(editor)
    page = client.get(f"/reifegrad/bewertungen/{own.pk}/").content.decode()
    assert "Lernpartner eine Stufe höher in dieser Dimension" in page
    assert f'href="{higher.get_absolute_url()}"' in page
    assert f'href="{same.get_absolute_url()}"' not in page  # same stage: nothing to learn
    assert f'href="{shy.get_absolute_url()}"' not in page  # did not agree
    plan = client.get(f"/reifegrad/bewertungen/{own.pk}/massnahmenplan.md").content.decode()
    # absolute links come from the one site address (core.links), as in mails and exports
    assert f"Lernpartner: [{higher.name}](<{absolute_url(higher.get_absolute_url())}>)" in plan
    assert shy.name not in plan
    _consent(higher, learning_partner=False)
    page = client.get(f"/reifegrad/bewertungen/{own.pk}/").content.decode()
    assert "Lernpartner eine Stufe höher" not in page


@pytest.mark.parametrize(("participants", "shown"), [(5, True), (4, False)])
def test_programme_participants_are_a_peer_group(client, office, participants, shown):
    from stadtnetz.projects.models import ModelProject

    organisations = _organisations(office, 6, min_population=20_000)
    for number, organisation in enumerate(organisations):
        services.assessment_record(organisation=organisation, actor=office,
                                   answers=full_answers("F"))  # fmt: skip
        if number < participants:
            ModelProject.objects.create(name=organisation.name, slug=f"2021-p{number}",
                                        round_year=2021, organisation=organisation,
                                        kind_as_listed="Gemeinde")  # fmt: skip
    stats = client.get("/api/v1/assessments/statistics?programme=true").json()
    assert stats["programme_participants"] is True and stats["shown"] is shown
    assert stats["count"] == (participants if shown else None)
    assert client.get("/api/v1/assessments/statistics").json()["count"] == 6
    page = client.get("/reifegrad/statistik/?programme=1").content.decode()
    assert (f"<strong>{participants} Organisationen</strong>" in page) is shown
    csv_text = client.get("/reifegrad/statistik.csv").content.decode()
    assert (f"1,all,all,yes,{participants}" in csv_text) is shown
    assert client.get("/reifegrad/statistik/?programme=x").status_code == 400


def test_ranking_reads_a_fixed_number_of_queries(office, django_assert_max_num_queries):
    from stadtnetz.assessments import selectors

    for organisation in _organisations(office, 6):
        services.assessment_record(organisation=organisation, actor=office,
                                   answers=full_answers("F"))  # fmt: skip
        _consent(organisation, named_in_ranking=True)
    with django_assert_max_num_queries(4):
        assert len(selectors.ranking()) == 6
