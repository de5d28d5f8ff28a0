# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Each role's main pages in English, at 1280 and 320 px (check_a11y), with English formats.

The walks through the flows are German (each app's test_browser.py); this one asks the other
half of "German first, English complete": a browser that asks for English gets English pages,
navigation and formats, and no German interface text in the frame around the content.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from stadtnetz.organisations.models import Membership, OrganisationKind, Role
from stadtnetz.organisations.services import organisation_create
from stadtnetz.programmes.tests.factories import make_call
from stadtnetz.submissions import services as submissions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Interface words of the German frame that must not appear on an English page's frame.
GERMAN_FRAME = ["Förderaufrufe", "Kommunen", "Anmelden", "Suche", "Impressum", "Barrierefreiheit"]


def _english_page(browser, live_server, username=None, password=None):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/")  # German first: English is chosen with the language button
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    if username:
        page.goto("/konto/anmelden/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/mein-stadtnetz/")
    return context, page


def _visit(page, check_a11y, url, *expected):
    page.goto(url)
    assert page.locator("html").get_attribute("lang") == "en", url
    frame = page.locator("header.sn-header").inner_text() + page.locator("footer").inner_text()
    leaked = [word for word in GERMAN_FRAME if word in frame]
    assert not leaked, f"German interface text on the English page {url}: {leaked}"
    main = page.locator("main").inner_text()
    for text in expected:
        assert text in main, f"{text!r} missing on {url}"
    check_a11y(page)
    return main


def test_each_role_in_english(
    browser, live_server, check_a11y, registry, solingen, make_user, password
):
    office = make_user("office", is_programme_office=True)
    city = organisation_create(actor=office, kind=OrganisationKind.MUNICIPALITY,
                               name="City of Solingen", municipality=solingen)  # fmt: skip
    lead = make_user("lead")
    Membership.objects.create(user=lead, organisation=city, role=Role.ADMIN)
    closes = timezone.now() + dt.timedelta(days=30)
    call = make_call(title="Smart region 2027", closes_in=closes - timezone.now())
    application = submissions.application_create(
        actor=lead, call=call, organisation=city, title="Smart blade city"
    )
    submissions.budget_line_add(actor=lead, application=application, phase="A",
                                year=closes.year, category="personnel",
                                description="Coordination", amount=Decimal("12500.50"))  # fmt: skip

    context, page = _english_page(browser, live_server)
    try:
        _visit(page, check_a11y, "/", "Knowledge")
        _visit(page, check_a11y, "/kommunen/?q=Halle", "Halle (Saale)")
        solingen_page = _visit(page, check_a11y, "/kommunen/05122000/", "Population")
        assert "159,245" in solingen_page  # English number format
        _visit(page, check_a11y, "/aufrufe/", "Smart region 2027")
        call_page = _visit(page, check_a11y, f"/aufrufe/{call.pk}/", "Smart region 2027")
        assert f"{closes:%Y}" in call_page and "Uhr" not in call_page
        _visit(page, check_a11y, "/wissen/")
        _visit(page, check_a11y, "/reifegrad/")
    finally:
        context.close()

    context, page = _english_page(browser, live_server, "lead", password)
    try:
        _visit(page, check_a11y, "/mein-stadtnetz/", "Smart blade city")
        _visit(page, check_a11y, f"/antraege/{application.pk}/", "Smart blade city")
        _visit(page, check_a11y, f"/antraege/{application.pk}/abschnitte/strategie/", "Preview")
        budget = _visit(page, check_a11y, f"/antraege/{application.pk}/finanzplan/", "Coordination")
        assert "12,500.50" in budget and "12.500,50" not in budget  # English money format
        _visit(page, check_a11y, f"/antraege/{application.pk}/einreichen/")
    finally:
        context.close()

    context, page = _english_page(browser, live_server, "office", password)
    try:
        _visit(page, check_a11y, "/mein-stadtnetz/", "Smart region 2027")
        _visit(page, check_a11y, f"/aufrufe/{call.pk}/antraege/", "Submitted applications")
    finally:
        context.close()
