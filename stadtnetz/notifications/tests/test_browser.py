# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Notifications in a real browser (issue 12): the unread count in the header, the list with
marking read, the e-mail settings and the calendar page; axe-clean at 1280 and 320 px."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from stadtnetz.notifications import registry, services
from stadtnetz.notifications.models import EventType, Notification
from stadtnetz.notifications.registry import DueDate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Sicheres-Passwort-2026"


def _due_dates(user):
    yield DueDate(uid="browser-report", title="Zwischennachweis 2026", date=dt.date(2027, 3, 31),
                  url="/benachrichtigungen/")  # fmt: skip


def test_notification_list_settings_and_calendar(page, check_a11y, make_user):
    user = make_user("lena", first_name="Lena", password=PASSWORD)
    for n, title in enumerate(["Zwischennachweis 2026", "Verwendungsnachweis <b>fett</b>\r\nX"]):
        services.notify(
            event_type=EventType.REPORT_DUE_7, recipients=[user],
            context={"title": title, "project": "Smarte Klingenstadt"},
            url="/benachrichtigungen/", due_on=dt.date(2027, 1, 31), dedupe_key=f"b{n}",
        )  # fmt: skip
    registry.register_due_dates(_due_dates)
    try:
        page.goto("/konto/anmelden/")
        page.get_by_label("Benutzername").fill("lena")
        page.get_by_label("Passwort").fill(PASSWORD)
        page.get_by_role("button", name="Anmelden").click()
        page.wait_for_url("**/mein-stadtnetz/")
        badge = page.locator(".sn-unread-count")
        expect(badge).to_have_text("2 ungelesen")
        page.get_by_role("link", name="Benachrichtigungen 2 ungelesen").click()
        page.wait_for_url("**/benachrichtigungen/")
        main = page.locator("main")
        expect(main).to_contain_text("Sie haben 2 ungelesene Benachrichtigungen.")
        expect(main).to_contain_text("In 7 Tagen fällig: Verwendungsnachweis <b>fett</b> X")
        check_a11y(page)
        first = page.locator("article", has_text="Zwischennachweis 2026")
        first.get_by_role("button", name="Als gelesen markieren").click()
        expect(page.locator("#messages")).to_contain_text("Als gelesen markiert")
        expect(badge).to_have_text("1 ungelesen")
        page.get_by_role("button", name="Alle als gelesen markieren").click()
        expect(page.locator("#messages")).to_contain_text("Alle Benachrichtigungen sind")
        expect(badge).to_have_count(0)
        assert not Notification.objects.filter(read_at__isnull=True).exists()
        check_a11y(page)

        page.get_by_role("link", name="E-Mail-Einstellungen").click()
        page.wait_for_url("**/einstellungen/")
        check_a11y(page)
        page.get_by_label("Bericht in 30 Tagen fällig").uncheck()
        page.get_by_role("button", name="Einstellungen speichern").click()
        expect(page.locator("#messages")).to_contain_text("gespeichert")
        expect(page.get_by_label("Bericht in 30 Tagen fällig")).not_to_be_checked()
        expect(page.get_by_label("Bericht in 7 Tagen fällig")).to_be_checked()

        page.get_by_role("link", name="Kalender-Abonnement").click()
        page.wait_for_url("**/kalender/")
        expect(page.locator("main")).to_contain_text("Zwischennachweis 2026")
        check_a11y(page)
        page.get_by_role("button", name="Meine Kalenderadresse erstellen").click()
        address = page.get_by_label("Ihre private Kalenderadresse")
        expect(address).to_have_attribute("readonly", "")
        check_a11y(page)
        url = address.input_value()
        assert url.endswith(".ics") and "/kalender/" in url
        response = page.request.get(url)
        assert response.status == 200 and b"BEGIN:VCALENDAR" in response.body()
        page.get_by_role("button", name="Adresse widerrufen").click()
        expect(page.locator("main")).to_contain_text("Sie haben zurzeit keine Kalenderadresse.")
        assert page.request.get(url).status == 404
    finally:
        registry.unregister(_due_dates)
