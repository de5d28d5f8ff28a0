# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""An anonymous visitor takes the try-out in a real browser; axe-core checks every page."""

from __future__ import annotations

import pytest

from stadtnetz.assessments import questionnaire

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_anonymous_try_out_with_htmx_steps(page, check_a11y):
    q = questionnaire.current()
    page.goto("/reifegrad/")
    check_a11y(page)
    page.get_by_role("link", name="Schnelltest starten").click()
    page.wait_for_url("**/reifegrad/check/")
    check_a11y(page)
    page.evaluate("window.__noReload = true")
    # "Next" without answers: errors at the fields, in place
    page.get_by_role("button", name="Weiter").click()
    page.get_by_text("Bitte korrigieren Sie 5 Angaben.").wait_for()
    check_a11y(page)
    for step, dim in enumerate(q.dimensions, start=1):
        page.get_by_text(f"Schritt {step} von 8").wait_for()
        for question in q.questions_by_dimension[dim.id]:
            option = "unknown" if question.id == "P1" else ("FR" if dim.id in "SDKOH" else "F")
            page.locator(f"#{question.id}-{option}").check()
        if step == 2:
            check_a11y(page)
        if step < 8:
            page.get_by_role("button", name="Weiter").click()
    assert page.evaluate("window.__noReload === true"), "the steps reloaded the page"
    page.get_by_role("button", name="Ergebnis anzeigen").click()
    page.wait_for_url("**/reifegrad/check/ergebnis/**")
    body = page.locator("main").inner_text()
    assert "Gesamtstufe: Follower" in body
    assert "Warum diese Stufen" in body and "Nächste Schritte" in body
    assert "P1: " in body  # the "don't know" answer is flagged
    assert page.locator("svg.sn-radar").count() == 1
    check_a11y(page)


def test_try_out_without_javascript(browser, live_server, check_a11y):
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", java_script_enabled=False
    )
    page = context.new_page()
    q = questionnaire.current()
    page.goto("/reifegrad/check/")
    for step, dim in enumerate(q.dimensions, start=1):
        for question in q.questions_by_dimension[dim.id]:
            page.locator(f"#{question.id}-B").check()
        page.get_by_role("button", name="Ergebnis anzeigen" if step == 8 else "Weiter").click()
    page.wait_for_url("**/reifegrad/check/ergebnis/**")
    assert "Gesamtstufe: Beginner" in page.locator("main").inner_text()
    context.close()


def test_consent_ranking_and_learning_partners_in_the_browser(
    page, check_a11y, registry, solingen, make_user, password
):
    from stadtnetz.assessments import services
    from stadtnetz.assessments.models import Sharing
    from stadtnetz.municipalities.models import Municipality
    from stadtnetz.organisations.models import Membership, OrganisationKind, Role
    from stadtnetz.organisations.services import organisation_create

    office = make_user("office", is_programme_office=True)
    city = organisation_create(actor=office, kind=OrganisationKind.MUNICIPALITY,
                               name="Stadt Solingen", municipality=solingen)  # fmt: skip
    admin = make_user("solingen-admin")
    Membership.objects.create(user=admin, organisation=city, role=Role.ADMIN)
    bonn = organisation_create(actor=office, kind=OrganisationKind.MUNICIPALITY, name="Stadt Bonn",
                               municipality=Municipality.objects.get(ags="05314000"))  # fmt: skip
    answers = {q.id: "FR" for q in questionnaire.current().questions}
    services.assessment_record(organisation=bonn, actor=office, answers=answers)
    Sharing.objects.create(organisation=bonn, named_in_ranking=True, learning_partner=True)
    own = services.assessment_record(
        organisation=city, actor=admin, answers={k: "F" for k in answers}
    )

    page.goto("/reifegrad/rangliste/")
    check_a11y(page)
    assert page.get_by_role("rowheader", name="Stadt Bonn").count() == 1
    page.goto("/reifegrad/statistik/?programme=1")
    check_a11y(page)
    assert page.get_by_label("Organisationen").input_value() == "1"

    page.goto(f"/konto/anmelden/?next=/reifegrad/organisationen/{city.slug}/")
    page.get_by_label("Benutzername").fill("solingen-admin")
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"**/reifegrad/organisationen/{city.slug}/")
    check_a11y(page)
    page.get_by_label(
        "Uns mit unserem neuesten Ergebnis in der öffentlichen Rangliste nennen"
    ).check()
    page.get_by_role("button", name="Freigaben speichern").click()
    page.get_by_text("Die Freigaben wurden gespeichert.").wait_for()
    check_a11y(page)
    assert Sharing.objects.get(organisation=city).named_in_ranking is True

    page.goto(f"/reifegrad/bewertungen/{own.pk}/")
    check_a11y(page)
    assert page.get_by_text("Lernpartner eine Stufe höher in dieser Dimension").count() >= 1

    # evidence documents of a draft: a wrong file is refused at its field, a PDF is stored
    draft = services.assessment_create(organisation=city, actor=admin)
    page.goto(f"/reifegrad/bewertungen/{draft.pk}/nachweise/")
    check_a11y(page)
    page.locator("#file-S1").set_input_files(
        files=[{"name": "beschluss.pdf", "mimeType": "application/pdf", "buffer": b"kein PDF"}]
    )
    page.get_by_role("button", name="Hochladen (S1)").click()
    page.wait_for_selector("#file-S1-error")
    check_a11y(page)
    page.locator("#file-S1").set_input_files(files=[{
        "name": "beschluss.pdf", "mimeType": "application/pdf",
        "buffer": b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n",
    }])  # fmt: skip
    page.get_by_role("button", name="Hochladen (S1)").click()
    page.get_by_text("Das Dokument wurde hochgeladen.").wait_for()
    check_a11y(page)
    assert page.get_by_role("link", name="beschluss.pdf").count() == 1


def test_organisation_assessment_steps_in_place_and_result_at_its_own_url(
    page, check_a11y, registry, solingen, make_user, password
):
    """htmx steps swap only their region and push their URL; the result is one page of its own."""
    from stadtnetz.assessments import services
    from stadtnetz.organisations.models import Membership, OrganisationKind, Role
    from stadtnetz.organisations.services import organisation_create

    office = make_user("office", is_programme_office=True)
    city = organisation_create(actor=office, kind=OrganisationKind.MUNICIPALITY,
                               name="Stadt Solingen", municipality=solingen)  # fmt: skip
    admin = make_user("solingen-admin")
    Membership.objects.create(user=admin, organisation=city, role=Role.ADMIN)
    draft = services.assessment_create(organisation=city, actor=admin)
    q = questionnaire.current()

    page.goto(f"/konto/anmelden/?next=/reifegrad/bewertungen/{draft.pk}/schritt/1/")
    page.get_by_label("Benutzername").fill("solingen-admin")
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"**/reifegrad/bewertungen/{draft.pk}/schritt/1/")
    page.evaluate("window.__noReload = true")
    for step, dim in enumerate(q.dimensions, start=1):
        page.get_by_text(f"Schritt {step} von 8").wait_for()
        assert page.url.endswith(f"/reifegrad/bewertungen/{draft.pk}/schritt/{step}/")
        for question in q.questions_by_dimension[dim.id]:
            page.locator(f"#{question.id}-F").check()
        if step == 4:
            assert page.evaluate("window.__noReload === true"), "the steps reloaded the page"
            page.reload()  # reloading shows the step the user was on
            page.get_by_text("Schritt 4 von 8").wait_for()
            for question in q.questions_by_dimension[dim.id]:
                page.locator(f"#{question.id}-F").check()
            check_a11y(page)
        if step < 8:
            page.get_by_role("button", name="Weiter").click()
    page.get_by_role("button", name="Ergebnis anzeigen").click()
    page.wait_for_url(f"**/reifegrad/bewertungen/{draft.pk}/")
    assert page.locator("header.sn-header").count() == 1
    assert page.locator("footer.sn-footer").count() == 1
    assert page.locator("h1").count() == 1
    check_a11y(page)
