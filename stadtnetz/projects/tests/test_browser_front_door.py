# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The Done line of issue 13 in a real browser, as a new municipal user on the shipped data:
home → field of action "Mobilität" filtered to Kleinstadt (with the filter control) → a measure
→ its project's profile with funding and sources → a lesson → a German solution in the catalog
→ its documented transfers on the network page; searches for "Mobilitaet" and "Smart Village
App" bring the expected results first.

Every page is checked with axe-core (WCAG 2.1 A/AA) at 1280 and at 320 px width, and at 320 px
the page must not scroll sideways. Runs on SQLite and on PostgreSQL.
"""

import pytest
from playwright.sync_api import expect

from stadtnetz.projects.importer import DEFAULT_FILE, model_projects_import
from stadtnetz.projects.knowledge_import import DEFAULT_FILES, knowledge_import
from stadtnetz.projects.models import DocumentedTransfer, FieldOfAction, Measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
# What sticks out on the right, to name it when the page scrolls sideways.
WIDE_ELEMENTS = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .filter(e => !e.closest('.kern-table-responsive') || e.matches('.kern-table-responsive'))
  .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def _check(page, check_a11y):
    """axe at both widths; at 320 px nothing wider than the screen."""
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        check_a11y(page)
        if width == 320:
            assert page.evaluate(NO_SIDEWAYS_SCROLL), (
                f"{page.url} scrolls sideways at 320 px: {page.evaluate(WIDE_ELEMENTS)}"
            )
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def knowledge_data(registry):
    model_projects_import(data=DEFAULT_FILE.read_bytes())
    knowledge_import(files={name: path.read_bytes() for name, path in DEFAULT_FILES.items()})


@pytest.fixture
def shipped_data(knowledge_data):
    """What `make run` prepares for these pages: the knowledge, the catalog, the search index."""
    from django.core.management import call_command

    from stadtnetz.search.services import search_reindex

    call_command("seed_solutions", verbosity=0)
    search_reindex(keys=["field", "project", "measure", "lesson", "solution", "organisation"])


def test_new_municipal_user_walks_from_home_to_transfers(page, check_a11y, shipped_data):
    kleinstadt_mobility = Measure.objects.filter(
        fields_of_action__code="mobilitaet", project__category="kleinstadt"
    )
    erzmobil = Measure.objects.get(title="ERZmobil (digitaler Rufbus)")

    # home: the front door
    page.goto("/")
    expect(page.locator("#front-figures")).to_contain_text("484 Maßnahmen")
    _check(page, check_a11y)
    page.locator("header").get_by_role("link", name="Wissen").wait_for()

    # field of action "Mobilität", then the size-class filter control
    page.locator("#front-fields").get_by_role("link", name="Mobilität", exact=True).click()
    page.wait_for_url("**/wissen/mobilitaet/")
    _check(page, check_a11y)
    page.get_by_role("combobox", name="Größenklasse").select_option("kleinstadt")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/wissen/mobilitaet/?category=kleinstadt**")
    expect(page.locator("#result-count")).to_contain_text(
        f"{kleinstadt_mobility.count()} Maßnahmen"
    )
    expect(page.locator("#active-filters")).to_contain_text("Kleinstadt oder Landgemeinde")
    _check(page, check_a11y)

    # a measure
    page.locator("#results").get_by_role("link", name="ERZmobil (digitaler Rufbus)").click()
    page.wait_for_url(f"**{erzmobil.get_absolute_url()}")
    expect(page.locator("main")).to_contain_text("aus öffentlichen Quellen importiert")
    _check(page, check_a11y)

    # its project's profile with funding and sources
    page.locator("main").get_by_role("link", name="Zwönitz (2019)").click()
    page.wait_for_url("**/modellprojekte/2019-zwoenitz/")
    main = page.locator("main").inner_text()
    assert "Bundesförderung" in main and "€" in main and "Quellen dieser Angaben" in main
    _check(page, check_a11y)

    # a lesson of the project
    lesson = erzmobil.project.lessons.order_by("title").first()
    page.locator("#lessons ~ ul").first.get_by_role("link", name=lesson.title).click()
    page.wait_for_url(f"**{lesson.get_absolute_url()}")
    expect(page.locator("main")).to_contain_text(lesson.summary[:40])
    _check(page, check_a11y)

    # a German solution in the catalog: the Smart Village App of Bad Belzig/Wiesenburg
    page.locator("header").get_by_role("link", name="Lösungen").click()
    page.wait_for_url("**/loesungen/")
    _check(page, check_a11y)
    page.locator("main form[role=search] input[name=q]").fill("Smart Village App")
    page.locator("main form[role=search]").get_by_role("button", name="Suchen").click()
    page.wait_for_url("**/loesungen/?q=**")
    page.locator("main").get_by_role("link", name="Smart Village App", exact=True).click()
    page.wait_for_url("**/loesungen/*/")
    solution = page.locator("main").inner_text()
    assert "Bad Belzig" in solution and "Dokumentierte" in solution
    transfers = DocumentedTransfer.objects.filter(solution_name="Smart Village App")
    assert transfers.count() == 7
    adopters = page.locator("#transfers ~ ul").first.inner_text()
    for transfer in transfers:
        assert transfer.adopter_name in adopters
    _check(page, check_a11y)

    # its documented transfers on the network page
    page.get_by_role("link", name="Die Transfers im Stadtnetzwerk ansehen").click()
    page.wait_for_url("**/netzwerk/")
    network = page.locator("main").inner_text()
    assert "dokumentierte Übertragungen" in network
    for transfer in transfers:
        assert transfer.adopter_name in network
    _check(page, check_a11y)

    # searches from the home page bring the expected result first
    for query, expected_first, url in [
        ("Mobilitaet", "Mobilität", "/wissen/mobilitaet/"),
        ("Smart Village App", "Smart Village App", None),
    ]:
        page.goto("/")
        page.get_by_label("Maßnahmen, Lernbeispiele, Modellprojekte und Lösungen durchsuchen").fill(
            query
        )
        page.locator("main form[role=search]").first.get_by_role("button", name="Suchen").click()
        page.wait_for_url("**/suche/?q=**")
        first = page.locator(".sn-hit").first.get_by_role("link")
        expect(first).to_have_text(expected_first)
        if url:
            assert first.get_attribute("href") == url
        _check(page, check_a11y)
    assert len(check_a11y.visited) == 22  # eleven pages at two widths


def test_field_filter_works_without_javascript(browser, live_server, knowledge_data):
    """axe needs JavaScript; the same page is checked with it in the walk above."""
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto("/wissen/mobilitaet/")
        page.get_by_role("combobox", name="Größenklasse").select_option("kleinstadt")
        page.get_by_role("button", name="Filter").click()
        page.wait_for_url("**/wissen/mobilitaet/?category=kleinstadt**")
        expected = Measure.objects.filter(
            fields_of_action=FieldOfAction.objects.get(code="mobilitaet"),
            project__category="kleinstadt",
        ).count()
        assert f"{expected} Maßnahmen" in page.locator("#result-count").inner_text()
        page.get_by_role("link", name="Alle Filter entfernen").click()
        page.wait_for_url("**/wissen/mobilitaet/")
        assert "Kleinstadt" not in page.locator("#result-count").inner_text()
    finally:
        context.close()
