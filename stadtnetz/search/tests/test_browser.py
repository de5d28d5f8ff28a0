# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Searching in a real browser: typing updates the results (htmx), facets narrow, axe is clean."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_as_you_type_and_facets(page, check_a11y, corpus):
    page.goto("/suche/")
    check_a11y(page)
    box = page.get_by_label("Suchbegriff")
    box.press_sequentially("Bürgerbet", delay=40)
    page.wait_for_selector("#results mark")
    results = page.locator("#results")
    assert "Buergerbeteiligung im Quartier" in " ".join(results.text_content().split())
    assert "bürgerbet" in page.url.lower() or "B%C3%BCrgerbet" in page.url  # pushed to history
    check_a11y(page)

    box.fill("Bürgerbeteiligung")
    expect(page.locator("#results .sn-hit")).to_have_count(3)
    check_a11y(page)

    page.get_by_role("link", name="Nordrhein-Westfalen (1)").click()
    page.wait_for_url("**state=NW**")
    expect(page.locator("#results .sn-hit")).to_have_count(1)
    check_a11y(page)

    box = page.get_by_label("Suchbegriff")
    box.fill("x")
    page.wait_for_selector("#results .kern-alert")
    assert "mindestens 2 Zeichen" in page.locator("#results").text_content()
    check_a11y(page)


def test_more_matches_than_candidates_are_said_and_accessible(
    page, check_a11y, corpus, monkeypatch
):
    from stadtnetz.search import selectors

    monkeypatch.setattr(selectors, "CANDIDATES", 2)
    page.goto("/suche/?q=B%C3%BCrger")
    expect(page.locator("#result-count")).to_have_text("Mehr als 2 Treffer")
    assert "Ergänzen Sie ein Wort oder einen Filter" in page.locator("#result-note").inner_text()
    check_a11y(page)


def test_search_works_without_javascript(browser, live_server, corpus):
    """axe needs JavaScript; the same page is checked with it in the test above."""
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto("/suche/")
        page.get_by_label("Suchbegriff").fill("Radverkehr")
        page.get_by_role("button", name="Suchen").click()
        page.wait_for_url("**q=Radverkehr**")
        text = page.locator("#results").text_content()
        assert "Radverkehrsstrategie" in text and "1 Ergebnis" in text
    finally:
        context.close()


def test_measures_written_in_the_form_are_found_by_every_spelling(
    page, check_a11y, registry, make_user, password
):
    """The issue's Done line as a new user tries it on a fresh `make run`, which ships the 73
    model projects but no measures: an editor writes two measures through the form, and a
    search for "Bürgerbeteiligung" finds both — one says "Buergerbeteiligung", the other
    "Beteiligung der Bürger" (runs on SQLite and on PostgreSQL)."""
    from stadtnetz.organisations.models import Membership, Role
    from stadtnetz.projects.importer import DEFAULT_FILE, model_projects_import
    from stadtnetz.projects.models import ModelProject

    model_projects_import(data=DEFAULT_FILE.read_bytes())
    jena = ModelProject.objects.get(name="Jena", round_year=2020)
    editor = make_user("jena-redaktion")
    Membership.objects.create(user=editor, organisation=jena.organisation, role=Role.EDITOR)
    page.goto("/konto/anmelden/?next=/modellprojekte/2020-jena/")
    page.get_by_label("Benutzername").fill("jena-redaktion")
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/modellprojekte/2020-jena/")
    for title, description in (
        ("Online-Buergerbeteiligung zum Haushalt", "Vorschläge sammeln und abstimmen."),
        ("Stadtteilwerkstätten", "Eine frühe Beteiligung der Bürger an der Planung."),
        ("Parkraum zählen", "Sensoren an 40 Stellplätzen."),
    ):
        page.goto("/modellprojekte/2020-jena/")
        page.get_by_role("link", name="Maßnahme hinzufügen").click()
        page.wait_for_url("**/massnahmen/neu/")
        page.get_by_label("Titel").fill(title)
        page.get_by_label("Beschreibung").fill(description)
        page.locator("input[name=fields_of_action][value=beteiligung]").check()
        page.get_by_role("button", name="Maßnahme speichern").click()
        page.wait_for_url(re.compile(r".*/massnahmen/\d+/$"))

    page.goto("/suche/")
    page.get_by_label("Suchbegriff").fill("Bürgerbeteiligung")
    page.get_by_label("Suchbegriff").press("Enter")
    page.wait_for_url("**q=B%C3%BCrgerbeteiligung**")
    hits = page.locator("#results .sn-hit")
    # both measures, their model project, whose page lists them, and the field of action
    # "Beteiligung" (its words include "Bürgerbeteiligung", decision 0044)
    expect(hits).to_have_count(4)
    texts = [" ".join(hits.nth(i).inner_text().split()) for i in range(4)]
    assert any(text.startswith("Handlungsfeld Beteiligung") for text in texts)
    measures = [text for text in texts if text.startswith("Maßnahme")]
    assert len(measures) == 2
    assert "Online- Buergerbeteiligung zum Haushalt" in measures[0]  # the title says it: first
    assert "Stadtteilwerkstätten" in measures[1] and "Beteiligung der Bürger" in measures[1]
    assert not any("Parkraum" in text for text in measures)
    assert "Maßnahme (2)" in page.locator("#results").inner_text()
    check_a11y(page)
    second = texts.index(measures[1])
    hits.nth(second).get_by_role("link").first.click()
    page.wait_for_url(re.compile(r".*/massnahmen/\d+/$"))
    assert "Beteiligung der Bürger" in page.locator("main").inner_text()
    check_a11y(page)
