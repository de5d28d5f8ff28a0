# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""A person in a real browser: list with facets, map, a project page, peers, a lesson form.

Every visited page is checked with axe-core for WCAG 2.1 A/AA: zero violations.
"""

import datetime as dt
import re

import pytest

from stadtnetz.organisations.models import Membership, Role
from stadtnetz.projects.importer import DEFAULT_FILE, model_projects_import
from stadtnetz.projects.models import Lesson, LessonRevision, ModelProject

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_browse_map_and_write_a_lesson(page, check_a11y, registry, make_user, password):
    model_projects_import(data=DEFAULT_FILE.read_bytes())
    jena = ModelProject.objects.get(name="Jena", round_year=2020)
    editor = make_user("jena-redaktion")
    Membership.objects.create(user=editor, organisation=jena.organisation, role=Role.EDITOR)

    page.goto("/modellprojekte/")
    check_a11y(page)
    assert "73 Modellprojekte" in page.content()
    page.locator("#id_round").select_option("2020")
    page.wait_for_selector("#result-count:has-text('32 Modellprojekte')")
    check_a11y(page)

    page.goto("/modellprojekte/karte/")
    check_a11y(page)
    assert page.locator("svg a").count() == 71
    page.locator("svg a[aria-label='Jena (2020)']").click()
    page.wait_for_url("**/modellprojekte/2020-jena/")
    check_a11y(page)

    page.goto("/netzwerk/aehnliche/?ags=16053000")
    check_a11y(page)
    assert "Großstadt wie Sie" in page.content()
    from stadtnetz.solutions.models import Solution
    from stadtnetz.solutions.services import reuse_declare

    solution = Solution.objects.create(name="Jenaer Datenportal", repository_url="https://e.org/j",
                                       repository_key="e.org/j", organisation=jena.organisation)  # fmt: skip
    other = ModelProject.objects.get(name="Ulm", round_year=2019).organisation
    reuse_declare(solution=solution, organisation=other, actor=editor, status="piloting",
                  since=dt.date(2026, 1, 5))  # fmt: skip
    page.goto("/netzwerk/")
    check_a11y(page)
    assert page.locator("line.sn-net__edge--reuse").count() == 1
    assert "nutzt die Lösung (in der Erprobung)" in page.content()

    page.goto("/konto/anmelden/?next=/modellprojekte/2020-jena/")
    page.get_by_label("Benutzername").fill("jena-redaktion")
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/modellprojekte/2020-jena/")
    page.get_by_role("link", name="Maßnahme hinzufügen").click()
    page.wait_for_url("**/massnahmen/neu/")
    check_a11y(page)  # with the catalog's solutions as checkboxes
    page.get_by_label("Jenaer Datenportal").check()
    page.get_by_label("Titel").fill("Datenportal ausbauen")
    page.get_by_label("Beschreibung").fill("Mehr offene Datensätze")
    page.locator("input[name=fields_of_action][value=daten-plattformen]").check()
    page.get_by_role("button", name="Maßnahme speichern").click()
    page.wait_for_url(re.compile(r".*/massnahmen/\d+/$"))
    check_a11y(page)
    assert "Jenaer Datenportal" in page.locator("main").inner_text()
    page.goto("/modellprojekte/2020-jena/")
    page.get_by_role("link", name="Lernbeispiel hinzufügen").click()
    page.wait_for_url("**/lernbeispiele/neu/")
    check_a11y(page)
    page.get_by_role("button", name="Lernbeispiel speichern").click()  # empty: errors via htmx
    page.wait_for_selector("#id_title-error")
    check_a11y(page)
    page.get_by_label("Titel").fill("Offene Daten zuerst")
    page.get_by_label("Kontext: wer, Größe, Ausgangslage").fill("Großstadt, 110.000 Einwohner")
    page.get_by_label("Was getan wurde").fill("Datenplattform mit offenen Schnittstellen")
    page.locator("input[name=transferable_sizes][value=kleinstadt]").check()
    page.get_by_role("button", name="Lernbeispiel speichern").click()
    page.wait_for_url(re.compile(r".*/lernbeispiele/\d+/$"))
    check_a11y(page)
    lesson = Lesson.objects.get()
    assert lesson.title == "Offene Daten zuerst" and lesson.transferable_sizes == "kleinstadt"
    assert LessonRevision.objects.filter(lesson=lesson, changed_by=editor).count() == 1
