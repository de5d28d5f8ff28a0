# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The ranking page: filters (incl. the phase a project starts with), labels instead of keys,
German and English number and money formats, and a number of queries that does not grow with
the number of applications."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stadtnetz.municipalities.models import State
from stadtnetz.reviews.selectors import ranking
from stadtnetz.submissions.models import Submission

from .factories import reviewed_bulk


@pytest.fixture
def bulk(call, reviewers):
    return reviewed_bulk(call, 6, reviewers)


def _get(client, office, call, language="de", **query):
    client.cookies["stadtnetz_language"] = language
    client.force_login(office)
    response = client.get(reverse("reviews:ranking", args=[call.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


def _row(page, case):
    """The table row of one case (the filter form lists every label too, so look in the row)."""
    match = re.search(
        rf'<tr class="kern-table__row" id="rank-{case.application_id}">(.*?)</tr>', page, re.S
    )
    assert match, case
    return match.group(1)


def test_german_page_shows_labels_and_german_formats(client, office, call, bulk):
    first = Submission.objects.get(application=bulk[0].application)
    assert first.size_class == "grossstadt"
    row = _row(_get(client, office, call), bulk[0])
    assert "250.000,00\u00a0€" in row  # the grant of the first application, German money
    assert State.objects.get(code=first.state_code).name in row
    assert "Großstadt" in row and "grossstadt" not in row
    assert f">{first.state_code}<" not in row
    assert "fördern: 2" in row  # recommendation label, not the key "fund"
    assert "Phase A" in row or "Phase B" in row


def test_english_page_uses_english_formats(client, office, call, bulk):
    row = _row(_get(client, office, call, language="en"), bulk[0])
    assert "€250,000.00" in row
    assert "Large city" in row and "fund: 2" in row


def test_phase_filter(client, office, call, bulk):
    rows = ranking(call)
    starts = {row.case.pk: row.phase for row in rows}
    assert set(starts.values()) == {"A", "B"}
    only_a = {row.case.pk for row in ranking(call, phase="A")}
    assert only_a == {pk for pk, phase in starts.items() if phase == "A"}
    page = _get(client, office, call, language="en", phase="B")
    for case in bulk:
        shown = f'id="rank-{case.application_id}"' in page
        assert shown == (starts[case.pk] == "B")


@pytest.mark.parametrize(
    "query", [{"phase": "C"}, {"min_grant": "zehn"}, {"state": "xx"}, {"size_class": "<b>"}]
)
def test_hostile_filters_are_refused_at_the_field(client, office, call, bulk, query):
    client.cookies["stadtnetz_language"] = "en"
    client.force_login(office)
    response = client.get(reverse("reviews:ranking", args=[call.pk]), query)
    assert response.status_code == 400
    assert f'id="id_{next(iter(query))}-error"' in response.content.decode()


def test_german_money_filter(client, office, call, bulk):
    page = _get(client, office, call, min_grant="300.000,00")
    grants = [Submission.objects.get(application=c.application).requested_grant for c in bulk]
    shown = sum(1 for c in bulk if f'id="rank-{c.application_id}"' in page)
    assert shown == sum(1 for g in grants if g >= 300000) and 0 < shown < len(bulk)


def test_queries_do_not_grow_with_the_number_of_applications(client, office, call, reviewers):
    reviewed_bulk(call, 3, reviewers)
    client.force_login(office)
    url = reverse("reviews:ranking", args=[call.pk])
    client.get(url)  # warm caches (session, site settings) once
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    reviewed_bulk(call, 40, reviewers, offset=3)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200 and response.content.decode().count('id="rank-') == 43
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]


def test_selection_run_page_in_german_words_and_formats(client, office, call, bulk):
    from stadtnetz.reviews.models import SelectionRun

    candidate = {"id": bulk[0].application_id, "score": "3.5", "cost": "1250000.50", "size_class": "mittelstadt",
                 "state": Submission.objects.get(application=bulk[0].application).state_code, "name": "Antragsteller 0000"}  # fmt: skip
    run = SelectionRun.objects.create(call=call, actor=office, constraints={"budget": "25000000.00", "pins": {}},
                                      candidates=[candidate], solver="HiGHS", status="optimal",
                                      objective="3.5", selected=[candidate["id"]])  # fmt: skip
    client.cookies["stadtnetz_language"] = "de"
    client.force_login(office)
    page = client.get(reverse("reviews:selection_run", args=[call.pk, run.pk])).content.decode()
    assert "25.000.000,00\u00a0€" in page and "1.250.000,50\u00a0€" in page
    assert "3,50" in page and "Mittelstadt" in page
    assert State.objects.get(code=candidate["state"]).name in page


def test_statistics_page_names_dimensions_and_values(client, office, call, bulk):
    client.cookies["stadtnetz_language"] = "en"
    client.force_login(office)
    page = client.get(reverse("reviews:statistics", args=[call.pk])).content.decode()
    assert "Large city" in page and "Association" in page and "size_class" not in page
    assert (
        State.objects.get(
            code=Submission.objects.get(application=bulk[0].application).state_code
        ).name
        in page
    )


def test_callers_without_parts_skip_the_criterion_scores(
    call, reviewers, django_assert_num_queries
):
    reviewed_bulk(call, 5, reviewers)
    with CaptureQueriesContext(connection) as full:
        with_parts = ranking(call)
    with CaptureQueriesContext(connection) as light:
        without = ranking(call, parts=False)
    assert len(light) == len(full) - 1
    assert not any("reviews_reviewscore" in q["sql"] for q in light.captured_queries)
    assert [(r.case.pk, r.mean, r.rank) for r in without] == [
        (r.case.pk, r.mean, r.rank) for r in with_parts
    ]
