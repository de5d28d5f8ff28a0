# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Next steps link to lessons and measures of model projects and to catalogue solutions."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

import pytest

from stadtnetz.assessments import links, questionnaire, services
from stadtnetz.projects.importer import fields_of_action_ensure
from stadtnetz.projects.models import FieldOfAction, Lesson, Measure, ModelProject
from stadtnetz.solutions.forms import VOCABULARIES
from stadtnetz.solutions.services import solution_import

from .conftest import full_answers

pytestmark = pytest.mark.django_db
Q = questionnaire.current()


def _yml(name: str, categories: list[str]) -> bytes:
    lines = "".join(f"  - {c}\n" for c in categories)
    return (
        f'publiccodeYmlVersion: "0"\nname: {name}\nurl: https://example.org/{name.lower()}\n'
        f"categories:\n{lines}"
    ).encode()


@pytest.fixture
def knowledge(city):
    """A model project of Solingen with a mobility measure and lesson, a health measure, and
    solutions in a mapped (fleet management) and an unmapped (payroll) category."""
    fields_of_action_ensure()
    project = ModelProject.objects.create(
        name="Solingen vernetzt", slug="solingen-vernetzt", round_year=2021,
        organisation=city, category="A", kind_as_listed="Stadt",
    )  # fmt: skip
    mobility = Measure.objects.create(
        project=project, title="Bürgerbus-Rufsystem", description="Rufbus per App.",
        spatial_effect="whole_area", status="done",
    )  # fmt: skip
    mobility.fields_of_action.set([FieldOfAction.objects.get(code="mobilitaet")])
    admin = Measure.objects.create(
        project=project, title="E-Akte im Rathaus", description="Digitale Akte.",
        spatial_effect="whole_area", status="done",
    )  # fmt: skip
    admin.fields_of_action.set([FieldOfAction.objects.get(code="verwaltung")])
    lesson = Lesson.objects.create(
        project=project, measure=mobility, title="Rufbus: Fahrer früh einbinden",
        context="Großstadt", what_was_done="Pilot", transferable_sizes="grossstadt",
    )  # fmt: skip
    fleet, _ = solution_import(
        repository_url="https://example.org/flotte", raw=_yml("Flottenplaner", ["fleet-management"])
    )
    payroll, _ = solution_import(
        repository_url="https://example.org/lohn", raw=_yml("Lohnrechner", ["payroll"])
    )
    return {"project": project, "mobility": mobility, "admin": admin, "lesson": lesson,
            "fleet": fleet, "payroll": payroll}  # fmt: skip


def _h_weak_answers():
    """Every dimension at Frontrunner except the sectoral fields (H, mapped to Mobilität)."""
    return full_answers("FR", **{q.id: "B" for q in Q.questions_by_dimension["H"]})


def test_mapping_uses_only_known_fields_and_categories():
    assert set(links.DIMENSION_LINKS) == {d.id for d in Q.dimensions}
    assert links.assert_mapping_valid(VOCABULARIES["categories"]) == []
    assert "mobilitaet" in links.DIMENSION_LINKS["H"][0]


def test_result_page_links_lesson_measure_and_solution(client, knowledge):
    response = client.get("/reifegrad/check/ergebnis/?" + urlencode(_h_weak_answers()))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/lernbeispiele/{knowledge["lesson"].pk}/"' in html
    assert "Rufbus: Fahrer früh einbinden" in html
    assert f'href="/massnahmen/{knowledge["mobility"].pk}/"' in html
    assert f'href="/loesungen/{knowledge["fleet"].pk}/"' in html
    assert "Flottenplaner" in html
    # not in a category of the H dimension, and H does not cover administration
    assert "Lohnrechner" not in html
    assert "E-Akte im Rathaus" not in html
    assert "Lernbeispiele aus Modellprojekten" in html
    assert 'aria-labelledby="links-H-lessons"' in html

    # a dimension without anything in Stadtnetz says so, with links to the full lists
    assert "enthält für diese Dimension noch keine Modellprojekte" in html
    assert 'href="/lernbeispiele/"' in html


def test_english_strings(client, knowledge):
    client.post("/sprache/", {"language": "en", "next": "/"})
    html = client.get("/reifegrad/check/ergebnis/?" + urlencode(_h_weak_answers())).content.decode()
    assert '<html lang="en"' in html
    assert "Lessons of model projects" in html
    assert "Measures of model projects" in html
    assert "Solutions from the catalogue" in html


def test_saved_assessment_shows_links(client, city, editor, knowledge):
    assessment = services.assessment_record(
        organisation=city, actor=editor, answers=_h_weak_answers(),
        assessed_on=datetime.date(2025, 3, 1),
    )  # fmt: skip
    client.force_login(editor)
    html = client.get(f"/reifegrad/bewertungen/{assessment.pk}/").content.decode()
    assert f'href="/lernbeispiele/{knowledge["lesson"].pk}/"' in html
    assert f'href="/loesungen/{knowledge["fleet"].pk}/"' in html


def test_selector_prefers_same_size_valid_and_ready(city, knowledge, office):
    from stadtnetz.municipalities.models import Municipality
    from stadtnetz.organisations.services import organisation_create

    small = Municipality.objects.filter(population__lt=5000).order_by("ags").first()
    village = organisation_create(actor=office, kind="municipality", name=small.name,
                                  municipality=small)  # fmt: skip
    other = ModelProject.objects.create(
        name="Dorf mobil", slug="dorf-mobil", round_year=2022, organisation=village,
        category="A", kind_as_listed="Gemeinde",
    )  # fmt: skip
    for n in range(4):
        m = Measure.objects.create(project=other, title=f"Dorfmaßnahme {n}", description="x",
                                   spatial_effect="site", status="done")  # fmt: skip
        m.fields_of_action.set([FieldOfAction.objects.get(code="mobilitaet")])
    big = links.next_step_links(["H"], size_class="grossstadt")["H"]
    assert [link.title for link in big.measures][0] == "Bürgerbus-Rufsystem"
    assert len(big.measures) == 3
    tiny = links.next_step_links(["H"], size_class="landgemeinde")["H"]
    assert "Bürgerbus-Rufsystem" not in [link.title for link in tiny.measures]
    assert links.next_step_links(["X"]) == {}


def test_links_have_constant_query_count(client, knowledge, django_assert_max_num_queries):
    knowledge["mobility"].fields_of_action.set(FieldOfAction.objects.all())
    url = "/reifegrad/check/ergebnis/?" + urlencode(full_answers("B"))
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for n in range(6):
        project = knowledge["project"]
        m = Measure.objects.create(project=project, title=f"Mehr {n}", description="x",
                                   spatial_effect="site", status="done")  # fmt: skip
        m.fields_of_action.set(FieldOfAction.objects.all())
        Lesson.objects.create(project=project, measure=m, title=f"Lektion {n}", context="c",
                              what_was_done="w")  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert "Lektion" in response.content.decode()
