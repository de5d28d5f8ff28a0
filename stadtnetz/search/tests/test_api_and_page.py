# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The API and the page, including every hostile input of the issue (on both databases)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from stadtnetz.organisations.models import Organisation, OrganisationKind
from stadtnetz.organisations.services import organisation_create
from stadtnetz.search.models import SearchDocument

API = "/api/v1/search"

HOSTILE = [
    "NEAR(beteiligung buerger)",
    "NEAR",
    '"Bürger',
    '"Bürger"',
    "Bürger*",
    "*",
    "title_terms:burg",
    ":",
    "Bürger & Beteiligung",
    "&",
    "Bürger | Beteiligung",
    "|",
    "!Bürger",
    "!",
    "(Bürger",
    ")",
    "-Bürger",
    "^Bürger",
    "Bürger AND OR NOT",
    "burg:* & !beteil",
    "'; DROP TABLE search_searchdocument; --",
    "1' OR '1'='1",
    '" OR 1=1 --',
    "%",
    "_",
    "\\",
    "\x00Bürger",
    "Bürger\u202e",
    "<script>alert(1)</script>",
    "💥 Beteiligung",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries_give_results_or_a_clear_400_never_a_500(client, corpus, text):
    before = SearchDocument.objects.count()
    response = client.get(API, {"q": text})
    assert response.status_code in (200, 400), response.content
    body = response.json()
    if response.status_code == 400:
        assert body["parameter"] == "q" and body["detail"]
    else:
        assert body["count"] == len(body["items"]) or body["count"] > len(body["items"])
        for item in body["items"]:
            assert "<script>" not in item["snippet_html"] + item["title_html"]
    page = client.get("/suche/", {"q": text})
    assert page.status_code in (200, 400)
    assert b"<script>alert(1)" not in page.content
    assert SearchDocument.objects.count() == before  # nothing injected, nothing dropped


def test_operators_are_searched_as_words(client, corpus):
    assert client.get(API, {"q": '"Bürger'}).json()["count"] == 5
    assert client.get(API, {"q": "Bürger & Beteiligung"}).json()["count"] == 3
    assert client.get(API, {"q": "'; DROP TABLE search_searchdocument; --"}).json()["count"] == 0


@pytest.mark.parametrize(
    ("params", "parameter", "code"),
    [
        ({}, "q", "empty"),
        ({"q": ""}, "q", "empty"),
        ({"q": "b"}, "q", "too_short"),
        ({"q": "x" * 10_000}, "q", "too_long"),
        ({"q": "*:&|!"}, "q", "no_words"),
        ({"q": "Bürger", "type": "nonsense"}, "type", "invalid_filter"),
        ({"q": "Bürger", "state": "Nordrhein"}, "state", "invalid_filter"),
        ({"q": "Bürger", "size_class": "metropolis"}, "size_class", "invalid_filter"),
        ({"q": "Bürger", "field": "' OR 1=1"}, "field", "invalid_filter"),
        ({"q": "Bürger", "page": "abc"}, "page", "invalid_page"),
        ({"q": "Bürger", "page": "0"}, "page", "invalid_page"),
    ],
)
def test_bad_requests_get_a_clear_400(client, corpus, params, parameter, code):
    response = client.get(API, params)
    assert response.status_code == 400
    body = response.json()
    assert (body["parameter"], body["code"]) == (parameter, code)
    assert body["detail"]


def test_api_returns_ranked_items_with_facets(client, corpus):
    response = client.get(API, {"q": "Bürgerbeteiligung"})
    assert response.status_code == 200
    body = response.json()
    assert [item["id"] for item in body["items"]] == ["1", "7", "2"]
    first = body["items"][0]
    assert first["title_html"] == "<mark>Buergerbeteiligung</mark> im Quartier"
    assert first["type"] == "fixture" and first["url"] == "/massnahmen/1/"
    assert {o["value"]: o["count"] for o in body["facets"]["state"]} == {"NW": 1, "BY": 1, "HE": 1}
    filtered = client.get(API, {"q": "Bürger", "state": "nw", "field": "mobilitaet"}).json()
    assert [item["id"] for item in filtered["items"]] == ["3"]


def test_page_shows_results_facets_and_works_without_js(client, corpus):
    response = client.get("/suche/", {"q": "Bürgerbeteiligung"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="result-count"><strong>3 ' in html
    assert "<mark>Buergerbeteiligung</mark> im Quartier" in html
    assert 'href="/massnahmen/1/"' in html
    assert "size_class=mittelstadt" in html  # a facet link
    assert "<form" in html and 'role="search"' in html


def test_page_htmx_request_returns_only_the_results(client, corpus):
    response = client.get("/suche/", {"q": "Radverk"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "Radverkehrsstrategie" in html and "<form" not in html


def test_page_errors_are_shown_at_the_field(client, corpus):
    response = client.get("/suche/", {"q": "x" * 10_000})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert "200" in html
    typing = client.get("/suche/", {"q": "R"}, headers={"HX-Request": "true"})
    assert typing.status_code == 200 and "2" in typing.content.decode()
    assert client.get("/suche/").status_code == 200


def test_organisations_are_indexed_on_commit(
    registry, solingen, make_user, django_capture_on_commit_callbacks
):
    actor = make_user("office", is_programme_office=True)
    with django_capture_on_commit_callbacks(execute=True):
        organisation = organisation_create(
            actor=actor, kind=OrganisationKind.MUNICIPALITY, name="Klingenstadt Solingen",
            municipality=solingen,
        )  # fmt: skip
    document = SearchDocument.objects.get(doc_type="organisation", object_id=str(organisation.pk))
    assert (document.state, document.size_class, document.kind) == (
        "NW", "grossstadt", "municipality",
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        Organisation.objects.filter(pk=organisation.pk).first().delete()
    assert not SearchDocument.objects.filter(doc_type="organisation").exists()


def test_nothing_is_indexed_when_the_transaction_rolls_back(
    registry, solingen, make_user, django_capture_on_commit_callbacks
):
    actor = make_user("office", is_programme_office=True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        organisation_create(
            actor=actor, kind=OrganisationKind.ASSOCIATION, name="Verein für Bürgerbeteiligung"
        )
    assert callbacks  # would run only after a commit
    assert not SearchDocument.objects.filter(doc_type="organisation").exists()


def test_search_reindex_rebuilds_everything(registry, make_user, client):
    actor = make_user("office", is_programme_office=True)
    organisation_create(actor=actor, kind=OrganisationKind.ASSOCIATION, name="Bürgerverein")
    call_command("search_reindex", verbosity=0)
    municipalities = registry.filter(dissolved_at__isnull=True).count()
    assert SearchDocument.objects.filter(doc_type="municipality").count() == municipalities
    call_command("search_reindex", "--type", "organisation", verbosity=0)
    assert SearchDocument.objects.filter(doc_type="organisation").count() == 1
    body = client.get(API, {"q": "muenchen", "type": "municipality"}).json()
    assert body["items"][0]["title"] == "München, Landeshauptstadt"
    body = client.get(API, {"q": "Bürgerverein"}).json()
    assert [item["type"] for item in body["items"]] == ["organisation"]
