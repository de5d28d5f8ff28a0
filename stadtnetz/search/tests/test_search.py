# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Matching and ranking on the database in use (the suite runs on SQLite and on PostgreSQL).

The expected rankings below are the same for both databases: a failure on one of them means the
two backends disagree.
"""

from __future__ import annotations

import pytest
from django.db import connection

from stadtnetz.search.models import SearchDocument
from stadtnetz.search.selectors import SearchFilters, ranked_ids, search
from stadtnetz.search.text import parse_query


def ids(text: str, **filters) -> list[str]:
    return [
        object_id for _, object_id, _ in ranked_ids(parse_query(text), SearchFilters(**filters))
    ]


def test_the_index_exists_for_this_database(corpus):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM search_document_fts")
            assert cursor.fetchone()[0] == 10
        else:
            cursor.execute(
                "SELECT count(*) FROM search_searchdocument WHERE search_vector @@ "
                "to_tsquery('simple', 'burg')"
            )
            assert cursor.fetchone()[0] >= 3


def test_buergerbeteiligung_finds_every_spelling(corpus):
    """Bürgerbeteiligung = Buergerbeteiligung = Beteiligung der Bürger (the issue's Done line)."""
    for spelling in ("Bürgerbeteiligung", "Buergerbeteiligung", "bürgerbeteiligung"):
        found = ids(spelling)
        assert "1" in found, spelling  # says "Buergerbeteiligung"
        assert "2" in found, spelling  # says "Beteiligung der Bürger"
        assert found[0] == "1"  # the title says it


# Same data, same ranking on SQLite and PostgreSQL: these lists are checked on both.
EXPECTED_RANKING = {
    "Bürgerbeteiligung": ["1", "7", "2"],
    "Beteiligung": ["7", "1", "2"],
    "Bürger": ["1", "7", "3", "2", "10"],
    "Mobilität": ["4"],
    "mobil": ["4"],
    "Radverkehr": ["3"],
    "Verwaltung online": ["10", "7"],
    "Daten": ["5"],
    "Quartier": ["1", "9"],
    "Straße": ["6"],
}


@pytest.mark.parametrize("text", sorted(EXPECTED_RANKING))
def test_ranking_is_the_same_on_both_databases(corpus, text):
    assert ids(text) == EXPECTED_RANKING[text]


def test_prefix_matches_while_typing(corpus):
    assert ids("Bürgerbet") == ["1"]
    assert ids("Radverk") == ["3"]
    assert ids("Mobilitätsstat") == ["4"]
    assert ids("Datenpl") == ["5"]


def test_all_words_must_match(corpus):
    assert ids("Beteiligung Haushaltsplanung") == ["2"]
    assert ids("Mobilität Sensoren") == []


def test_filters_narrow_and_facets_count(corpus):
    assert ids("Bürger", state="NW") == ["1", "3"]
    assert ids("Bürger", size_class="mittelstadt") == ["1", "7", "10"]
    assert ids("Bürger", field="verwaltung") == ["7", "2", "10"]
    result = search(parse_query("Bürger"))
    assert result.total == 5
    facets = {facet.name: {o.value: o.count for o in facet.options} for facet in result.facets}
    assert facets["type"] == {"fixture": 5}
    assert facets["state"] == {"NW": 2, "BY": 1, "HE": 1, "TH": 1}
    assert facets["field"] == {"beteiligung": 3, "verwaltung": 3, "mobilitaet": 1}
    assert facets["size_class"]["mittelstadt"] == 3
    labels = {o.value: o.label for f in result.facets for o in f.options}
    assert labels["mittelstadt"].startswith("Mittelstadt") or labels["mittelstadt"].startswith(
        "Medium"
    )


def test_snippets_escape_before_they_highlight(corpus):
    result = search(parse_query("Hitze"))
    (hit,) = result.hits
    assert str(hit.title) == "Sensoren gegen <mark>Hitze</mark>"
    assert "&lt;b&gt;fett&lt;/b&gt; &amp; Co." in hit.snippet
    assert "<b>" not in hit.snippet
    result = search(parse_query("Beteiligung Bürger"))
    second = next(hit for hit in result.hits if hit.object_id == "2")
    assert "<mark>Beteiligung</mark> der <mark>Bürger</mark>" in second.snippet


def test_hostile_text_in_documents_stays_text(corpus):
    SearchDocument.objects.filter(object_id="9").update(title="<script>alert(1)</script> Kiosk")
    result = search(parse_query("Gesundheitskiosk"))
    assert "<script>" not in result.hits[0].title
    assert "&lt;script&gt;" in result.hits[0].title


def test_search_makes_a_constant_number_of_queries(corpus, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        result = search(parse_query("Bürger"))
        assert len(result.hits) == 5
