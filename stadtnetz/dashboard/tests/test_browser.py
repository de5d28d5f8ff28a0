# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Onboarding in a real browser (issue 16, items 10 and 16): a new municipal lead claims Jena's
organisation (imported with the model projects, no members, no known domain), the programme
office approves, the lead finds Jena on "Mein Stadtnetz"; a colleague asks to join, the new admin
refuses without a reason (error at the field), then accepts as editor.

Every page is checked with axe-core (WCAG 2.1 A/AA) at 1280 and 320 px, without sideways scroll.
"""

from __future__ import annotations

import pytest

from stadtnetz.municipalities.models import Municipality
from stadtnetz.organisations.models import Membership, Organisation, OrganisationKind, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Sicheres-Passwort-2026"


def _check(page, check_a11y):
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        check_a11y(page)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at {width}px"
    page.set_viewport_size({"width": 1280, "height": 900})


def _sign_in(page, username):
    page.goto("/konto/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/mein-stadtnetz/")


def test_claim_approve_and_find_the_organisation_on_mein_stadtnetz(
    page, browser, live_server, check_a11y, registry, make_user
):
    municipality = Municipality.objects.get(ags="16053000")
    jena = Organisation(
        kind=OrganisationKind.MUNICIPALITY, municipality=municipality, name=municipality.name,
        slug="jena",
    )  # fmt: skip
    jena.full_clean()
    jena.save()
    make_user("lena", first_name="Lena", email="lena@example.org", password=PASSWORD)
    make_user("buero", is_programme_office=True, password=PASSWORD)
    make_user("kai", first_name="Kai", email="kai@example.org", password=PASSWORD)

    # the lead signs in, lands on Mein Stadtnetz and claims Jena
    _sign_in(page, "lena")
    assert "Sie sind noch in keiner Organisation Mitglied." in page.locator("main").inner_text()
    _check(page, check_a11y)
    page.goto(jena.get_absolute_url())
    page.get_by_role("link", name="Organisation übernehmen").click()
    page.wait_for_url("**/organisationen/jena/beitreten/")
    assert "prüft das Programmbüro" in page.locator("main").inner_text()
    _check(page, check_a11y)
    page.get_by_label("Ihre Funktion und Ihr Anliegen").fill("Leiterin Smart City, Dezernat 1")
    page.get_by_role("button", name="Organisation übernehmen").click()
    page.wait_for_url("**/mein-stadtnetz/")
    assert "wartet auf Entscheidung" in page.locator("#my-requests").inner_text()

    # the programme office approves
    office_context = browser.new_context(base_url=live_server.url, locale="de-DE")
    office = office_context.new_page()
    _sign_in(office, "buero")
    office.get_by_role("link", name="1 Übernahme wartet auf Ihre Entscheidung").click()
    office.wait_for_url("**/organisationen/uebernahmen/")
    _check(office, check_a11y)
    office.get_by_role("link", name="Über die Übernahme von Jena, Stadt durch Lena").click()
    assert "Leiterin Smart City, Dezernat 1" in office.locator("main").inner_text()
    _check(office, check_a11y)
    office.get_by_role("button", name="Anfrage annehmen").click()
    office.wait_for_url("**/organisationen/uebernahmen/")
    assert "ist jetzt Mitglied" in office.locator("#messages").inner_text()
    office_context.close()

    # the lead finds Jena on Mein Stadtnetz as its administrator
    page.goto("/mein-stadtnetz/")
    organisations = page.locator("section[aria-labelledby='organisations-heading']").inner_text()
    assert (
        "Jena, Stadt" in organisations and "Administration (Mitglieder verwalten)" in organisations
    )
    _check(page, check_a11y)

    # a colleague asks to join; the new admin refuses without reason (refused), then accepts
    colleague_context = browser.new_context(base_url=live_server.url, locale="de-DE")
    colleague = colleague_context.new_page()
    _sign_in(colleague, "kai")
    colleague.goto(jena.get_absolute_url())
    colleague.get_by_role("link", name="Mitgliedschaft anfragen").click()
    colleague.get_by_label("Ihre Funktion und Ihr Anliegen").fill("Kämmerei")
    colleague.get_by_role("button", name="Anfrage senden").click()
    colleague.wait_for_url("**/mein-stadtnetz/")

    page.goto("/mein-stadtnetz/")
    page.get_by_role("link", name="Kai möchte Jena, Stadt beitreten").click()
    _check(page, check_a11y)
    page.get_by_role("button", name="Anfrage ablehnen").click()
    assert "Bitte begründen Sie die Ablehnung." in page.locator("main").inner_text()
    _check(page, check_a11y)
    page.get_by_label("Rolle").select_option("editor")
    page.get_by_role("button", name="Anfrage annehmen").click()
    page.wait_for_url("**/organisationen/jena/mitglieder/")
    _check(page, check_a11y)
    assert Membership.objects.get(organisation=jena, user__username="kai").role == Role.EDITOR

    colleague.goto("/mein-stadtnetz/")
    organisations = colleague.locator("section[aria-labelledby='organisations-heading']")
    assert "Jena, Stadt" in organisations.inner_text()
    _check(colleague, check_a11y)
    colleague_context.close()
