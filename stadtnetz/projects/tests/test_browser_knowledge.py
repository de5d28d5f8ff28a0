# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""A new municipal user explores the real knowledge: field of action "Mobilität" filtered to
Kleinstadt → a measure → its project's profile with funding and sources → a lesson.

Every page is checked with axe-core (WCAG 2.1 A/AA) at 1280 and at 320 px width.
"""

import pytest

from stadtnetz.projects.importer import DEFAULT_FILE, model_projects_import
from stadtnetz.projects.knowledge_import import DEFAULT_FILES, knowledge_import
from stadtnetz.projects.models import Measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check_both_widths(page, check_a11y):
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        check_a11y(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_kleinstaedte_in_mobility_to_a_lesson(page, check_a11y, registry):
    model_projects_import(data=DEFAULT_FILE.read_bytes())
    knowledge_import(files={name: path.read_bytes() for name, path in DEFAULT_FILES.items()})
    erzmobil = Measure.objects.get(title="ERZmobil (digitaler Rufbus)")
    expected = Measure.objects.filter(
        fields_of_action__code="mobilitaet", project__category="kleinstadt"
    ).count()

    page.goto("/wissen/")
    _check_both_widths(page, check_a11y)
    page.locator("a[href='/wissen/mobilitaet/?category=kleinstadt']").click()
    page.wait_for_url("**/wissen/mobilitaet/?category=kleinstadt")
    assert page.locator("#result-count").inner_text().startswith(f"{expected} Maßnahmen")
    assert page.locator("#id_category").input_value() == "kleinstadt"
    _check_both_widths(page, check_a11y)

    page.get_by_role("link", name="ERZmobil (digitaler Rufbus)").click()
    page.wait_for_url(f"**{erzmobil.get_absolute_url()}")
    main = page.locator("main").inner_text()
    assert "aus öffentlichen Quellen importiert" in main and "Mobilität" in main
    _check_both_widths(page, check_a11y)

    page.locator("main").get_by_role("link", name="Zwönitz (2019)").click()
    page.wait_for_url("**/modellprojekte/2019-zwoenitz/")
    main = page.locator("main").inner_text()
    assert "Bundesförderung" in main and "€" in main
    assert "Quellen dieser Angaben" in main
    assert "St. Wendel" in main  # the documented transfer of ERZmobil
    _check_both_widths(page, check_a11y)

    lesson = erzmobil.project.lessons.order_by("title").first()
    page.locator("#lessons ~ ul").first.get_by_role("link", name=lesson.title).click()
    page.wait_for_url(f"**{lesson.get_absolute_url()}")
    assert lesson.summary[:40] in page.locator("main").inner_text()
    _check_both_widths(page, check_a11y)
    assert len(check_a11y.visited) == 10  # five pages at two widths
