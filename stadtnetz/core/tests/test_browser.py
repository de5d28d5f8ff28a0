# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""A person in a real browser: sign up, verify, join by invitation, search the registry.

Every visited page is checked with axe-core for WCAG 2.1 A/AA: zero violations.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from stadtnetz.organisations.models import Membership, OrganisationKind, Role
from stadtnetz.organisations.services import invitation_create, organisation_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_verify_join_by_invitation(page, check_a11y, registry, make_user):
    admin = make_user("beratung-admin")
    organisation = organisation_create(
        actor=admin, kind=OrganisationKind.CONSULTANCY, name="Kommunalberatung Nord"
    )
    invitation = invitation_create(
        organisation=organisation, actor=admin, email="neu@example.org", role=Role.EDITOR
    )
    mail.outbox.clear()

    page.goto("/")
    check_a11y(page)
    page.get_by_role("link", name="Registrieren").first.click()
    check_a11y(page)
    page.get_by_label("Benutzername").fill("neu")
    page.get_by_label("E-Mail-Adresse").fill("neu@example.org")
    page.get_by_label("Vorname").fill("Nora")
    page.get_by_label("Passwort", exact=True).fill("Kommunal-Digital-2026")
    page.get_by_label("Passwort wiederholen").fill("Kommunal-Digital-2026")
    page.get_by_label("Ich habe die Datenschutzhinweise gelesen.").check()
    page.get_by_role("button", name="Konto erstellen").click()
    page.wait_for_url("**/konto/registrieren/fertig/")
    check_a11y(page)

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/konto/bestaetigen/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.wait_for_url("**/konto/anmelden/")
    assert "Ihre E-Mail-Adresse ist bestätigt" in page.content()
    check_a11y(page)

    page.get_by_label("Benutzername").fill("neu")
    page.get_by_label("Passwort").fill("Kommunal-Digital-2026")
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/mein-stadtnetz/")
    check_a11y(page)

    page.goto(invitation.link)
    check_a11y(page)
    page.get_by_role("button", name="Einladung annehmen").click()
    page.wait_for_url(f"**/organisationen/{organisation.slug}/")
    assert "Kommunalberatung Nord" in page.content()
    check_a11y(page)
    membership = Membership.objects.get(organisation=organisation, user__username="neu")
    assert membership.role == Role.EDITOR


def test_registry_search_with_htmx_and_without_javascript(
    page, browser, live_server, check_a11y, registry
):
    page.goto("/kommunen/")
    check_a11y(page)
    page.evaluate("window.__noReload = true")  # a full page load would drop this marker
    page.get_by_label("Name, AGS oder Kreisschlüssel").fill("solingen")
    row = page.get_by_role("link", name="Solingen, Klingenstadt")
    row.wait_for()
    assert "1 Gemeinde gefunden" in page.locator("#result-count").inner_text()
    assert page.evaluate("window.__noReload === true"), "search-as-you-type reloaded the page"
    page.get_by_label("Name, AGS oder Kreisschlüssel").fill("frankfurt")
    page.get_by_role("link", name="Frankfurt (Oder), Stadt").wait_for()
    assert page.locator("#results").count() == 1, (
        "each swap must replace the results, not nest them"
    )
    page.get_by_label("Name, AGS oder Kreisschlüssel").fill("solingen")
    row.wait_for()
    page.wait_for_url("**/kommunen/?q=solingen*")
    check_a11y(page)
    row.click()
    page.wait_for_url("**/kommunen/05122000/")
    assert "159.245" in page.content()
    check_a11y(page)

    no_js = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    plain = no_js.new_page()
    plain.goto("/kommunen/")
    plain.get_by_label("Name, AGS oder Kreisschlüssel").fill("05122")
    plain.get_by_role("button", name="Suchen").click()
    plain.wait_for_url("**/kommunen/?q=05122*")
    assert "Solingen, Klingenstadt" in plain.content()
    assert "1 Gemeinde gefunden" in plain.content()
    no_js.close()

    page.goto("/kommunen/?q=frankfurt&sort=-population")
    assert page.get_by_role("link", name="Frankfurt am Main, Stadt").is_visible()
    check_a11y(page)
    for url in ["/kreise/05122/", "/laender/nw/", "/organisationen/", "/konto/anmelden/",
                "/impressum/", "/datenschutz/", "/barrierefreiheit/", "/offene-daten/",
                "/kommunen/99999999/"]:  # fmt: skip
        page.goto(url)
        check_a11y(page)


def test_small_screen_menu_language_button_and_keyboard_scrolling_tables(
    browser, live_server, check_a11y, registry
):
    """At 375 px the navigation waits behind "Menü"; the language is a button; tables scroll."""
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", viewport={"width": 375, "height": 740}
    )
    page = context.new_page()
    try:
        page.goto("/kommunen/?q=Halle")
        navigation = page.locator("#main-navigation")
        menu = page.get_by_role("button", name="Menü")
        assert not navigation.is_visible() and menu.get_attribute("aria-expanded") == "false"
        header = page.locator("header.sn-header").bounding_box()
        assert header["height"] < 740 * 0.25  # the header leaves the first screen to the page
        menu.click()
        assert navigation.is_visible() and menu.get_attribute("aria-expanded") == "true"
        assert page.get_by_role("link", name="Förderaufrufe").is_visible()
        check_a11y(page)
        # the language switch is a button: arrow keys move nothing, Enter switches (WCAG 3.2.2)
        assert page.locator("header select").count() == 0
        english = page.get_by_role("button", name="English")
        assert english.get_attribute("lang") == "en"
        english.focus()
        page.keyboard.press("ArrowDown")
        assert page.locator("html").get_attribute("lang") == "de"
        page.keyboard.press("Enter")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        assert page.get_by_role("button", name="Deutsch").get_attribute("lang") == "de"
        # wide tables scroll inside a focusable region, not the page
        region = page.locator("[role=region]:has(table)").first
        assert region.get_attribute("tabindex") == "0"
        assert page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
        region.focus()
        page.keyboard.press("ArrowRight")
    finally:
        context.close()

    no_js = browser.new_context(
        base_url=live_server.url, locale="de-DE", java_script_enabled=False,
        viewport={"width": 375, "height": 740},
    )  # fmt: skip
    try:
        page = no_js.new_page()
        page.goto("/")
        assert page.locator("#main-navigation").is_visible()  # without JavaScript: always shown
        assert not page.get_by_role("button", name="Menü").is_visible()
    finally:
        no_js.close()


def test_not_found_is_the_kern_page_in_german_and_english(page, check_a11y, registry):
    response = page.goto("/kommunen/99999999/")
    assert response.status == 404
    assert page.locator("header.sn-header").count() == 1  # the site's frame, not a debug page
    assert "Seite nicht gefunden" in page.locator("main h1").inner_text()
    assert "URLconf" not in page.content() and "Traceback" not in page.content()
    check_a11y(page)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.goto("/kommunen/99999999/").status == 404
    assert "not found" in page.locator("main h1").inner_text().lower()
    check_a11y(page)
