# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Issue 12's "Done when", walked in one real browser with axe-core on every page (also at
320 px): the office issues the grant notice for a selected application → the municipality sees
the notice PDF → submits the strategy → the office approves it → the municipality files a
payment request → the first officer checks, the same officer cannot release, a second officer
releases and records the payment → an interim statement is filed and accepted → a change request
moves money between years and is approved → the budget view shows approved / requested / paid /
remaining → a software measure without a repository blocks the final statement with a clear
message → the notification list and the console e-mail show the due-date reminders, and the
calendar feed parses with the ``icalendar`` package.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import icalendar
import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from stadtnetz.core.pdf import render_pdf
from stadtnetz.grants.models import GrantNotice, PaymentRequest, SoftwareObligation
from stadtnetz.notifications import registry as due_dates
from stadtnetz.notifications.models import Notification
from stadtnetz.organisations.models import Membership, Role

from .factories import YEAR, selected_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Sicheres-Passwort-2026"


def _login(browser, live_server, username):
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto("/konto/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/mein-stadtnetz/")
    return page


def _person(make_user, username, first, last, **flags):
    user = make_user(username, first_name=first, last_name=last, password=PASSWORD, **flags)
    user.email = f"{username}@example.org"
    user.email_verified_at = timezone.now()
    user.save()
    return user


def test_grant_to_transfer_walk(browser, live_server, settings, check_a11y, registry,
                                make_user, tmp_path):  # fmt: skip
    from stadtnetz.projects.models import Measure

    settings.SITE_URL = live_server.url
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _person(make_user, "pruefer1", "Frieda", "Erst", is_programme_office=True)
    _person(make_user, "pruefer2", "Zora", "Zweit", is_programme_office=True)
    town_user = _person(make_user, "kommune", "Karla", "Kommune")
    case = selected_case(title="Klingenstadt vernetzt")
    Membership.objects.create(user=town_user, organisation=case.application.organisation,
                              role=Role.EDITOR)  # fmt: skip
    slug = case.model_project.slug
    base = f"/modellprojekte/{slug}/zuwendung"

    # 1. The office issues the grant notice for the selected application.
    office = _login(browser, live_server, "pruefer1")
    office.goto(f"/auswahl/antraege/{case.pk}/zuwendungsbescheid/")
    check_a11y(office)
    office.locator("#id_period_start").fill(f"{YEAR}-01-01")
    office.locator("#id_period_end").fill(f"{YEAR + 2}-12-31")
    office.locator("#id_starts_in_phase").select_option("A")
    office.locator("#id_conditions").fill("Die ANBest-GK sind Bestandteil dieses Bescheids.")
    office.get_by_role("button", name="Zuwendungsbescheid erstellen").click()
    office.wait_for_url(f"**{base}/")
    expect(office.locator("#reference")).to_contain_text("MPSC-")
    check_a11y(office)
    notice = GrantNotice.objects.get(project__slug=slug)

    # 2. The municipality sees the notice and its PDF.
    town = _login(browser, live_server, "kommune")
    town.goto(f"{base}/")
    expect(town.locator("#conditions")).to_contain_text("ANBest-GK")
    check_a11y(town)
    pdf = town.request.get(f"{base}/bescheid.pdf")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")

    # 3. It submits the strategy; 4. the office approves it.
    strategy = tmp_path / "strategie.pdf"
    strategy.write_bytes(render_pdf("<h1>Smart-City-Strategie Klingenstadt</h1>"))
    town.goto(f"{base}/strategie/")
    check_a11y(town)
    town.locator("#id_file").set_input_files(str(strategy))
    town.get_by_role("button", name="Strategie vorlegen").click()
    expect(town.locator("#documents")).to_contain_text("strategie.pdf")
    document = notice.strategies.get()
    office.goto(f"{base}/strategie/{document.pk}/entscheidung/")
    check_a11y(office)
    office.locator("#id_decision").select_option("approve")
    office.locator("#id_approved_on").fill(timezone.localdate().isoformat())
    office.get_by_role("button", name="Entscheidung erfassen").click()
    office.wait_for_url(f"**{base}/strategie/")
    document.refresh_from_db()
    assert document.state == "approved"

    # 5. A payment request in phase B (allowed now), German amounts.
    town.goto(f"{base}/mittelabrufe/neu/")
    check_a11y(town)
    town.get_by_label("Phase", exact=True).select_option("B")
    town.get_by_label("Haushaltsjahr", exact=True).select_option(str(YEAR + 1))
    due = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    town.get_by_label("Ausgaben fällig bis", exact=True).fill(due)
    town.locator("#id_amount_personnel").fill("100.000,00")
    town.get_by_role("button", name="Entwurf speichern").click()
    expect(town.locator("#line-personnel")).to_contain_text("65.000,00")
    town.locator("#payment-submit").click()
    expect(town.locator("#payment-status")).to_have_text("eingereicht")
    number = PaymentRequest.objects.get(notice=notice).number

    # 6. Four eyes: the first officer checks and cannot release; a second releases and pays.
    office.goto(f"{base}/mittelabrufe/{number}/")
    office.locator("#payment-check").click()
    expect(office.locator("#payment-release")).to_have_count(0)
    check_a11y(office)
    second = _login(browser, live_server, "pruefer2")
    second.goto(f"{base}/mittelabrufe/{number}/")
    second.locator("#payment-release").click()
    second.locator("#paid-on-input").fill(timezone.localdate().isoformat())
    second.locator("#payment-pay").click()
    expect(second.locator("#payment-status")).to_have_text("ausgezahlt")
    check_a11y(second)

    # 7. The interim statement is filed and accepted.
    interim = notice.reports.get(kind="interim", period_year=YEAR)
    town.goto(f"{base}/nachweise/{interim.pk}/bearbeiten/")
    check_a11y(town)
    town.get_by_label("Sachstand").fill("Die Strategie ist beschlossen.")
    town.get_by_label("Abweichungen vom Plan").fill("Keine.")
    town.get_by_label("Ausblick").fill("Umsetzung ab dem nächsten Jahr.")
    town.locator(f"#id_spent-A-{YEAR}-personnel").fill("98.765,43")
    town.get_by_role("button", name="Speichern und einreichen").click()
    expect(town.locator("#report-status")).to_have_text("eingereicht")
    office.goto(f"{base}/nachweise/{interim.pk}/")
    office.get_by_label("Nachweis annehmen").check()
    office.get_by_role("button", name="Prüfung erfassen").click()
    expect(office.locator("#report-status")).to_have_text("angenommen")
    check_a11y(office)

    # 8. A change request moves 100.000 EUR of personnel costs to the following year.
    town.goto(f"{base}/aenderungen/neu/")
    check_a11y(town)
    town.locator(f"#id_costs-B-{YEAR + 1}-personnel").fill("200.000,00")
    town.locator(f"#id_costs-B-{YEAR + 2}-personnel").fill("400.000,00")
    town.locator(f"#id_grant-B-{YEAR + 1}-personnel").fill("")
    town.locator(f"#id_grant-B-{YEAR + 2}-personnel").fill("")
    town.get_by_label("Begründung").fill("Das Personal wird ein Jahr später eingestellt.")
    town.get_by_role("button", name="Änderungsantrag stellen").click()
    expect(town.locator("#change-status")).to_have_text("eingereicht")
    office.goto(town.url.replace(live_server.url, ""))
    office.get_by_label("Bewilligen (die Änderung wird übernommen)").check()
    office.get_by_role("button", name="Entscheidung erfassen").click()
    expect(office.locator("#change-status")).to_have_text("bewilligt")
    check_a11y(office)

    # 9. The budget view: approved, requested, paid and remaining per category and year.
    town.goto(f"{base}/budget/")
    check_a11y(town)
    row = town.locator(f"#year-B-{YEAR + 1}")
    # approved grant of the year after the change: 200.000 × 65 % + 500.000 × 65 %
    expect(row).to_contain_text("455.000,00")
    expect(row).to_contain_text("65.000,00")  # requested and paid
    expect(row).to_contain_text("390.000,00")  # remaining = approved − paid
    assert notice.plan_versions.count() == 2

    # 10. A software measure without a repository blocks the final statement.
    measure = Measure.objects.create(project=notice.project, title="Bürger-App Klingenstadt",
                                     description="Die App der Stadt.", spatial_effect="site",
                                     status="in_progress")  # fmt: skip
    SoftwareObligation.objects.create(measure=measure, produces_software=True)
    final = notice.reports.get(kind="final")
    town.goto(f"{base}/nachweise/{final.pk}/bearbeiten/")
    town.get_by_label("Ergebnisse").fill("Eine App.")
    town.get_by_label("Zielerreichung").fill("Erreicht.")
    town.get_by_label("Übertragbarkeit").fill("Offen lizenziert.")
    town.locator(f"#id_spent-B-{YEAR + 2}-personnel").fill("1.000,00")
    town.get_by_role("button", name="Speichern und einreichen").click()
    expect(town.locator("#form-errors")).to_contain_text("Bürger-App Klingenstadt")
    check_a11y(town)

    # 11. Due-date reminders: in the list, by e-mail, and in the calendar feed.
    type(final).objects.filter(pk=interim.pk).update(status="due")  # reopen one to be reminded
    soon = timezone.localdate() + dt.timedelta(days=7)
    type(final).objects.filter(notice=notice, kind="interim", period_year=YEAR + 1).update(
        due_on=soon
    )
    mail.outbox.clear()
    due_dates.run_reminder_scans(timezone.localdate())
    reminder = Notification.objects.filter(recipient=town_user, event_type="report_due_7").get()
    assert any(reminder.subject in message.subject for message in mail.outbox)
    town.goto("/benachrichtigungen/")
    expect(town.locator("main")).to_contain_text(reminder.subject)
    check_a11y(town)
    town.goto("/benachrichtigungen/kalender/")
    town.get_by_role("button", name="Meine Kalenderadresse erstellen").click()
    url = town.get_by_label("Ihre private Kalenderadresse").input_value()
    check_a11y(town)
    feed = icalendar.Calendar.from_ical(town.request.get(url).body())
    events = list(feed.walk("VEVENT"))
    assert any(e.decoded("dtstart") == soon for e in events)
    assert all(e.decoded("dtend") > e.decoded("dtstart") for e in events)
    assert Decimal("0") < notice.payment_requests.get().lines.get().grant
