# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""In a real browser: the catalog with facets, a solution page, and a municipality confirming a
reuse that then shows on the solution and on the municipality's own page. axe on every page."""

from __future__ import annotations

import re

import pytest

from stadtnetz.organisations.models import Membership, OrganisationKind, Role
from stadtnetz.organisations.services import organisation_create
from stadtnetz.solutions.models import Reuse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_catalog_solution_page_and_confirmed_reuse(page, check_a11y, corpus_sample, solingen,
                                                    make_user, password):  # fmt: skip
    office = make_user("amt", is_programme_office=True)
    town = organisation_create(actor=office, kind=OrganisationKind.MUNICIPALITY,
                               name="Stadt Solingen", municipality=solingen)  # fmt: skip
    editor = make_user("kommune-editor")
    Membership.objects.create(user=editor, organisation=town, role=Role.EDITOR)

    page.goto("/loesungen/")
    check_a11y(page)
    assert page.get_by_role("heading", name="Lösungskatalog").is_visible()
    page.get_by_role("navigation", name="Filter").get_by_role("link", name="EUPL-1.2").click()
    check_a11y(page)
    assert "licence=EUPL-1.2" in page.url
    page.locator("article h2 a").first.click()
    check_a11y(page)
    name = page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_role("heading", name="Prüfbericht").is_visible()
    solution_url = page.url

    page.goto("/konto/anmelden/")
    page.get_by_label("Benutzername").fill("kommune-editor")
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.goto(solution_url)
    page.get_by_role("link", name="Wir nutzen das / wir haben es erprobt").click()
    check_a11y(page)
    page.get_by_label("im Produktivbetrieb").check()
    page.get_by_label("Seit").fill("2025-02-01")
    page.get_by_label("Anmerkung").fill("Für Ratssitzungen im Einsatz")
    page.get_by_label("Ansprechperson").fill("Erika Muster")
    page.get_by_role("button", name="Nachnutzung angeben").click()
    page.wait_for_url(solution_url)
    check_a11y(page)
    assert page.get_by_text("Für Ratssitzungen im Einsatz").is_visible()
    assert Reuse.objects.get().organisation == town

    page.get_by_role("link", name="Stadt Solingen").first.click()
    check_a11y(page)
    assert page.get_by_role("link", name=name).first.is_visible()


def test_german_catalog_pages_are_accessible(page, check_a11y, registry):
    """The German catalog: a file with errors, a folded upstream entry and an entry without
    publiccode.yml, axe-clean (model projects not imported here: links shown unresolved)."""
    from stadtnetz.solutions.german_catalog import import_german_catalog
    from stadtnetz.solutions.models import Solution

    import_german_catalog()
    page.goto("/loesungen/?validity=none")
    check_a11y(page)
    assert page.get_by_text("82 Lösungen").is_visible()
    page.locator("article h2 a").first.click()
    check_a11y(page)
    assert page.get_by_text("Dieses Repository hat noch keine publiccode.yml").is_visible()
    masterportal = Solution.objects.get(
        repository_key="bitbucket.org/geowerkstatt-hamburg/masterportal"
    )
    page.goto(masterportal.get_absolute_url())
    check_a11y(page)
    assert page.get_by_role(
        "heading", name="In diesen Eintrag zusammengeführte Kopien und Forks"
    ).is_visible()
    broken = Solution.objects.get(
        repository_key="github.com/reedu-reengineering-education/smart-city-dashboard"
    )
    page.goto(broken.get_absolute_url())
    check_a11y(page)
    assert page.get_by_role("heading", name="Prüfbericht").is_visible()


def test_open_data_page_and_claims_for_staff(page, check_a11y, registry, make_user, password):
    """The open-data page lists every dataset with the catalogue and the data package; staff
    reject a claim on the crawl page. axe on each page."""
    from stadtnetz.solutions.models import SolutionClaim
    from stadtnetz.solutions.services import solution_import

    a, _ = solution_import(
        repository_url="https://example.org/a", raw=b"name: A\nurl: https://example.org/a\n"
    )
    b, _ = solution_import(
        repository_url="https://example.org/b", raw=b"name: B\nurl: https://example.org/a\n"
    )
    SolutionClaim.objects.create(claimant=b, claimed=a, declared_url="https://example.org/a")
    page.goto("/modellprojekte/daten/")
    check_a11y(page)
    assert page.get_by_role(
        "link", name="Katalog aller Datensätze (DCAT-AP.de, Turtle)"
    ).is_visible()
    assert page.get_by_role(
        "link", name="Datenpaket der CSV-Downloads (Frictionless, datapackage.json)"
    ).is_visible()

    make_user("plattform", is_staff=True)
    page.goto("/konto/anmelden/")
    page.get_by_label("Benutzername").fill("plattform")
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.goto("/loesungen/crawls/")
    check_a11y(page)
    assert page.get_by_role("heading", name="Zu bestätigende Ansprüche").is_visible()
    page.get_by_role("button", name=re.compile("^Ablehnen")).click()
    page.wait_for_url("**/loesungen/crawls/#claims")
    check_a11y(page)
    assert page.get_by_text("Abgelehnt: Die Einträge bleiben getrennt.").is_visible()
    assert SolutionClaim.objects.get().status == "rejected"
