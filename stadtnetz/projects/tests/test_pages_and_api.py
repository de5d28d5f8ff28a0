# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Pages, API, downloads, peers and network over the 73 real model projects."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from stadtnetz.projects.models import FieldOfAction, Measure
from stadtnetz.projects.services import measure_save


def test_list_with_facets(client, projects, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        response = client.get("/modellprojekte/")
    page = response.content.decode()
    assert "73 Modellprojekte" in page and "Jena" in page
    response = client.get("/modellprojekte/", {"round": "2020", "kind": "county"})
    names = [p.name for p in response.context["page_obj"]]
    assert len(names) == 4 and "Landkreis St. Wendel" in names
    facets = response.context["facets"]
    assert facets["round"] == [("2020", "2020", 4)]
    response = client.get("/modellprojekte/", {"state": "BY", "category": "kleinstadt"})
    assert sorted(p.name for p in response.context["page_obj"]) == [
        "Haßfurt",
        "Kirchheim b. München",
    ]


def test_list_htmx_returns_only_results(client, projects):
    response = client.get("/modellprojekte/", {"round": "2019"}, headers={"HX-Request": "true"})
    assert response.content.decode().lstrip().startswith('<div id="results"')


@pytest.mark.parametrize("query", [{"round": "abc"}, {"state": "<script>"}, {"phase": "' OR 1=1"},
                                   {"round": "9" * 500}])  # fmt: skip
def test_hostile_filters_are_a_clear_400(client, projects, query):
    response = client.get("/modellprojekte/", query)
    assert response.status_code == 400
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_map_has_a_marker_and_a_table_row_per_located_project(client, projects):
    page = client.get("/modellprojekte/karte/").content.decode()
    assert page.count("<circle") + page.count('<rect class="sn-map__marker') == 71
    assert page.count('<tr class="kern-table__row">') == 73 + 1  # and the header row
    assert "Verband Region Rhein-Neckar" in page.split("Nicht auf der Karte")[1][:3000]
    assert "style=" not in page


def test_jena_project_page(client, jena):
    page = client.get("/modellprojekte/2020-jena/").content.decode()
    assert '<h1 class="kern-heading-large">Jena</h1>' in page
    assert "16053000" in page and "Staffel 2020" in page and "Thüringen" in page


def test_unknown_project_and_bad_ids_are_404(client, projects):
    assert client.get("/modellprojekte/2099-nirgendwo/").status_code == 404
    assert client.get("/massnahmen/abc/").status_code == 404
    assert client.get("/lernbeispiele/99999999999999/").status_code == 404
    assert client.get("/modellprojekte/daten/etwas.csv").status_code == 404
    assert client.get("/api/v1/model-projects/999999").status_code == 404


def test_api_projects_paged_with_keys(client, projects):
    data = client.get("/api/v1/model-projects").json()
    assert data["count"] == 73 and len(data["items"]) == 50
    data = client.get("/api/v1/model-projects", {"round": 2020, "size_class": "landkreis"}).json()
    assert data["count"] == 4
    assert {item["county_key"] for item in data["items"]} == {"09475", "07137", "10046", "07232"}
    jena = next(i for i in client.get("/api/v1/model-projects", {"state": "TH", "round": 2020})
                .json()["items"] if i["name"] == "Jena")  # fmt: skip
    assert (jena["ags"], jena["round"], jena["size_class"], jena["kind"]) == (
        "16053000",
        2020,
        "grossstadt",
        "municipality",
    )
    assert client.get("/api/v1/model-projects", {"state": "'; --"}).status_code == 422
    assert client.get("/api/v1/model-projects", {"size_class": "riesig"}).status_code == 422


def test_api_detail_with_measures_and_lessons(client, jena, jena_editor):
    field = FieldOfAction.objects.get(code="mobilitaet")
    measure_save(actor=jena_editor, project=jena, fields_of_action=[field], values={
        "title": "Mobilitätsplattform", "description": "x", "spatial_effect": "whole_area",
        "status": "in_progress"})  # fmt: skip
    data = client.get(f"/api/v1/model-projects/{jena.pk}").json()
    assert data["measures"][0]["fields_of_action"] == ["mobilitaet"]
    assert data["lessons"] == [] and data["ags"] == "16053000"
    assert client.get("/api/v1/measures", {"field": "mobilitaet"}).json()["count"] == 1
    assert client.get("/api/v1/lessons").json() == {"count": 0, "page": 1, "pages": 1, "items": []}


def test_kleinstadt_finds_kleinstadt_peers_with_reasons(client, projects, jena_editor):
    # Haßfurt (13,501 inhabitants) asks; Zwönitz gets three measures in Mobilität.
    zwoenitz = projects.get(name="Zwönitz")
    from stadtnetz.organisations.models import Membership, Role

    Membership.objects.create(
        user=jena_editor, organisation=zwoenitz.organisation, role=Role.EDITOR
    )
    field = FieldOfAction.objects.get(code="mobilitaet")
    for title in ("Rufbus", "Carsharing", "Mitfahrbank"):
        measure_save(actor=jena_editor, project=zwoenitz, fields_of_action=[field], values={
            "title": title, "description": "x", "spatial_effect": "whole_area", "status": "done"})  # fmt: skip
    data = client.get("/api/v1/municipalities/09674147/peers", {"limit": 8}).json()
    assert data["subject"].startswith("Haßfurt")
    assert all(item["same_kind_and_size"] for item in data["items"][:6])
    assert all("Kleinstadt wie Sie" in item["reasons"] for item in data["items"][:6])
    names = [item["project"]["name"] for item in data["items"]]
    assert "Haßfurt" not in names and "Zwönitz" in names
    zw = next(i for i in data["items"] if i["project"]["name"] == "Zwönitz")
    assert "3 Maßnahmen in Mobilität" in zw["reasons"]
    assert any(r.endswith("km entfernt") for r in zw["reasons"])
    page = client.get("/netzwerk/aehnliche/", {"ags": "09674147"}).content.decode()
    assert "Kleinstadt wie Sie" in page and "3 Maßnahmen in Mobilität" in page
    assert client.get("/api/v1/municipalities/1234/peers").status_code == 404
    assert client.get("/netzwerk/aehnliche/", {"ags": "12<b>"}).status_code == 400


def test_shared_maturity_joins_the_peer_score_only_with_consent(client, projects, make_user):
    from stadtnetz.assessments import questionnaire
    from stadtnetz.assessments.models import Sharing
    from stadtnetz.assessments.services import assessment_record

    office = make_user("office", is_programme_office=True)
    answers = {q.id: "F" for q in questionnaire.current().questions}
    hassfurt = projects.get(name="Haßfurt").organisation
    zwoenitz = projects.get(name="Zwönitz").organisation
    for organisation in (hassfurt, zwoenitz):
        assessment_record(organisation=organisation, actor=office, answers=answers)

    def zwoenitz_peer():
        data = client.get("/api/v1/municipalities/09674147/peers", {"limit": 30}).json()
        return next(i for i in data["items"] if i["project"]["name"] == "Zwönitz")

    before = zwoenitz_peer()
    assert "ähnliches Reifegradprofil" not in before["reasons"]  # internal results stay out
    Sharing.objects.create(organisation=hassfurt, named_in_ranking=True)
    Sharing.objects.create(organisation=zwoenitz, named_in_ranking=True)
    after = zwoenitz_peer()
    assert "ähnliches Reifegradprofil" in after["reasons"]
    assert after["score"] == pytest.approx(before["score"] + 10, abs=0.11)
    Sharing.objects.filter(organisation=zwoenitz).update(named_in_ranking=False)
    assert "ähnliches Reifegradprofil" not in zwoenitz_peer()["reasons"]


def test_peers_for_a_cooperation_organisation(client, projects):
    cut = projects.get(name__startswith="Hamburg in Kooperation")
    response = client.get("/netzwerk/aehnliche/", {"organisation": cut.organisation.slug})
    peers = response.context["peers"]
    assert peers and peers[0].project.organisation.kind == "cooperation"


def test_network_page_csv_and_graphml_agree(client, projects):
    page = client.get("/netzwerk/").content.decode()
    rows = list(csv.DictReader(io.StringIO(client.get("/netzwerk/kanten.csv").content.decode())))
    assert len(rows) == page.count("Mitglied der Kooperation") > 40
    assert {
        "source_id": "org:" + projects.get(name__startswith="Hamburg in").organisation.slug,
        "target_id": "ags:14713000",
    }.items() <= next(r for r in rows if r["target_id"] == "ags:14713000").items()
    tree = ET.fromstring(client.get("/netzwerk/netzwerk.graphml").content)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(tree.findall(".//g:edge", ns)) == len(rows)
    ids = {n.get("id") for n in tree.findall(".//g:node", ns)}
    assert all(r["source_id"] in ids and r["target_id"] in ids for r in rows)


def test_network_links_organisations_through_solutions_and_reuses(client, jena, make_user):
    """A publisher and its reusers meet at the solution; withdrawn or dropped reuses are no link."""
    import datetime as dt

    from stadtnetz.organisations.models import Organisation
    from stadtnetz.solutions.models import Solution
    from stadtnetz.solutions.services import reuse_declare, reuse_withdraw

    actor = make_user("netz-redaktion")
    solution = Solution.objects.create(
        name="Jena Beteiligungsportal", repository_url="https://example.org/jena/portal",
        repository_key="example.org/jena/portal", organisation=jena.organisation,
    )  # fmt: skip
    others = list(
        Organisation.objects.filter(kind="municipality")
        .exclude(pk=jena.organisation_id)
        .select_related("municipality")
        .order_by("name")[:3]
    )
    since = dt.date(2026, 1, 5)
    reuse_declare(solution=solution, organisation=others[0], actor=actor, status="production",
                  since=since)  # fmt: skip
    reuse_declare(solution=solution, organisation=others[1], actor=actor, status="dropped",
                  since=since, note="Zu teuer im Betrieb.")  # fmt: skip
    withdrawn = reuse_declare(solution=solution, organisation=others[2], actor=actor,
                              status="piloting", since=since)  # fmt: skip
    reuse_withdraw(reuse=withdrawn, actor=actor)
    rows = list(csv.DictReader(io.StringIO(client.get("/netzwerk/kanten.csv").content.decode())))
    solution_rows = [r for r in rows if r["target_id"] == f"solution:{solution.pk}"]
    assert [(r["source_id"], r["relation"], r["reuse_status"]) for r in solution_rows] == [
        ("ags:16053000", "publishes_solution", ""),
        (f"ags:{others[0].municipality.ags}", "reuses_solution", "production"),
    ]
    page = client.get("/netzwerk/").content.decode()
    assert "veröffentlicht die Lösung" in page and "nutzt die Lösung (im Produktivbetrieb)" in page
    assert page.count("sn-net__edge--reuse") == 1
    assert others[1].name not in page and others[2].name not in page
    tree = ET.fromstring(client.get("/netzwerk/netzwerk.graphml").content)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert tree.find(f".//g:node[@id='solution:{solution.pk}']", ns) is not None


def test_downloads_and_catalogue(client, jena, jena_editor):
    field = FieldOfAction.objects.get(code="beteiligung")
    measure_save(actor=jena_editor, project=jena, fields_of_action=[field], values={
        "title": "=HYPERLINK(\"http://evil\")", "description": "Bürgerbeteiligung",
        "spatial_effect": "district", "status": "planned"})  # fmt: skip
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/modellprojekte/daten/modellprojekte.csv").content.decode())
        )
    )
    assert len(rows) == 73
    jena_row = next(r for r in rows if r["slug"] == "2020-jena")
    assert (jena_row["ags"], jena_row["round"], jena_row["category"]) == (
        "16053000",
        "2020",
        "grossstadt",
    )
    measures = client.get("/modellprojekte/daten/massnahmen.csv").content.decode()
    assert "'=HYPERLINK" in measures  # formula neutralised for spreadsheets
    data = json.loads(client.get("/modellprojekte/daten/massnahmen.json").content)
    assert data[0]["title"].startswith("=HYPERLINK")
    ttl = client.get("/modellprojekte/daten/catalog.ttl")
    assert ttl["Content-Type"].startswith("text/turtle")
    text = ttl.content.decode()
    # every published dataset (decision 0062; validated against the shapes in core/tests)
    assert text.count("a dcat:Dataset") >= 8 and text.count("a dcat:Distribution") >= 14
    assert "/modellprojekte/daten/massnahmen.csv>" in text and "dl-by-de/2.0" in text


def test_measure_queries_stay_constant(client, jena, jena_editor, django_assert_max_num_queries):
    field = FieldOfAction.objects.get(code="energie-umwelt")
    for n in range(15):
        measure_save(actor=jena_editor, project=jena, fields_of_action=[field], values={
            "title": f"M{n}", "description": "x", "spatial_effect": "site", "status": "done"})  # fmt: skip
    with django_assert_max_num_queries(12):
        assert client.get("/massnahmen/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/measures").json()["count"] == Measure.objects.count()
