# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The site search on the real knowledge: the key spellings bring the expected result first,
on SQLite and on PostgreSQL (the relevance figures: bench/search_relevance.py)."""

import pytest

from stadtnetz.projects.models import FieldOfAction, Measure, ModelProject
from stadtnetz.search.selectors import ranked_ids
from stadtnetz.search.services import search_reindex
from stadtnetz.search.text import parse_query


@pytest.fixture
def indexed(knowledge):
    search_reindex(keys=["field", "project", "measure", "lesson", "solution"])


def _first(query: str) -> tuple[str, str]:
    doc_type, object_id, _score = ranked_ids(parse_query(query), limit=5)[0]
    return doc_type, object_id


@pytest.mark.parametrize("query", ["Mobilität", "Mobilitaet", "mobilitat", "MOBILITÄT"])
def test_mobility_in_every_spelling_brings_the_field_first(indexed, query, client):
    mobility = FieldOfAction.objects.get(code="mobilitaet")
    assert _first(query) == ("field", str(mobility.pk))
    # and the page lists mobility measures right after it
    top = ranked_ids(parse_query(query), limit=5)
    measures = Measure.objects.filter(fields_of_action=mobility)
    assert all(
        doc_type == "measure" and measures.filter(pk=int(object_id)).exists()
        for doc_type, object_id, _score in top[1:]
    )


def test_the_search_page_shows_the_field_first(indexed, client):
    html = client.get("/suche/", {"q": "Mobilitaet"}).content.decode()
    first = html.index('class="sn-hit')
    assert 'href="/wissen/mobilitaet/"' in html[first : first + 2000]
    assert "Handlungsfeld" in html[first : first + 2000]


def test_smart_village_app_brings_the_app_first(indexed):
    from stadtnetz.solutions.models import Solution

    app = Measure.objects.get(title="Bad Belzig App / Smart Village App")
    solutions = Solution.objects.filter(
        merged_into=None, repository_url__icontains="smart-village-solutions/smart-village-app-app"
    )
    expected = {("measure", str(app.pk))} | {("solution", str(s.pk)) for s in solutions}
    top = ranked_ids(parse_query("Smart Village App"), limit=3)
    assert (top[0][0], top[0][1]) in expected
    village = ModelProject.objects.get(name__startswith="Bad Belzig")
    assert ("project", str(village.pk)) in {(t, i) for t, i, _s in top}


@pytest.mark.parametrize(
    ("query", "in_title"),
    [
        ("Bürgerbeteiligung", "Bürgerbeteiligung"),
        ("Buergerbeteiligung", "Bürgerbeteiligung"),
        ("Beteiligung der Bürger", "Bürgerbeteiligung"),
        ("Strassenbeleuchtung", "Straßenbeleuchtung"),
        ("ERZmobil", "ERZmobil (digitaler Rufbus)"),
        ("LoRaWAN", "LoRaWAN"),
        ("Datenplattform", "Datenplattform"),
    ],
)
def test_compounds_and_names_bring_a_measure_named_so_first(indexed, query, in_title):
    doc_type, object_id = _first(query)
    assert doc_type == "measure"
    assert in_title in Measure.objects.get(pk=int(object_id)).title


@pytest.mark.parametrize(("query", "name"), [("Solingen", "Solingen"), ("Zwoenitz", "Zwönitz"),
                                             ("Koeln", "Köln"), ("Hassfurt", "Haßfurt")])  # fmt: skip
def test_a_place_name_brings_its_model_project_first(indexed, query, name):
    project = ModelProject.objects.get(name=name)
    assert _first(query) == ("project", str(project.pk))


def test_field_documents_are_indexed_with_their_words(indexed):
    from stadtnetz.search.models import SearchDocument

    documents = SearchDocument.objects.filter(doc_type="field")
    assert documents.count() == 10
    mobility = documents.get(url="/wissen/mobilitaet/")
    assert mobility.title == "Mobilität" and "Mobility" in mobility.body
    assert "Verkehr" in mobility.body and mobility.fields == "|mobilitaet|"
