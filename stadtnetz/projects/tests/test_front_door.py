# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The home page as the front door to the real knowledge: figures, entry points by field of
action and by size class, the newest lessons, documented transfers, the search box."""

import re

import pytest

from stadtnetz.projects.models import (
    DocumentedTransfer,
    FieldOfAction,
    Lesson,
    Measure,
    ModelProject,
)
from stadtnetz.solutions.models import Solution


def _main(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def _section(html: str, element_id: str) -> str:
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("</ul>", start)]


def test_figures_are_the_real_counts(client, knowledge):
    page = _main(client.get("/"))
    figures = _section(page, "front-figures")
    expected = {
        "/modellprojekte/": (ModelProject.objects.count(), "Modellprojekte"),
        "/massnahmen/": (Measure.objects.count(), "Maßnahmen"),
        "/lernbeispiele/": (Lesson.objects.count(), "Lernbeispiele"),
        "/loesungen/": (Solution.objects.filter(merged_into=None).count(), "Open-Source-Lösungen"),
        "/netzwerk/": (DocumentedTransfer.objects.count(), "dokumentierte Übertragungen"),
    }
    assert expected["/modellprojekte/"][0] == 73 and expected["/massnahmen/"][0] == 484
    assert expected["/lernbeispiele/"][0] == 136 and expected["/netzwerk/"][0] == 24
    for url, (count, label) in expected.items():
        assert re.search(
            rf'href="{re.escape(url)}"><strong>{count}</strong> {label}</a>', figures
        ), (url, count, label)


def test_fields_of_action_with_counts_link_to_their_pages(client, knowledge):
    tiles = _section(_main(client.get("/")), "front-fields")
    for field in FieldOfAction.objects.all():
        measures = Measure.objects.filter(fields_of_action=field).count()
        lessons = Lesson.objects.filter(fields_of_action=field).count()
        pattern = (
            rf'href="/wissen/{field.code}/">{re.escape(field.name)}</a>\s*'
            rf'<span class="kern-body--small">{measures} Maßnahmen? · {lessons} Lernbeispiele?</span>'
        )
        assert re.search(pattern, tiles), field.code


def test_size_classes_lead_to_municipalities_like_mine(client, knowledge):
    page = _main(client.get("/"))
    assert "Kommunen wie meine" in page
    tiles = _section(page, "front-sizes")
    small = ModelProject.objects.filter(category="kleinstadt")
    small_measures = Measure.objects.filter(project__category="kleinstadt").count()
    assert re.search(
        r'href="/modellprojekte/\?category=kleinstadt">Kleinstadt oder Landgemeinde</a>\s*'
        rf'<span class="kern-body--small">{small.count()} Modellprojekte · {small_measures} '
        r"Maßnahmen</span>",
        tiles,
    )
    # the link's filter works: the project list shows exactly these projects
    listed = client.get("/modellprojekte/", {"category": "kleinstadt"}).content.decode()
    assert all(project.get_absolute_url() in listed for project in small)
    # and the peer search takes an AGS
    assert 'action="/netzwerk/aehnliche/"' in page and 'name="ags"' in page


def test_latest_lessons_and_documented_transfers(client, knowledge):
    page = _main(client.get("/"))
    lessons = _section(page, "front-lessons")
    newest = Lesson.objects.order_by("-created_at", "-pk")[:5]
    positions = [lessons.index(f'href="{lesson.get_absolute_url()}"') for lesson in newest]
    assert positions == sorted(positions)
    assert lessons.count("<li>") == 5
    transfers = _section(page, "front-transfers")
    village = ModelProject.objects.get(name__startswith="Bad Belzig")
    assert re.search(
        r'Smart Village App</span> \(<a class="kern-link" href="'
        + re.escape(village.get_absolute_url())
        + r'">[^<]+</a>\): 7 Kommunen oder Kreise haben sie übernommen',
        transfers,
    )
    assert "9 Kommunen oder Kreise" in transfers  # Solingen's OSCA, the most documented
    assert 'href="/netzwerk/"' in page


def test_search_box_searches_the_knowledge(client, knowledge):
    page = _main(client.get("/"))
    form = page[page.index('action="/suche/"') - 200 : page.index("front-search-hint") + 400]
    assert 'role="search"' in form and 'name="q"' in form
    assert '<label class="kern-label" for="front-search">' in form
    # the registry search stays
    assert 'action="/kommunen/"' in page


def test_header_links_to_the_knowledge(client, knowledge):
    html = client.get("/").content.decode()
    assert '<a class="kern-link" href="/wissen/">Wissen</a>' in html
    html = client.get("/wissen/mobilitaet/").content.decode()
    assert '<a class="kern-link" href="/wissen/" aria-current="page">Wissen</a>' in html
    client.post("/sprache/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert '<a class="kern-link" href="/wissen/">Knowledge</a>' in html
    assert "Municipalities like mine" in html and "72 measures" in html
    assert "Smart Village App" in html  # German content stays German


def test_german_number_formats(client, knowledge, monkeypatch):
    from stadtnetz.projects import selectors

    real = selectors.front_door

    def bigger(**kwargs):
        result = real(**kwargs)
        result["figures"] = {**result["figures"], "measures": 12345}
        result["fields"][0] = {**result["fields"][0], "measures": 1234}
        return result

    monkeypatch.setattr(selectors, "front_door", bigger)
    page = _main(client.get("/"))
    assert "<strong>12.345</strong> Maßnahmen" in page and "1.234 Maßnahmen ·" in page
    client.post("/sprache/", {"language": "en", "next": "/"})
    page = _main(client.get("/"))
    assert "<strong>12,345</strong> measures" in page and "1,234 measures ·" in page


@pytest.mark.parametrize("language", ["de", "en"])
def test_home_makes_a_constant_number_of_queries(client, knowledge, language,
                                                 django_assert_max_num_queries):  # fmt: skip
    client.post("/sprache/", {"language": language, "next": "/"})
    with django_assert_max_num_queries(18):
        response = client.get("/")
    assert response.status_code == 200


def test_field_page_filter_controls_say_what_is_filtered(client, knowledge):
    """The filter is a plain GET form (works without JavaScript) with labelled controls; the
    result says what it is filtered by and how to remove the filters."""
    page = _main(client.get("/wissen/mobilitaet/"))
    assert 'method="get" action="/wissen/mobilitaet/"' in page
    assert '<label class="kern-label" for="id_category">Größenklasse' in page
    assert 'id="active-filters"' not in page
    page = _main(client.get("/wissen/mobilitaet/", {"category": "kleinstadt", "state": "HE"}))
    assert '<option value="kleinstadt" selected>Kleinstadt oder Landgemeinde</option>' in page
    assert re.search(
        r'id="active-filters">Gefiltert nach: <strong>Kleinstadt oder Landgemeinde · Hessen'
        r'</strong> – <a class="kern-link" href="/wissen/mobilitaet/">Alle Filter entfernen</a>',
        page,
    )
    expected = Measure.objects.filter(
        fields_of_action__code="mobilitaet", project__category="kleinstadt",
        project__states__code="HE",
    ).distinct()  # fmt: skip
    assert expected.exists()
    assert f"<strong>{expected.count()} Maßnahme" in page
    partial = client.get(
        "/wissen/mobilitaet/", {"category": "kleinstadt"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert partial.startswith('\n<div id="results"') or partial.lstrip().startswith(
        '<div id="results"'
    )
    assert "Gefiltert nach: <strong>Kleinstadt oder Landgemeinde</strong>" in partial
