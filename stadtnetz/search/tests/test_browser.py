# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Searching in a real browser: typing updates the results (htmx), facets narrow, axe is clean."""

from __future__ import annotations

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
