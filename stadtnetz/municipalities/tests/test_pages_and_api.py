# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Registry pages (German by default) and the read API."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_municipality_page_shows_the_facts(client, solingen):
    page = client.get("/kommunen/05122000/").content.decode()
    for text in [
        "Solingen, Klingenstadt", "05122000", "159.245", "31. Dezember 2019", "89,54",
        "1.778", "42651", "dicht besiedelt", "Großstadt", "Nordrhein-Westfalen",
        'href="/kreise/05122/"', "Statistisches Bundesamt (Destatis)",
    ]:  # fmt: skip
        assert text in page, text


def test_municipality_page_in_english(client, solingen):
    client.cookies["stadtnetz_language"] = "en"
    page = client.get("/kommunen/05122000/").content.decode()
    assert '<html lang="en"' in page
    assert "Official municipality key (AGS)" in page
    assert "Large city" in page


@pytest.mark.parametrize(
    "url", ["/kommunen/99999999/", "/kommunen/0512200/", "/kommunen/abc/", "/kommunen/%27%20OR%201=1/",
            "/kreise/99999/", "/kreise/051/", "/laender/xx/", "/laender/%3Cscript%3E/"],
)  # fmt: skip
def test_unknown_or_malformed_keys_give_kern_404(client, registry, url):
    response = client.get(url)
    assert response.status_code == 404
    page = response.content.decode()
    assert "Seite nicht gefunden" in page
    assert "kern.min.css" in page
    assert response["X-Request-ID"] in page


def test_county_and_state_pages_list_municipalities(client, registry):
    county = client.get("/kreise/09184/").content.decode()
    assert "München" in county and "Unterschleißheim" in county
    assert "Landkreis" in county
    state = client.get("/laender/hb/").content.decode()
    assert "Bremen, Stadt" in state and "Bremerhaven, Stadt" in state
    assert client.get("/laender/04/").status_code == 200
    states = client.get("/laender/").content.decode()
    assert states.count('href="/laender/') == 16


def test_search_page_full_and_htmx_partial(client, registry):
    full = client.get("/kommunen/", {"q": "frankfurt"})
    html = full.content.decode()
    assert (
        "<html" in html and "Frankfurt am Main, Stadt" in html and "Frankfurt (Oder), Stadt" in html
    )
    assert "2 Gemeinden gefunden" in html
    partial = client.get("/kommunen/", {"q": "frankfurt"}, headers={"HX-Request": "true"})
    fragment = partial.content.decode()
    assert "<html" not in fragment
    assert fragment.strip().startswith('<div id="results"')
    assert "Frankfurt (Oder), Stadt" in fragment


def test_search_page_filters_and_sort(client, registry):
    html = client.get("/kommunen/", {"state": "HB", "sort": "-population"}).content.decode()
    assert html.index("Bremen, Stadt") < html.index("Bremerhaven, Stadt")
    html = client.get("/kommunen/", {"q": "05122000"}).content.decode()
    assert "1 Gemeinde gefunden" in html


@pytest.mark.parametrize("query", ["", "%", "_", "'\"", "' OR 1=1 --", "a" * 200])
def test_hostile_search_strings_give_results(client, registry, query):
    response = client.get("/kommunen/", {"q": query})
    assert response.status_code == 200
    assert "gefunden" in response.content.decode()


def test_script_in_search_is_escaped(client, registry):
    html = client.get("/kommunen/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    "params", [{"q": "x" * 10_000}, {"state": "ZZ"}, {"size_class": "huge"}, {"sort": "evil"}]
)
def test_invalid_search_parameters_give_clear_400(client, registry, params):
    response = client.get("/kommunen/", params)
    assert response.status_code == 400
    html = response.content.decode()
    assert "kern-error" in html
    assert "aria-invalid" in html


def test_search_page_query_count_is_constant(client, registry, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get("/kommunen/", {"state": "BY"})
    assert response.context["page_obj"].paginator.count == registry.filter(state__code="BY").count()


# --- API ---------------------------------------------------------------------------------------


def test_api_states_and_counties(client, registry):
    states = client.get("/api/v1/states").json()
    assert len(states) == 16
    assert {"key": "05", "code": "NW", "name": "Nordrhein-Westfalen"} in states
    counties = client.get("/api/v1/counties", {"state": "NW"}).json()
    assert len(counties) == 53
    assert {c["key"] for c in counties} >= {"05122", "05111"}


def test_api_municipality_search_by_name_and_key(client, registry):
    body = client.get("/api/v1/municipalities", {"search": "Solingen"}).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item == item | {
        "ags": "05122000", "name": "Solingen, Klingenstadt", "state": "NW", "county_key": "05122",
        "population": 159245, "population_date": "2019-12-31", "area_km2": "89.54",
        "size_class": "grossstadt", "urbanisation": 1, "dissolved": False,
    }  # fmt: skip
    assert client.get("/api/v1/municipalities", {"search": "05122000"}).json()["count"] == 1
    by_county = client.get("/api/v1/municipalities", {"county": "09184"}).json()
    assert by_county["count"] == 32


def test_api_paging_and_filters(client, registry):
    page1 = client.get("/api/v1/municipalities", {"state": "BY", "size_class": "kleinstadt"}).json()
    assert page1["count"] > 50 and len(page1["items"]) == 50 and page1["page"] == 1
    page2 = client.get(
        "/api/v1/municipalities", {"state": "BY", "size_class": "kleinstadt", "page": 2}
    ).json()
    assert {i["ags"] for i in page1["items"]}.isdisjoint({i["ags"] for i in page2["items"]})
    assert all(5000 <= i["population"] < 20000 for i in page2["items"])


def test_api_detail_and_errors(client, registry):
    assert client.get("/api/v1/municipalities/05122000").json()["population"] == 159245
    missing = client.get("/api/v1/municipalities/99999999")
    assert missing.status_code == 404 and "detail" in missing.json()
    assert client.get("/api/v1/municipalities/abc").status_code == 404
    for params in [
        {"search": "x" * 10_000},
        {"size_class": "huge"},
        {"page": "0"},
        {"county": "1"},
    ]:
        response = client.get("/api/v1/municipalities", params)
        assert response.status_code == 422, params
        assert "detail" in response.json()
    assert client.get("/api/v1/municipalities", {"search": "%_'\""}).status_code == 200
