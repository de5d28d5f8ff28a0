# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The issue's "Done when" walk in a real browser, axe-core on every visited page.

Office runs the formal check (one fails with a reason) → invites a reviewer → a reviewer declares
a conflict → the automatic assignment respects it → two reviewers score one application far
apart → reconciliation flagged and resolved → ranking shows both reviews' parts → jury runs the
optimiser with budget and quota, pins one, re-runs → decision recorded → the applicant's editor
gets the decision letter PDF, the model project exists, the public statistics show the counts.
"""

from __future__ import annotations

import pytest

from stadtnetz.organisations.models import Membership, Role
from stadtnetz.reviews import services
from stadtnetz.reviews.models import Assignment, ReviewCase

from .factories import closed_call, organisation_for, submitted

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


def test_done_when_walk(browser, live_server, settings, check_a11y, registry, make_user):
    settings.SITE_URL = live_server.url
    office_user = make_user("programmstelle", is_programme_office=True)
    r1 = make_user("gutachterin", is_reviewer=True, first_name="Greta", last_name="Gut")
    r2 = make_user("gutachter", is_reviewer=True, first_name="Gero", last_name="Acht")
    r3 = make_user("pruefer", is_reviewer=True, first_name="Paul", last_name="Prüf")
    editor = make_user("kommune")
    call = closed_call(title="Auswahlrunde")
    apps = [submitted(call, organisation_for(ags), grant="1000000.00")
            for ags in ("05122000", "09162000", "11000000", "08111000")]  # fmt: skip
    Membership.objects.create(user=editor, organisation=apps[0].organisation, role=Role.EDITOR)
    services.review_open(actor=office_user, call=call)
    for reviewer in (r2, r3):
        services.pool_invite(actor=office_user, call=call, reviewer=reviewer)

    office = _login(browser, live_server, "programmstelle")
    office.goto(f"/auswahl/aufrufe/{call.pk}/")
    check_a11y(office)
    # Formal check: Berlin fails with a reason, the others pass.
    for n, case in enumerate(
        ReviewCase.objects.select_related("application__organisation").order_by("pk")
    ):
        office.goto(f"/auswahl/antraege/{case.pk}/formalpruefung/")
        if n == 0:
            check_a11y(office)
        for item in call.checklist_items.all():
            fail = case.application == apps[2] and item.position == 2
            office.locator(f"#{'fail' if fail else 'pass'}-{item.pk}").check()
            if fail:
                office.locator(f"#note-{item.pk}").fill("Ratsbeschluss fehlt")
        office.get_by_role("button", name="Formalprüfung erfassen").click()
        office.wait_for_url(f"**/auswahl/aufrufe/{call.pk}/")
    assert "Ratsbeschluss fehlt" in office.content()
    # Invite a reviewer.
    office.goto(f"/auswahl/aufrufe/{call.pk}/gutachterpool/")
    office.get_by_label("Gutachter*in").select_option(label="Greta Gut (gutachterin)")
    office.get_by_role("button", name="Einladen").click()
    office.wait_for_url("**/gutachterpool/")
    check_a11y(office)
    # Reviewers declare; Greta declares a conflict for Solingen.
    reviewer = _login(browser, live_server, "gutachterin")
    reviewer.goto(f"/auswahl/aufrufe/{call.pk}/")
    check_a11y(reviewer)
    cases = {c.application_id: c for c in ReviewCase.objects.filter(state="in_review")}
    for application_id, case in cases.items():
        choice = "yes" if application_id == apps[0].pk else "no"
        reviewer.locator(f"#{choice}-{case.pk}").check()
        reviewer.locator(f"#row-{case.pk}").get_by_role(
            "button", name="Erklärung speichern"
        ).click()
        reviewer.wait_for_url(f"**/auswahl/aufrufe/{call.pk}/")
    for other in (r2, r3):
        for case in cases.values():
            services.conflict_declare(actor=other, case=case, conflicted=False)
    # Automatic assignment, confirmed.
    office.goto(f"/auswahl/aufrufe/{call.pk}/zuordnung/?propose=1")
    check_a11y(office)
    office.get_by_role("button", name="Vorschlag bestätigen").click()
    office.wait_for_url("**/zuordnung/")
    solingen = cases[apps[0].pk]
    assert not Assignment.objects.filter(case=solingen, reviewer=r1).exists()
    assert Assignment.objects.filter(case=solingen, removed_at__isnull=True).count() == 2
    # Greta scores Munich high in the browser; the other reviewer of Munich scores it low.
    munich = cases[apps[1].pk]
    reviewer.goto(f"/auswahl/aufrufe/{call.pk}/")
    if not Assignment.objects.filter(case=munich, reviewer=r1, removed_at__isnull=True).exists():
        other = (
            Assignment.objects.filter(case=munich, removed_at__isnull=True)
            .exclude(reviewer=r1)
            .first()
        )
        services.assignment_remove(actor=office_user, assignment=other, reason="Test")
        services.assignment_add(actor=office_user, case=munich, reviewer=r1)
        reviewer.reload()
    reviewer.locator(f"#row-{munich.pk}").get_by_role("button", name="Gutachten beginnen").click()
    reviewer.wait_for_url("**/auswahl/gutachten/*/")
    check_a11y(reviewer)
    for item in services.review_items(call):
        reviewer.locator(f"#s-{item['key']}-5").check()
    reviewer.get_by_label("Empfehlung").select_option("fund")
    reviewer.get_by_role("button", name="Gutachten einreichen").click()
    reviewer.wait_for_load_state()
    second = (
        Assignment.objects.filter(case=munich, removed_at__isnull=True)
        .exclude(reviewer=r1)
        .get()
        .reviewer
    )
    low = services.review_get_or_create(reviewer=second, case=munich)
    services.review_save(actor=second, review=low, comments={}, recommendation="no",
                         scores={i["key"]: "1" for i in services.review_items(call)})  # fmt: skip
    services.review_submit(actor=second, review=low)
    # Reconciliation flagged and resolved.
    office.goto(f"/auswahl/antraege/{munich.pk}/")
    assert "Abgleich" in office.locator("#reconciliation-heading").inner_text()
    check_a11y(office)
    office.get_by_label("Ergebnis").select_option("confirmed")
    office.locator("form[action$='/abgleich/ergebnis/'] textarea").fill("Beide Sichten begründet")
    office.get_by_role("button", name="Ergebnis erfassen").click()
    office.wait_for_url(f"**/auswahl/antraege/{munich.pk}/")
    assert "Beide Sichten begründet" in office.locator("#reconciliation-outcome").inner_text()
    # The other applications get their reviews (services) so the jury can select.
    for case in cases.values():
        for assignment in Assignment.objects.filter(
            case=case, removed_at__isnull=True
        ).select_related("reviewer"):
            review = services.review_get_or_create(reviewer=assignment.reviewer, case=case)
            if not review.is_submitted:
                services.review_save(actor=assignment.reviewer, review=review, comments={}, recommendation="fund",
                                     scores={i["key"]: "3" for i in services.review_items(call)})  # fmt: skip
                services.review_submit(actor=assignment.reviewer, review=review)
    # Ranking with both reviews' parts.
    office.goto(f"/auswahl/aufrufe/{call.pk}/rangliste/")
    check_a11y(office)
    row = office.locator(f"#rank-{apps[1].pk}")
    row.locator("summary").click()
    assert "Gutachten 1: 5,00" in row.inner_text() and "Gutachten 2: 1,00" in row.inner_text()
    # Jury: budget for two and at most one large city; then pin Munich.
    office.goto(f"/auswahl/aufrufe/{call.pk}/jury/")
    check_a11y(office)
    office.get_by_label("Gesamtbudget (EUR)").fill("2000000")
    office.get_by_label("höchstens: Großstadt").fill("2")
    office.get_by_role("button", name="Optimierer starten").click()
    office.wait_for_url("**/jury/laeufe/*/")
    assert office.locator("#run-status").inner_text() == "optimal"
    check_a11y(office)
    office.goto(f"/auswahl/aufrufe/{call.pk}/jury/")
    office.locator(f"#pin-{apps[1].pk}").select_option("include")
    office.locator(f"#pinreason-{apps[1].pk}").fill("Regionale Bedeutung")
    office.get_by_role("button", name="Optimierer starten").click()
    office.wait_for_url("**/jury/laeufe/*/")
    assert (
        "München" in office.locator("#chosen").inner_text()
        or "Munich" in office.locator("#chosen").inner_text()
    )
    # Decision for Solingen.
    office.goto(f"/auswahl/antraege/{solingen.pk}/entscheidung/")
    check_a11y(office)
    office.get_by_label("Entscheidung").select_option("selected")
    office.get_by_label("Begründung für den Antragsteller").fill("Überzeugendes Gesamtkonzept")
    office.get_by_role("button", name="Entscheidung erfassen").click()
    office.wait_for_url(f"**/auswahl/aufrufe/{call.pk}/")
    solingen.refresh_from_db()
    assert solingen.state == "selected" and solingen.model_project is not None
    for case in ReviewCase.objects.filter(state="reviewed"):
        services.decision_record(actor=office_user, case=case, outcome="rejected", reason="Knapp")
    # The applicant's editor: decision letter PDF; the model project page; public statistics.
    applicant = _login(browser, live_server, "kommune")
    response = applicant.request.get(f"/auswahl/antraege/{solingen.pk}/bescheid.pdf")
    assert response.status == 200 and response.body().startswith(b"%PDF")
    applicant.goto(solingen.model_project.get_absolute_url())
    assert applicant.locator("h1").count() == 1
    applicant.goto(f"/auswahl/aufrufe/{call.pk}/statistik/")
    check_a11y(applicant)
    assert applicant.locator("#selected-count").inner_text() == "1"
    applicant.set_viewport_size({"width": 320, "height": 800})
    check_a11y(applicant)


def test_late_document_and_settings_walk(
    browser, live_server, settings, check_a11y, registry, make_user, tmp_path
):
    """The office sets up the review and names a missing document; the applicant's editor
    uploads it on the applicant page; the office sees it in the formal check. axe on each page
    (check_a11y also checks 320 px)."""
    settings.SITE_URL = live_server.url
    make_user("programmstelle", is_programme_office=True)
    editor = make_user("kommune")
    call = closed_call(title="Auswahlrunde mit Nachreichung")
    application = submitted(call, organisation_for("05122000"), grant="1000000.00")
    Membership.objects.create(user=editor, organisation=application.organisation, role=Role.EDITOR)

    office = _login(browser, live_server, "programmstelle")
    office.goto(f"/auswahl/aufrufe/{call.pk}/einstellungen/")
    check_a11y(office)
    office.get_by_label("Nachreichfrist (Tage nach der Einreichungsfrist)").fill("40")
    office.get_by_role("button", name="Einstellungen speichern").click()
    office.wait_for_url("**/einstellungen/")
    assert "30 → 40" in office.locator("#settings-history").inner_text()
    office.goto(f"/auswahl/aufrufe/{call.pk}/")
    office.get_by_role(
        "button", name="Begutachtung für alle eingereichten Anträge eröffnen"
    ).click()
    office.wait_for_url(f"**/auswahl/aufrufe/{call.pk}/")
    case = ReviewCase.objects.get(application=application)
    office.goto(f"/auswahl/antraege/{case.pk}/formalpruefung/")
    office.get_by_label("Fehlende Unterlagen (eine je Zeile)").fill("Ratsbeschluss")
    office.get_by_role("button", name="Unterlagen anfordern").click()
    office.wait_for_url("**/formalpruefung/")
    check_a11y(office)

    applicant = _login(browser, live_server, "kommune")
    applicant.goto(application.get_absolute_url())
    applicant.locator("#review-link").click()
    applicant.wait_for_url("**/antragsteller/")
    check_a11y(applicant)
    document = tmp_path / "ratsbeschluss.pdf"
    document.write_bytes(b"%PDF-1.7\n%Ratsbeschluss\n")
    applicant.get_by_label("Datei für „Ratsbeschluss“").set_input_files(str(document))
    applicant.get_by_role("button", name="Hochladen Ratsbeschluss").click()
    applicant.wait_for_url("**/antragsteller/")
    assert "ratsbeschluss.pdf" in applicant.locator("main").inner_text()
    check_a11y(applicant)

    office.goto(f"/auswahl/antraege/{case.pk}/formalpruefung/")
    assert "ratsbeschluss.pdf" in office.locator("#late-documents").inner_text()
