# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Statements and change requests in a real browser, axe-clean (and reflowing at 320 px) on
every page: the municipality files the interim statement, the office accepts it; a change
request moves money between years and is approved (plan version 2); a software measure without
a repository blocks the final statement with a message naming it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from stadtnetz.grants.models import SoftwareObligation
from stadtnetz.organisations.models import Membership, Role

from .factories import YEAR, issued_notice

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


def test_statement_and_change_request_walk(browser, live_server, settings, check_a11y, registry,
                                           make_user):  # fmt: skip
    from stadtnetz.projects.models import Measure

    settings.SITE_URL = live_server.url
    office_user = make_user("programmstelle", is_programme_office=True)
    editor = make_user("kommune")
    notice = issued_notice(actor=office_user)
    Membership.objects.create(user=editor, organisation=notice.project.organisation,
                              role=Role.EDITOR)  # fmt: skip
    base = f"/modellprojekte/{notice.project.slug}/zuwendung"
    interim = notice.reports.get(kind="interim", period_year=YEAR)

    town = _login(browser, live_server, "kommune")
    town.goto(f"{base}/nachweise/")
    expect(town.locator(f"#report-{interim.pk}")).to_contain_text(f"Zwischennachweis {YEAR}")
    check_a11y(town)
    town.goto(f"{base}/nachweise/{interim.pk}/bearbeiten/")
    check_a11y(town)
    town.get_by_label("Sachstand").fill("Die Plattform ist in Betrieb.")
    town.get_by_label("Abweichungen vom Plan").fill("Keine.")
    town.get_by_label("Ausblick").fill("Ausbau im nächsten Jahr.")
    town.locator(f"#id_spent-A-{YEAR}-personnel").fill("-5")
    town.get_by_role("button", name="Entwurf speichern").click()
    expect(town.locator(f"#id_spent-A-{YEAR}-personnel-error")).to_contain_text("negativ")
    check_a11y(town)
    town.locator(f"#id_spent-A-{YEAR}-personnel").fill("98.765,43")
    town.get_by_role("button", name="Speichern und einreichen").click()
    expect(town.locator("#report-status")).to_have_text("eingereicht")
    expect(town.locator("#statement")).to_contain_text("98.765,43")
    check_a11y(town)

    office = _login(browser, live_server, "programmstelle")
    office.goto(f"{base}/nachweise/{interim.pk}/")
    check_a11y(office)
    office.get_by_label("Nachweis annehmen").check()
    office.get_by_role("button", name="Prüfung erfassen").click()
    expect(office.locator("#report-status")).to_have_text("angenommen")
    expect(office.locator("#history")).to_contain_text("angenommen")

    # A change request moves 100.000 EUR of personnel from one year to the next.
    town.goto(f"{base}/aenderungen/neu/")
    check_a11y(town)
    town.locator(f"#id_costs-B-{YEAR + 1}-personnel").fill("200.000,00")
    town.locator(f"#id_costs-B-{YEAR + 2}-personnel").fill("400.000,00")
    # an empty grant is costs × funding rate
    town.locator(f"#id_grant-B-{YEAR + 1}-personnel").fill("")
    town.locator(f"#id_grant-B-{YEAR + 2}-personnel").fill("")
    town.get_by_label("Begründung").fill("Personal wird ein Jahr später eingestellt.")
    town.get_by_role("button", name="Änderungsantrag stellen").click()
    expect(town.locator("#change-status")).to_have_text("eingereicht")
    expect(town.locator("#compare")).to_contain_text("200.000,00")
    check_a11y(town)

    office.goto(town.url.replace(live_server.url, ""))
    office.get_by_label("Bewilligen (die Änderung wird übernommen)").check()
    office.get_by_role("button", name="Entscheidung erfassen").click()
    expect(office.locator("#change-status")).to_have_text("bewilligt")
    office.goto(f"{base}/aenderungen/")
    expect(office.locator("#plan-versions tbody tr")).to_have_count(2)
    check_a11y(office)

    # The final statement: a software measure without a repository blocks it.
    measure = Measure.objects.create(project=notice.project, title="Bürger-App",
                                     description="x", spatial_effect="site", status="in_progress")  # fmt: skip
    SoftwareObligation.objects.create(measure=measure, produces_software=True)
    final = notice.reports.get(kind="final")
    town.goto(f"{base}/nachweise/{final.pk}/bearbeiten/")
    town.get_by_label("Ergebnisse").fill("Eine App.")
    town.get_by_label("Zielerreichung").fill("Erreicht.")
    town.get_by_label("Übertragbarkeit").fill("Offen lizenziert.")
    town.locator(f"#id_spent-B-{YEAR + 2}-personnel").fill("1.000,00")
    town.get_by_role("button", name="Speichern und einreichen").click()
    expect(town.locator("#form-errors")).to_contain_text("Bürger-App")
    check_a11y(town)
