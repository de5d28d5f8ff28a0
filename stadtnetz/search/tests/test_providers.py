# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The providers of model projects, measures, lessons, solutions and calls: made through the
apps' own services, indexed on commit, found through the API, rebuilt by search-reindex."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from stadtnetz.organisations.models import Membership, OrganisationKind, Role
from stadtnetz.organisations.services import organisation_create
from stadtnetz.programmes.tests.factories import make_call
from stadtnetz.projects.importer import fields_of_action_ensure
from stadtnetz.projects.models import FieldOfAction, ModelProject
from stadtnetz.projects.services import lesson_save, measure_save
from stadtnetz.search import registry as search_registry
from stadtnetz.search.models import SearchDocument
from stadtnetz.solutions.services import solution_import

API = "/api/v1/search"

YML = """publiccodeYmlVersion: "0.4"
name: Beteiligungskompass
url: https://example.org/kommune/beteiligungskompass
softwareType: standalone/web
developmentStatus: stable
categories:
  - e-participation
legal:
  license: EUPL-1.2
description:
  de:
    shortDescription: Werkzeug für Bürgerbeteiligung in Kommunen
    longDescription: >
      Der Beteiligungskompass sammelt Hinweise der Einwohnerinnen und Einwohner zu
      Bauvorhaben und Haushaltsplanung und macht die Antworten der Verwaltung sichtbar.
""".encode()


def found(client, q, **filters) -> list[tuple[str, str]]:
    response = client.get(API, {"q": q, **filters})
    assert response.status_code == 200, response.content
    return [(item["type"], item["id"]) for item in response.json()["items"]]


@pytest.fixture
def world(solingen, make_user, django_capture_on_commit_callbacks):
    """A model project of Solingen with one measure and one lesson, written by its editor."""
    fields_of_action_ensure()
    office = make_user("office", is_programme_office=True)
    editor = make_user("redaktion")
    with django_capture_on_commit_callbacks(execute=True):
        organisation = organisation_create(
            actor=office, kind=OrganisationKind.MUNICIPALITY, name="Stadt Solingen",
            municipality=solingen,
        )  # fmt: skip
        Membership.objects.create(user=editor, organisation=organisation, role=Role.EDITOR)
        project = ModelProject.objects.create(
            name="Solingen vernetzt", slug="solingen-vernetzt", round_year=2021,
            organisation=organisation, category="grossstadt", kind_as_listed="Stadt",
        )  # fmt: skip
        project.states.add(solingen.state)
        measure = measure_save(
            actor=editor, project=project,
            values={
                "title": "Digitale Sprechstunde",
                "description": "Online-Buergerbeteiligung zur Neugestaltung des Marktplatzes.",
                "spatial_effect": "district", "status": "in_progress",
            },
            fields_of_action=[FieldOfAction.objects.get(code="beteiligung")],
        )  # fmt: skip
        lesson = lesson_save(
            actor=editor, project=project,
            values={
                "title": "Was wir über Werkstätten gelernt haben",
                "measure": measure,
                "context": "Großstadt, 160.000 Einwohner, erste digitale Werkstatt.",
                "what_was_done": "Die Beteiligung der Bürger lief über eine offene Plattform.",
            },
        )  # fmt: skip
    return {"editor": editor, "project": project, "measure": measure, "lesson": lesson}


def test_measure_and_lesson_are_found_by_every_spelling(client, world):
    measure, lesson = world["measure"], world["lesson"]
    hits = found(client, "Bürgerbeteiligung")
    assert ("measure", str(measure.pk)) in hits  # says "Buergerbeteiligung"
    assert ("lesson", str(lesson.pk)) in hits  # says "Beteiligung der Bürger"
    assert found(client, "Bürgerbeteiligung", type="measure") == [("measure", str(measure.pk))]
    assert found(client, "Bürgerbeteiligung", type="lesson") == [("lesson", str(lesson.pk))]
    body = client.get(API, {"q": "Bürgerbeteiligung", "type": "measure"}).json()
    item = body["items"][0]
    assert item["url"] == measure.get_absolute_url() == f"/massnahmen/{measure.pk}/"
    assert (item["state"], item["size_class"], item["kind"], item["fields"]) == (
        "NW", "grossstadt", "municipality", ["beteiligung"],
    )  # fmt: skip
    facets = {facet: [o["value"] for o in options] for facet, options in body["facets"].items()}
    assert facets["field"] == ["beteiligung"] and facets["state"] == ["NW"]
    assert {"measure", "lesson"} <= {o["value"] for o in client.get(
        API, {"q": "Bürgerbeteiligung"}).json()["facets"]["type"]}  # fmt: skip
    # the lesson takes the field of action of its measure; other fields find nothing
    assert ("lesson", str(lesson.pk)) in found(client, "Bürgerbeteiligung", field="beteiligung")
    assert found(client, "Bürgerbeteiligung", field="mobilitaet") == []
    assert found(client, "Bürgerbeteiligung", state="BY") == []
    # the project is found by its name and the titles of its measures
    project = world["project"]
    assert found(client, "Solingen vernetzt", type="project") == [("project", str(project.pk))]
    assert found(client, "Sprechstunde", type="project") == [("project", str(project.pk))]
    assert client.get(API, {"q": "Sprechstunde", "type": "project"}).json()["items"][0][
        "url"
    ] == project.get_absolute_url()  # fmt: skip


def test_changes_reach_the_index_on_commit(client, world, django_capture_on_commit_callbacks):
    measure, lesson = world["measure"], world["lesson"]
    with django_capture_on_commit_callbacks(execute=True):
        measure_save(
            actor=world["editor"], project=world["project"], measure=measure,
            values={"title": "Radverkehr im Quartier", "description": "Neue Radwege."},
            fields_of_action=[FieldOfAction.objects.get(code="mobilitaet")],
        )  # fmt: skip
    assert found(client, "Bürgerbeteiligung", type="measure") == []
    assert found(client, "Radwege", type="measure") == [("measure", str(measure.pk))]
    lesson_document = SearchDocument.objects.get(doc_type="lesson", object_id=str(lesson.pk))
    assert lesson_document.field_keys == ["mobilitaet"]  # followed its measure
    project_document = SearchDocument.objects.get(
        doc_type="project", object_id=str(world["project"].pk)
    )
    assert "Radverkehr im Quartier" in project_document.body
    with django_capture_on_commit_callbacks(execute=True):
        lesson.delete()
    assert found(client, "Bürgerbeteiligung", type="lesson") == []
    with django_capture_on_commit_callbacks(execute=True):
        world["project"].delete()
    assert not SearchDocument.objects.filter(doc_type__in=["project", "measure"]).exists()


def test_link_changes_of_either_side_reach_the_index(world, django_capture_on_commit_callbacks):
    """m2m_changed: fields of action changed on the measure, or from the field's side."""
    measure = world["measure"]

    def fields() -> list[str]:
        return SearchDocument.objects.get(doc_type="measure", object_id=str(measure.pk)).field_keys

    assert fields() == ["beteiligung"]
    energy = FieldOfAction.objects.get(code="energie-umwelt")
    with django_capture_on_commit_callbacks(execute=True):
        measure.fields_of_action.add(energy)
    assert sorted(fields()) == ["beteiligung", "energie-umwelt"]
    with django_capture_on_commit_callbacks(execute=True):
        energy.measures.remove(measure)  # the reverse side
    assert fields() == ["beteiligung"]
    with django_capture_on_commit_callbacks(execute=True):
        measure.fields_of_action.clear()
    assert fields() == []


def test_search_reindex_includes_projects_measures_and_lessons(client, world):
    SearchDocument.objects.filter(doc_type__in=["project", "measure", "lesson"]).delete()
    assert found(client, "Bürgerbeteiligung", type="lesson") == []
    report_keys = {provider.key for provider in search_registry.providers()}
    assert {"project", "measure", "lesson", "solution", "call"} <= report_keys
    call_command("search_reindex", "--type", "project", "--type", "measure", "--type",
                 "lesson", verbosity=0)  # fmt: skip
    assert SearchDocument.objects.filter(doc_type="project").count() == 1
    hits = found(client, "Bürgerbeteiligung")
    assert ("measure", str(world["measure"].pk)) in hits
    assert ("lesson", str(world["lesson"].pk)) in hits


def test_solution_is_found_and_merged_entries_leave(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        solution, created = solution_import(
            repository_url="https://example.org/kommune/beteiligungskompass", raw=YML
        )
    assert created
    assert found(client, "Bürgerbeteiligung", type="solution") == [("solution", str(solution.pk))]
    item = client.get(API, {"q": "Beteiligungskompass"}).json()["items"][0]
    assert (item["type"], item["id"], item["url"]) == (
        "solution", str(solution.pk), solution.get_absolute_url(),
    )  # fmt: skip
    assert found(client, "Haushaltsplanung Verwaltung", type="solution")
    with django_capture_on_commit_callbacks(execute=True):
        other, _ = solution_import(repository_url="https://example.org/other/kompass", raw=YML)
        solution.merged_into = other
        solution.save()
    assert found(client, "Beteiligungskompass", type="solution") == [("solution", str(other.pk))]
    SearchDocument.objects.filter(doc_type="solution").delete()
    call_command("search_reindex", "--type", "solution", verbosity=0)
    assert found(client, "Beteiligungskompass", type="solution") == [("solution", str(other.pk))]


def test_call_is_found_and_follows_its_programme(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call = make_call(
            title="Smarte Dörfer 2027", theme="Daseinsvorsorge im ländlichen Raum",
            description="Gefördert werden Landgemeinden, die Mobilitätsangebote erproben.",
        )  # fmt: skip
    assert found(client, "Daseinsvorsorge", type="call") == [("call", str(call.pk))]
    item = client.get(API, {"q": "Smarte Dörfer"}).json()["items"][0]
    assert (item["type"], item["id"], item["url"]) == ("call", str(call.pk), f"/aufrufe/{call.pk}/")
    assert item["url"] == call.get_absolute_url()
    assert found(client, "Mobilitätsangebote", type="municipality") == []
    programme = call.programme
    with django_capture_on_commit_callbacks(execute=True):
        programme.name = "Modellvorhaben Ländliche Räume"
        programme.save()
    assert found(client, "Modellvorhaben", type="call") == [("call", str(call.pk))]
    with django_capture_on_commit_callbacks(execute=True):
        call.delete()
    assert found(client, "Daseinsvorsorge") == []


def test_a_common_word_in_place_names_brings_the_largest_places(registry, monkeypatch):
    """Decision 0042: registry entries are indexed smallest first, so the candidates of a word
    in hundreds of names are the largest places."""
    from stadtnetz.search import selectors
    from stadtnetz.search.selectors import SearchFilters, search
    from stadtnetz.search.services import search_reindex
    from stadtnetz.search.text import parse_query

    search_reindex(keys=["municipality"])
    monkeypatch.setattr(selectors, "CANDIDATES", 3)
    result = search(parse_query("Stadt"), SearchFilters(type="municipality"))
    assert result.complete is False
    names = {hit.title_text for hit in result.hits}
    assert {"Berlin, Stadt", "Köln, Stadt"} <= names
