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
                "SELECT count(*) FROM search_document_match WHERE terms @@ "
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


def test_many_matches_rank_the_newest_and_the_title_matches(corpus, monkeypatch, client):
    """Decision 0042: above the candidate limit the best title match still comes first."""
    from stadtnetz.search import selectors

    everything = search(parse_query("Bürger"))
    assert everything.complete and everything.total == 5
    monkeypatch.setattr(selectors, "CANDIDATES", 2)
    capped = search(parse_query("Bürger"))
    assert capped.complete is False
    newest = {"10", "7"}  # the two documents indexed last of the five that match
    assert newest <= {hit.object_id for hit in capped.hits}
    # "1" is the oldest match but has the word in its title: it is a candidate, and ranks first.
    assert capped.hits[0].object_id == "1"
    assert capped.total == len(capped.hits) < 5
    type_counts = {o.value: o.count for f in capped.facets if f.name == "type" for o in f.options}
    assert type_counts == {"fixture": capped.total}
    body = client.get("/api/v1/search", {"q": "Bürger"}).json()
    assert body["complete"] is False and body["count"] == capped.total
    page = client.get("/suche/", {"q": "Bürger"}).content.decode()
    assert "Mehr als 2 Treffer" in page
    assert 'id="result-note"' in page


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


@pytest.mark.parametrize("window", [2, 3, 5])
@pytest.mark.parametrize("costs", [(1.0, 3.0), (0.0, 1.0), (1.0, 0.0)], ids=str)
def test_newest_matches_are_the_same_whichever_way_they_are_read(
    corpus, monkeypatch, window, costs
):
    """PostgreSQL reads the newest matches by walking the key in a window, by a second, wider
    walk, or through the GIN index; every way gives the same ids (SQLite: FTS5 directly). The
    costs (walk, index) as measured, then forcing the second walk, then forcing the index."""
    from stadtnetz.search.backends import PostgresFullText, backend

    choices = [SearchFilters(), SearchFilters(state="NW"), SearchFilters(field="verwaltung")]
    reference = {
        (text, titled, f): backend().newest_rows(parse_query(text), choices[f], titled=titled,
                                                 limit=99)
        for text in EXPECTED_RANKING
        for titled in (False, True)
        for f in range(len(choices))
    }  # fmt: skip
    monkeypatch.setattr(PostgresFullText, "RECENT_WINDOW", window)
    monkeypatch.setattr(PostgresFullText, "MAX_WINDOW", window * 3)
    monkeypatch.setattr(PostgresFullText, "WALK_COST", costs[0])
    monkeypatch.setattr(PostgresFullText, "INDEX_COST", costs[1])
    for text in EXPECTED_RANKING:
        for f in range(len(choices)):
            for limit in (1, 2, 3):
                # As a search asks: all matches first, then title matches, from one backend
                # (on PostgreSQL the first walk notes the title matches for the second call).
                index = backend()
                for titled in (False, True):
                    found = index.newest_rows(parse_query(text), choices[f], titled=titled,
                                              limit=limit)  # fmt: skip
                    expected = reference[(text, titled, f)][:limit]
                    assert found == expected, (text, titled, f, limit)
                # and the title matches alone, without the walk before
                found = backend().newest_rows(parse_query(text), choices[f], titled=True,
                                              limit=limit)  # fmt: skip
                assert found == reference[(text, True, f)][:limit], (text, f, limit)
    reference = {key: [row[0] for row in rows] for key, rows in reference.items()}
    everything = reference[("Bürger", False, 0)]
    assert everything == sorted(everything, reverse=True) and len(everything) == 5
    assert len(reference[("Bürger", False, 1)]) == 2  # NW


@pytest.mark.parametrize("text", ["Bürger", "Beteiligung", "Verwaltung online", "Mobilität Rad"])
def test_reading_only_the_texts_that_can_reach_the_page_keeps_the_order(corpus, text):
    """Decision 0043: texts are read only for candidates whose title score plus the most the
    text can add reaches the page; the order down to the page is that of scoring everyone."""
    from stadtnetz.search import ranking, selectors

    query = parse_query(text)
    candidates, _complete = selectors._candidates(query, SearchFilters())
    texts = dict(SearchDocument.objects.values_list("id", "body_terms"))
    full = selectors._ranked(query, [dict(row) for row in candidates], upto=len(candidates))
    for row in full:  # everyone scored, as the rules say
        assert row["score"] == ranking.score(query, row["title_terms"], texts[row["id"]])
    for upto in (1, 2, 3):
        ranked = selectors._ranked(query, [dict(row) for row in candidates], upto=upto)
        assert [(r["id"], r["score"]) for r in ranked[:upto]] == [
            (r["id"], r["score"]) for r in full[:upto]
        ], upto


def test_pruned_candidates_are_not_read(corpus, monkeypatch):
    """With one page of one result, a candidate whose title cannot win is not read at all."""
    from stadtnetz.search import selectors
    from stadtnetz.search.backends import backend

    query = parse_query("Verwaltung")
    candidates, _complete = selectors._candidates(query, SearchFilters())
    read: list[list[int]] = []
    original = backend().texts

    def texts(ids):
        read.append(sorted(ids))
        return original(ids)

    monkeypatch.setattr(type(backend()), "texts", staticmethod(texts))
    ranked = selectors._ranked(query, [dict(row) for row in candidates], upto=1)
    assert ranked[0]["object_id"] == "10"  # "Verwaltungsdigitalisierung", title starts with it
    (ids_read,) = read
    by_object = {row["object_id"]: row["id"] for row in candidates}
    # "7" has the word only in its text: its title score plus the most a text can add stays
    # below the title score of "10", so its text is not read.
    assert by_object["7"] not in ids_read and ids_read == [by_object["10"]]


def test_emptying_the_document_table_empties_the_index(corpus):
    """Django's test flush empties tables with TRUNCATE on PostgreSQL (a trigger empties the
    match table too) and with DELETE on SQLite (the FTS5 triggers)."""
    from stadtnetz.search.backends import backend

    assert backend().newest_ids(parse_query("Bürger"), SearchFilters(), titled=False, limit=9)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE search_searchdocument")
            cursor.execute("SELECT count(*) FROM search_document_match")
        else:
            cursor.execute("DELETE FROM search_searchdocument")
            cursor.execute(
                "SELECT count(*) FROM search_document_fts WHERE search_document_fts MATCH 'burg*'"
            )
        assert cursor.fetchone()[0] == 0
    assert backend().newest_ids(parse_query("Bürger"), SearchFilters(), titled=False, limit=9) == []


def test_changed_and_removed_documents_leave_the_index(corpus):
    from stadtnetz.search.backends import backend

    def found(text, titled=False):
        rows = backend().newest_rows(parse_query(text), SearchFilters(), titled=titled, limit=9)
        return {row[6] for row in rows}  # object ids

    SearchDocument.objects.filter(object_id="6").update(
        title="Laternen", title_terms=" laternen ", state="BY"
    )
    assert "6" not in found("Straßenbeleuchtung", titled=True)
    assert "6" in found("Laternen", titled=True)
    row = backend().newest_rows(parse_query("Laternen"), SearchFilters(), titled=True, limit=1)[0]
    assert row[2] == "BY"  # the facet columns follow too
    SearchDocument.objects.filter(object_id="6").delete()
    assert found("Laternen") == set()
