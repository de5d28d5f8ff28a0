# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Profile pages, field-of-action pages and the matrix with the real imported data."""

import re

import pytest

from stadtnetz.projects.models import DocumentedTransfer, Measure, ModelProject


def _text(response) -> str:
    return response.content.decode()


def test_profile_page_shows_funding_sources_notes_phases_and_groups(client, knowledge):
    ulm = ModelProject.objects.get(name="Ulm", round_year=2019)
    page = _text(client.get(ulm.get_absolute_url()))
    assert "Ulm4CleverCity" in page
    assert "7.800.000 €" in page and "65 %" in page and "12.000.000 €" in page  # German formats
    assert "https://www.ulm.de/leben-in-ulm/digitale-stadt/ulm4clevercity" in page
    assert "Hinweise zu den Quellen" in page and "ulm.de nennt gerundet 8 Mio. Euro" in page
    assert "Wachsende Stadt" in page
    measures = Measure.objects.filter(project=ulm).select_related("primary_field")
    first_field = sorted({m.primary_field for m in measures}, key=lambda f: f.position)[0]
    assert f'id="measures-{first_field.code}"' in page
    for measure in measures:
        assert measure.title in page or measure.title.replace('"', "&quot;") in page


def test_profile_page_keeps_contradictions_visible(client, knowledge):
    wolfsburg = ModelProject.objects.get(name="Wolfsburg")
    page = _text(client.get(wolfsburg.get_absolute_url()))
    # no federal funding is picked: the sources disagree and the notes say so
    assert "Keine von uns gefundene öffentliche Quelle nennt die Förderung" in page
    assert "bis zu 11,3 Mio. Euro" in page and "bis zu 17 Mio. Euro" in page


def test_transfers_out_and_in_apart_from_confirmed_reuses(client, knowledge):
    solingen = ModelProject.objects.get(name="Solingen")
    page = _text(client.get(solingen.get_absolute_url()))
    assert "Dokumentierte Übertragungen (aus öffentlichen Quellen)" in page
    assert "Bestätigte Nachnutzungen" in page
    for name in ("Remscheid", "Kassel", "Mönchengladbach"):
        assert name in page
    wolfsburg = ModelProject.objects.get(name="Wolfsburg")
    page = _text(client.get(wolfsburg.get_absolute_url()))
    assert "Open SmartCity App (OSCA)" in page and solingen.get_absolute_url() in page


def test_profile_phases_in_months(client, knowledge):
    project = ModelProject.objects.filter(
        phases__phase="A", phases__starts_on__isnull=False
    ).first()
    phase = project.phases.get(phase="A")
    page = _text(client.get(project.get_absolute_url()))
    months = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
              "Oktober", "November", "Dezember"]  # fmt: skip
    assert f"{months[phase.starts_on.month - 1]} {phase.starts_on.year}" in page


def test_english_page_has_english_chrome_and_german_content(client, knowledge):
    ulm = ModelProject.objects.get(name="Ulm", round_year=2019)
    client.post("/sprache/", {"language": "en", "next": "/"})
    page = _text(client.get(ulm.get_absolute_url()))
    assert "Federal funding" in page and "Notes on the sources" in page
    assert "Ulm4CleverCity" in page and "Schwäbische" in page


@pytest.mark.parametrize("name", ["Ulm", "Solingen", "Wolfsburg"])
def test_profile_page_has_a_constant_number_of_queries(client, knowledge, name,
                                                       django_assert_max_num_queries):  # fmt: skip
    project = ModelProject.objects.get(name=name)
    with django_assert_max_num_queries(30):
        response = client.get(project.get_absolute_url())
    assert response.status_code == 200


def test_matrix_counts_and_links(client, knowledge):
    page = _text(client.get("/wissen/"))
    kleinstadt_mobility = Measure.objects.filter(
        fields_of_action__code="mobilitaet", project__category="kleinstadt"
    ).count()
    assert kleinstadt_mobility > 0
    link = 'href="/wissen/mobilitaet/?category=kleinstadt"'
    assert link in page
    cell = re.search(re.escape(link) + r"[^>]*>(\d+)</a>", page)
    assert int(cell.group(1)) == kleinstadt_mobility
    assert "484 Maßnahmen" in page and "136 Lernbeispiele" in page


def test_two_clicks_kleinstaedte_in_mobility(client, knowledge, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get("/wissen/mobilitaet/", {"category": "kleinstadt"})
    page = _text(response)
    measures = Measure.objects.filter(
        fields_of_action__code="mobilitaet", project__category="kleinstadt"
    )
    assert f"{measures.count()} Maßnahmen" in page
    for measure in measures:
        assert measure.get_absolute_url() in page
    other = (
        Measure.objects.filter(fields_of_action__code="mobilitaet")
        .exclude(project__category="kleinstadt")
        .first()
    )
    assert f'href="{other.get_absolute_url()}"' not in page


def test_field_filters_by_state_round_and_status(client, knowledge):
    page = _text(client.get("/wissen/daten-plattformen/", {"state": "NW", "round": "2019",
                                                           "status": "done"}))  # fmt: skip
    expected = Measure.objects.filter(
        fields_of_action__code="daten-plattformen", project__states__code="NW",
        project__round_year=2019, status="done",
    ).distinct()  # fmt: skip
    assert expected.exists()
    assert f"{expected.count()} Maßnahme" in page
    for measure in expected:
        assert measure.get_absolute_url() in page


def test_field_page_facet_counts_add_up(client, knowledge):
    page = _text(client.get("/wissen/mobilitaet/"))
    total = Measure.objects.filter(fields_of_action__code="mobilitaet").count()
    section = page.split('id="facet-category"')[1].split("</section>")[0]
    assert sum(int(n) for n in re.findall(r"\((\d+)\)", section)) == total


def test_field_page_lessons_and_htmx_partial(client, knowledge):
    response = client.get("/wissen/beteiligung/", {"category": "kleinstadt"},
                          HTTP_HX_REQUEST="true")  # fmt: skip
    page = _text(response)
    assert page.lstrip().startswith('<div id="results"')
    assert "Lernbeispiele" in page


@pytest.mark.parametrize("query", [{"category": "metropole"}, {"round": "1999"},
                                   {"status": "<script>"}, {"state": "'; DROP TABLE x"}])  # fmt: skip
def test_field_page_bad_filters(client, knowledge, query):
    response = client.get("/wissen/mobilitaet/", query)
    assert response.status_code == 400
    assert "kern-error" in _text(response) or "Fehler" in _text(response)


def test_unknown_field_is_404_and_post_is_refused(client, knowledge):
    assert client.get("/wissen/raumfahrt/").status_code == 404
    assert client.post("/wissen/mobilitaet/").status_code == 405
    assert client.post("/wissen/").status_code == 405


def test_unresolved_adopter_is_shown_as_such(client, knowledge):
    origin = ModelProject.objects.get(name="Jena")
    transfer = DocumentedTransfer.objects.create(
        origin=origin, solution_name="Test-App", adopter_name="Altenstadt",
        adopter_state_id=origin.states.first().pk, kind="reuse", source_url="https://example.org",
        unresolved_reason="several municipalities of this name", import_key="test",
    )  # fmt: skip
    page = _text(client.get(origin.get_absolute_url()))
    assert "Altenstadt" in page and "nicht im Gemeindeverzeichnis aufgelöst" in page
    assert "mehrere Gemeinden dieses Namens" in page  # the stored reason, in German
    assert "several municipalities" not in page
    transfer.delete()


def test_network_shows_documented_transfers_apart_and_counts_match_downloads(client, knowledge):
    import csv
    import io

    page = _text(client.get("/netzwerk/"))
    rows = list(csv.DictReader(io.StringIO(_text(client.get("/netzwerk/kanten.csv")))))
    documented = [r for r in rows if r["relation"] == "documented_transfer"]
    assert len(documented) == DocumentedTransfer.objects.count() == 24
    cooperation = [r for r in rows if r["relation"] == "cooperation_member"]
    reuses = [r for r in rows if r["relation"] == "reuses_solution"]
    counts = page.split('id="network-counts"')[1].split("</ul>")[0]
    assert f"{len(documented)} dokumentierte Übertragungen" in counts
    assert f"{len(cooperation)} Mitgliedschaften" in counts
    assert f"{len(reuses)} bestätigte Nachnutzungen" in counts
    hagenow = next(r for r in documented if r["target_name"].startswith("Hagenow"))
    assert hagenow["solution"] == "Smart Village App" and hagenow["transfer_kind"] == "reuse"
    assert hagenow["evidence_url"].startswith("https://") and hagenow["target_id"].startswith(
        "ags:"
    )
    graphml = _text(client.get("/netzwerk/netzwerk.graphml"))
    assert graphml.count('<data key="relation">documented_transfer</data>') == 24
    assert "Smart Village App" in page and "dokumentierte Übertragung von" in page


def test_peers_name_shared_fields_of_action(client, knowledge):
    from stadtnetz.projects import peers

    solingen = ModelProject.objects.get(name="Solingen")
    subject = peers.profile_for_organisation(solingen.organisation)
    found = peers.peers_for(subject, limit=10)
    assert any(
        any(reason.startswith("shared fields of action") or reason.startswith("gemeinsame")
            for reason in peer.reasons)
        for peer in found
    )  # fmt: skip
