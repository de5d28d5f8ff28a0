# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The German text analysis: folding, stemming, compounds, query parsing."""

from __future__ import annotations

import pytest

from stadtnetz.search.text import (
    MAX_QUERY_LENGTH,
    QueryError,
    compound_parts,
    fold,
    index_terms,
    parse_query,
    stem,
)


def test_umlauts_fold_to_the_spelling_without_umlauts():
    assert fold("Bürger Straße Ärger Öl") == "buerger strasse aerger oel"
    assert stem(fold("Bürger")) == stem(fold("Buerger")) == stem("burger") == "burg"


def test_stemming_makes_inflected_forms_equal():
    assert stem("beteiligung") == stem("beteiligungen") == "beteil"
    assert stem("schulen") == stem("schule")
    assert stem(fold("Häuser")) == stem("haus")


def test_compounds_split_into_known_parts_only():
    assert compound_parts("buergerbeteiligung") == ("burg", "beteil")
    assert compound_parts("radverkehrsstrategie") == ("rad", "verkehr", "strategi")
    assert compound_parts("verwaltungsdigitalisierung") == ("verwalt", "digitalisier")
    assert compound_parts("gesundheitskiosk") == ()  # "kiosk" is not in the lexicon
    assert compound_parts("beteiligung") == ()


def test_index_terms_hold_stems_folded_words_and_parts():
    terms = index_terms("Bürgerbeteiligung in der Stadt").split()
    assert terms == ["burgerbeteil", "buergerbeteiligung", "burg", "beteil", "stadt"]
    assert index_terms("") == " "


def test_query_terms_and_prefix_on_the_last_word():
    query = parse_query("Bürgerbeteiligung Mobili")
    first, last = query.terms
    assert (first.stem, first.parts, first.prefix) == ("burgerbeteil", ("burg", "beteil"), False)
    assert (last.folded, last.prefix) == ("mobili", True)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("a", "too_short"),
        ("x" * 10_000, "too_long"),
        ("x" * (MAX_QUERY_LENGTH + 1), "too_long"),
        ('"*:&|!()-^', "no_words"),
        ("der die das", "only_stop_words"),
        ("a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f", "too_many_words"),
        ("eins zwei drei vier fünf sechs sieben acht neun zehn elf", "too_many_words"),
    ],
)
def test_unsearchable_queries_are_refused_with_a_reason(text, code):
    with pytest.raises(QueryError) as raised:
        parse_query(text)
    assert raised.value.code == code
    assert raised.value.message


@pytest.mark.parametrize(
    ("text", "stems"),
    [
        ('NEAR(mobilität "radweg")', ["near", "mobilitat", "radweg"]),
        ("mobilität*", ["mobilitat"]),
        ("title:mobilität", ["titl", "mobilitat"]),
        ("rad & weg | bus !auto", ["rad", "weg", "bus", "auto"]),
        ("-radweg ^bus", ["radweg", "bus"]),
        ("'; DROP TABLE search_searchdocument; --", ["drop", "tabl", "search", "searchdocument"]),
    ],
)
def test_operators_are_only_separators(text, stems):
    assert [term.stem for term in parse_query(text).terms] == stems


def test_ranking_rules_worked_examples():
    """Decision 0041's rules, now in Python (decision 0042): each weight shows in a score."""
    from stadtnetz.search.ranking import score
    from stadtnetz.search.text import index_terms, parse_query

    def of(query: str, title: str, body: str) -> int:
        return score(parse_query(query), index_terms(title), index_terms(body))

    # "Radweg" is the last word, so also a prefix: +1 when the text has a word starting with it.
    assert of("Radweg", "Radweg am Fluss", "") == 10 + 5
    assert of("Radweg", "Neuer Radweg", "") == 10
    assert of("Radweg", "Neuer Radweg", "Der Radweg. Ein Radweg.") == 10 + 2 + 1
    body = " ".join(["Radweg"] * 9)
    assert of("Radweg", "Plan", body) == 5 + 1  # occurrences count at most 5
    # the title is the query: +10 once (decision 0044); all its parts are there: +1
    assert of("Radwegenetz", "Radwegenetz", "") == 10 + 5 + 1 + 10
    assert of("Mobilitaet", "Mobilität", "") == 10 + 5 + 10  # any spelling of the same words
    assert of("Energie und Umwelt", "Energie und Umwelt", "") == (10 + 5) + 10 + 10
    assert of("Mobilitaet", "Mobilitätsinseln", "") == 6 + 2  # only the start of a word
    assert of("Mobilit", "Mobilität", "") == 6 + 2  # being typed: not yet the whole word
    assert of("Radweg", "Radweg am Fluss", "") == 10 + 5  # more than the query: no bonus
    # "Radverkehr" is indexed with its parts: "rad" occurs once, and a word starts with it
    assert of("Mobilität Rad", "Mobilität", "Radverkehr") == (10 + 5) + (1 + 1)
    # compound parts: all parts in the title weigh like the word, +1 for all parts in the document
    # (and the title says nothing else: the same words in another order count as exact)
    assert of("Bürgerbeteiligung", "Beteiligung der Bürger", "") == 10 + 1 + 10
    assert of("mobilitat", "Mobilität", "") == 10 + 5 + 10
