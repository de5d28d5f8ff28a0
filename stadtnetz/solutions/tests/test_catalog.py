# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Seed, licences, readiness and vitality, and the catalog pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stadtnetz.solutions import licences, readiness
from stadtnetz.solutions.models import CrawlState, Solution, SolutionFacet
from stadtnetz.solutions.services import seed_corpus

pytestmark = pytest.mark.django_db


def test_seed_loads_the_foreign_test_corpus_once(db):
    """The foreign corpus is test data since decision 0061; seed_corpus still loads it once."""
    report = seed_corpus()
    assert (report.total, report.created, report.unchanged) == (95, 95, 0)
    assert Solution.objects.count() == 95
    assert set(Solution.objects.values_list("crawl_state", flat=True)) == {CrawlState.IMPORTED}
    assert Solution.objects.filter(valid=True).count() > 0
    assert Solution.objects.filter(valid=False).count() > 0
    facets = SolutionFacet.objects.count()
    report = seed_corpus()
    assert (report.created, report.unchanged) == (0, 95)
    assert Solution.objects.count() == 95 and SolutionFacet.objects.count() == facets
    rats = Solution.objects.get(repository_key="github.com/aitema-gmbh/ratsinformationssystem")
    assert rats.short_description_de.startswith("Open-Source Ratsinformationssystem")
    assert rats.short_description_en and rats.publisher_name
    assert rats.is_stale and rats.last_verified_at is None


@pytest.mark.parametrize(
    ("expression", "osi", "eupl"),
    [
        ("EUPL-1.2", True, True),
        ("AGPL-3.0-or-later OR MIT", True, True),
        ("MIT AND CC-BY-NC-4.0", False, False),
        ("(GPL-2.0-only WITH Classpath-exception-2.0)", True, True),
        ("Apache License Version 2.0", False, False),
        ("", False, False),
        ("((((MIT", False, False),  # malformed: no approval
        ("MIT OR GPL-3.0-only OR", False, False),
        ("SSPL-1.0", False, False),
    ],
)
def test_licence_expressions(expression, osi, eupl):
    verdict = licences.judge(expression)
    assert (verdict.osi, verdict.eupl_compatible) == (osi, eupl)


def test_licence_facets_name_spdx_ids_or_other():
    assert licences.identifiers("MIT OR Apache-2.0") == ["MIT", "Apache-2.0"]
    assert licences.identifiers("Apache License 2.0") == ["other"]
    assert licences.identifiers(
        "GPL-2.0-only WITH Classpath-exception-2.0 OR MIT OR GPL-2.0-only"
    ) == [
        "GPL-2.0-only",
        "MIT",
    ]


def test_vitality_formula():
    assert readiness.vitality(authors_12m=0, commits_12m=0, tags=0, age_days=0) == 5
    assert readiness.vitality(authors_12m=8, commits_12m=50, tags=4, age_days=800) == 100
    assert (
        readiness.vitality(authors_12m=3, commits_12m=10, tags=1, age_days=400) == 16 + 12 + 5 + 15
    )


def test_readiness_parts_are_visible_and_sum(corpus_sample):
    for solution in corpus_sample:
        assert solution.readiness == sum(p["points"] for p in solution.readiness_parts)
        assert {p["key"] for p in solution.readiness_parts} == {
            "publiccode",
            "licence",
            "documentation",
            "maintenance",
            "activity",
            "reuse",
        }
        assert sum(p["maximum"] for p in solution.readiness_parts) == 100


def test_catalog_page_with_facets(client, corpus_sample, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get(reverse("solutions:list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "5 Lösungen" in body and "Kategorie" in body and "Lizenz" in body
    assert "importiert, noch nicht gecrawlt" in body
    response = client.get(reverse("solutions:list"), {"licence": "EUPL-1.2"})
    names = [s.name for s in response.context["page_obj"]]
    assert names and all("EUPL-1.2" in Solution.objects.get(name=n).licence for n in names)
    assert "Filter entfernen" in response.content.decode()


def test_catalog_search_folds_umlauts(client, corpus_sample):
    response = client.get(reverse("solutions:list"), {"q": "ratsinformationssystem"})
    assert [s.repository_key for s in response.context["page_obj"]] == [
        "github.com/aitema-gmbh/ratsinformationssystem"
    ]
    response = client.get(reverse("solutions:list"), {"q": "für kommunen"})
    assert response.context["page_obj"].paginator.count >= 1


@pytest.mark.parametrize("params", [
    {"q": "x" * 500}, {"category": "<script>alert(1)</script>"}, {"licence": "' OR 1=1 --"},
    {"sort": "password"}, {"page": "-1"}, {"q": "\x00"}, {"readiness": "x" * 200},
])  # fmt: skip
def test_hostile_catalog_queries(client, corpus_sample, params):
    response = client.get(reverse("solutions:list"), params)
    assert response.status_code in (200, 400)
    assert b"<script>alert(1)</script>" not in response.content


def test_solution_page_shows_validation_report_in_german(client, corpus_sample):
    invalid = next(s for s in corpus_sample if not s.valid)
    response = client.get(invalid.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "Prüfbericht" in body and "Nachnutzungsreife" in body
    first = invalid.validation_results[0]
    assert first["description_de"] in body.replace("&#x27;", "'").replace("&quot;", '"')
    raw = client.get(reverse("solutions:publiccode", args=[invalid.pk]))
    assert raw.content.decode() == invalid.publiccode_raw


def test_unknown_solution_is_404(client, db):
    assert client.get(reverse("solutions:detail", args=[999999])).status_code == 404


def test_publisher_page(client, corpus_sample):
    solution = corpus_sample[0]
    response = client.get(reverse("solutions:publisher", args=[solution.publisher_slug]))
    assert response.status_code == 200 and solution.name in response.content.decode()
    assert client.get(reverse("solutions:publisher", args=["niemand"])).status_code == 404


def test_exports(client, corpus_sample):
    data = client.get(reverse("solutions:export", args=["json"])).json()
    assert data["count"] == 5 and {"readiness", "licence_osi"} <= set(data["items"][0])
    csv_text = client.get(reverse("solutions:export", args=["csv"])).content.decode()
    assert csv_text.splitlines()[0].startswith("id,name,url") and len(csv_text.splitlines()) == 6
    assert client.get(reverse("solutions:export", args=["xml"])).status_code == 404


def test_csv_export_neutralises_formulas(client, corpus_sample):
    Solution.objects.filter(pk=corpus_sample[0].pk).update(name='=HYPERLINK("x")')
    csv_text = client.get(reverse("solutions:export", args=["csv"])).content.decode()
    assert "'=HYPERLINK" in csv_text
