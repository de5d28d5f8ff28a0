# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""GET /api/v1/organisations and /api/v1/organisations/{id}."""

from __future__ import annotations

import pytest

from stadtnetz.municipalities.models import County, Municipality
from stadtnetz.organisations.models import CooperationMember, Organisation, OrganisationKind

from .factories import MembershipFactory, OrganisationFactory

LIST = "/api/v1/organisations"
ALL = {"Alpha Beratung", "Bergisches Städtedreieck", "Kreis Mettmann", "Stadt Solingen"}


@pytest.fixture
def organisations(solingen, make_user):
    town = OrganisationFactory(
        name="Stadt Solingen",
        slug="stadt-solingen",
        kind=OrganisationKind.MUNICIPALITY,
        municipality=solingen,
        in_budgetary_hardship=True,
        website="https://solingen.example",
    )
    county = OrganisationFactory(
        name="Kreis Mettmann",
        slug="kreis-mettmann",
        kind=OrganisationKind.COUNTY,
        county=County.objects.get(key="05158"),
    )
    cooperation = OrganisationFactory(
        name="Bergisches Städtedreieck",
        slug="bergisches-staedtedreieck",
        kind=OrganisationKind.COOPERATION,
    )
    CooperationMember.objects.create(cooperation=cooperation, municipality=solingen, is_lead=True)
    CooperationMember.objects.create(
        cooperation=cooperation, municipality=Municipality.objects.get(ags="05124000")
    )
    consultancy = OrganisationFactory(name="Alpha Beratung", slug="alpha-beratung")
    MembershipFactory(user=make_user("admin"), organisation=consultancy, role="admin")
    return {"town": town, "county": county, "cooperation": cooperation, "consultancy": consultancy}


def test_list_returns_count_and_items(client, organisations):
    response = client.get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4
    assert body["page"] == 1 and body["pages"] == 1
    names = [item["name"] for item in body["items"]]
    assert names == sorted(names)
    by_name = {item["name"]: item for item in body["items"]}
    town = by_name["Stadt Solingen"]
    assert town == {
        "id": organisations["town"].pk,
        "name": "Stadt Solingen",
        "slug": "stadt-solingen",
        "kind": "municipality",
        "ags": "05122000",
        "county_key": None,
        "website": "https://solingen.example",
        "in_budgetary_hardship": True,
        "members": [],
    }
    assert by_name["Kreis Mettmann"]["county_key"] == "05158"
    assert by_name["Bergisches Städtedreieck"]["members"] == [
        {"key": "05122000", "name": "Solingen, Klingenstadt", "is_lead": True},
        {"key": "05124000", "name": "Wuppertal, Stadt", "is_lead": False},
    ]
    # No personal data in the open API.
    assert "admin" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"search": "solingen"}, {"Stadt Solingen"}),
        ({"search": "SOLINGEN stadt"}, {"Stadt Solingen"}),
        ({"search": "05122"}, {"Stadt Solingen"}),
        ({"search": "staedtedreieck"}, {"Bergisches Städtedreieck"}),
        ({"search": "Städtedreieck"}, {"Bergisches Städtedreieck"}),
        ({"kind": "county"}, {"Kreis Mettmann"}),
        ({"kind": "consultancy", "search": "alpha"}, {"Alpha Beratung"}),
        ({"kind": "consultancy", "search": "solingen"}, set()),
        ({"search": "%_%"}, ALL),
        ({"search": ""}, ALL),
        ({"search": "' OR 1=1 --"}, set()),
        ({"search": "<script>"}, set()),
    ],
)  # fmt: skip
def test_list_search_and_kind_filter(client, organisations, query, expected):
    response = client.get(LIST, query)
    assert response.status_code == 200
    body = response.json()
    assert {item["name"] for item in body["items"]} == expected
    assert body["count"] == len(expected)


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "nonsense"},
        {"kind": "municipality'--"},
        {"kind": "x" * 10_000},
        {"search": "a" * 10_000},
        {"page": "0"},
        {"page": "abc"},
        {"page": "99999999999999999999"},
    ],
    ids=["bad-kind", "sql-kind", "huge-kind", "huge-search", "page-zero", "page-text", "page-huge"],
)
def test_list_bad_query_is_422(client, organisations, query):
    response = client.get(LIST, query)
    assert response.status_code == 422
    assert response.json()["detail"]
    assert Organisation.objects.count() == 4


def test_list_search_with_nul_byte_is_not_a_server_error(client, organisations):
    response = client.get(LIST, {"search": "solingen\x00"})
    assert response.status_code in {200, 422}


def test_list_pages_beyond_the_end_show_the_last_page(client, organisations):
    response = client.get(LIST, {"page": 50})
    assert response.status_code == 200
    assert response.json()["page"] == 1
    assert response.json()["count"] == 4


def test_detail(client, organisations):
    cooperation = organisations["cooperation"]
    response = client.get(f"{LIST}/{cooperation.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == cooperation.pk
    assert body["kind"] == "cooperation"
    assert body["ags"] is None
    assert [member["key"] for member in body["members"]] == ["05122000", "05124000"]


@pytest.mark.parametrize("ident", ["999999", "0", "-1"])
def test_detail_unknown_is_404_json(client, organisations, ident):
    response = client.get(f"{LIST}/{ident}")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "No organisation with this id.", "code": "not_found"}


@pytest.mark.parametrize("ident", ["abc", "1.5", "99999999999999999999999"])
def test_detail_malformed_id_is_4xx_json(client, organisations, ident):
    response = client.get(f"{LIST}/{ident}")
    assert 400 <= response.status_code < 500
    assert response["Content-Type"].startswith("application/json")


def test_write_methods_are_not_allowed(client, organisations):
    assert client.post(LIST, {}, content_type="application/json").status_code == 405
    response = client.delete(f"{LIST}/{organisations['town'].pk}")
    assert response.status_code == 405
    assert Organisation.objects.count() == 4
