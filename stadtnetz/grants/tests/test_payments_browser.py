# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The payment request walk in a real browser, axe-clean (also at 320 px) on every page: the
municipality files a request in German amounts, the first officer checks and cannot release,
a second officer releases and records the payment."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from stadtnetz.grants.models import PaymentRequest

from .factories import YEAR, grantee_user, issued_notice, office_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Sicheres-Passwort-2026"


def _login(browser, live_server, username):
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto("/konto/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/mein-stadtnetz/")
    return page


def _user(user, first, last):
    user.set_password(PASSWORD)
    user.first_name, user.last_name = first, last
    user.email_verified_at = timezone.now()
    user.save()
    return user


def test_payment_request_walk(browser, live_server, settings, check_a11y, registry):
    settings.SITE_URL = live_server.url
    notice = issued_notice()
    slug = notice.project.slug
    _user(grantee_user(notice.project.organisation, "kommune"), "Karla", "Kommune")
    _user(office_user("pruefer1"), "Frieda", "Erst")
    _user(office_user("pruefer2"), "Zora", "Zweit")
    due = (timezone.localdate() + dt.timedelta(days=10)).isoformat()

    grantee = _login(browser, live_server, "kommune")
    grantee.goto(f"/modellprojekte/{slug}/zuwendung/mittelabrufe/")
    check_a11y(grantee)
    grantee.locator("#payment-new").click()
    expect(grantee.locator("h1")).to_have_text("Neuer Mittelabruf")
    check_a11y(grantee)
    grantee.get_by_label("Haushaltsjahr", exact=True).select_option(str(YEAR))
    grantee.get_by_label("Ausgaben fällig bis", exact=True).fill(due)
    grantee.locator("#id_amount_personnel").fill(
        "999.999,00"
    )  # above the phase A grant of the year
    grantee.get_by_role("button", name="Entwurf speichern").click()
    expect(grantee.locator("#amounts-error")).to_contain_text("noch verfügbare Zuwendung")
    check_a11y(grantee)
    grantee.locator("#id_amount_personnel").fill("12.500,00")
    grantee.get_by_role("button", name="Entwurf speichern").click()
    expect(grantee.locator("#line-personnel")).to_contain_text("8.125,00")
    check_a11y(grantee)
    grantee.locator("#payment-submit").click()
    expect(grantee.locator("#payment-status")).to_have_text("eingereicht")

    first = _login(browser, live_server, "pruefer1")
    first.goto(f"/modellprojekte/{slug}/zuwendung/mittelabrufe/1/")
    check_a11y(first)
    first.locator("#payment-check").click()
    expect(first.locator("#four-eyes")).to_contain_text(
        "Geprüft von Frieda Erst — Freigabe durch eine andere Person"
    )
    expect(first.locator("#four-eyes-self")).to_contain_text("Vier-Augen-Prinzip")
    expect(first.locator("#payment-release")).to_have_count(0)
    check_a11y(first)

    second = _login(browser, live_server, "pruefer2")
    second.goto(f"/modellprojekte/{slug}/zuwendung/mittelabrufe/1/")
    second.locator("#payment-release").click()
    expect(second.locator("#released-by")).to_have_text("Zora Zweit")
    second.locator("#payment-pay").click()  # no date: refused at the field
    expect(second.locator("#paid-on-error")).to_be_visible()
    check_a11y(second)
    second.locator("#paid-on-input").fill(timezone.localdate().isoformat())
    second.locator("#payment-pay").click()
    expect(second.locator("#payment-status")).to_have_text("ausgezahlt")
    expect(second.locator("#payment-history li")).to_have_count(5)
    check_a11y(second)
    assert PaymentRequest.objects.get().status == "paid"
