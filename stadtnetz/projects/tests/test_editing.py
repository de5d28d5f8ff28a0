# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Editors' forms for measures and lessons: permissions, bad input, htmx, history."""

import re

import pytest

from stadtnetz.projects.models import Lesson, LessonRevision, Measure, MeasureRevision

MEASURE = {
    "title": "Digitaler Zwilling", "description": "Ein 3D-Stadtmodell für die Planung.",
    "fields_of_action": ["stadtplanung-raum", "daten-plattformen"], "spatial_effect": "whole_area",
    "status": "in_progress", "starts_on": "2022-01-01", "ends_on": "2024-12-31", "budget": "250000.50",
    "kpi-TOTAL_FORMS": "2", "kpi-INITIAL_FORMS": "0", "kpi-MIN_NUM_FORMS": "0", "kpi-MAX_NUM_FORMS": "20",
    "kpi-0-name": "Nutzende pro Monat", "kpi-0-unit": "Personen", "kpi-0-target": "1000", "kpi-0-actual": "640",
}  # fmt: skip
LESSON = {
    "title": "Früh mit dem Personalrat sprechen", "context": "Großstadt, 110.000 Einwohner",
    "what_was_done": "Pilot mit drei Ämtern", "what_worked": "Kleine Schritte",
    "what_did_not_work": "Die erste Ausschreibung war zu eng", "effort_cost": "12000",
    "effort_months": "9", "running_costs_per_year": "3000", "procurement_route": "reuse",
    "transferable_kinds": ["municipality", "county"], "transferable_sizes": ["kleinstadt"],
}  # fmt: skip


def test_editor_creates_and_changes_a_measure_with_history(client, jena, jena_editor):
    client.force_login(jena_editor)
    response = client.post(f"/modellprojekte/{jena.slug}/massnahmen/neu/", MEASURE)
    measure = Measure.objects.get(title="Digitaler Zwilling")
    assert response.status_code == 302 and response["Location"] == f"/massnahmen/{measure.pk}/"
    assert str(measure.budget) == "250000.50"
    assert sorted(f.code for f in measure.fields_of_action.all()) == [
        "daten-plattformen",
        "stadtplanung-raum",
    ]
    assert [(k.name, str(k.target), str(k.actual)) for k in measure.kpis.all()] == [
        ("Nutzende pro Monat", "1000.0000", "640.0000")
    ]
    assert MeasureRevision.objects.get(measure=measure).snapshot["budget"] == "250000.5"
    client.post(
        f"/massnahmen/{measure.pk}/bearbeiten/", {**MEASURE, "status": "done", "version": 0}
    )
    client.post(
        f"/massnahmen/{measure.pk}/bearbeiten/", {**MEASURE, "status": "done", "version": 1}
    )  # no change
    revisions = list(MeasureRevision.objects.filter(measure=measure).order_by("number"))
    assert [(r.number, r.action) for r in revisions] == [(1, "created"), (2, "changed")]
    assert revisions[1].changed_fields == ["status"] and revisions[1].changed_by == jena_editor
    page = client.get(f"/massnahmen/{measure.pk}/").content.decode()
    assert "Version 2" in page and "Nutzende pro Monat" in page


def test_history_records_are_append_only(jena, jena_editor, client):
    client.force_login(jena_editor)
    client.post(f"/modellprojekte/{jena.slug}/massnahmen/neu/", MEASURE)
    revision = MeasureRevision.objects.get()
    with pytest.raises(ValueError, match="append-only"):
        revision.save()
    with pytest.raises(ValueError, match="append-only"):
        revision.delete()


@pytest.mark.parametrize("role", ["anonymous", "stranger", "member"])
def test_only_editors_of_the_organisation_write(client, jena, make_user, role):
    from stadtnetz.organisations.models import Membership, Role

    if role != "anonymous":
        user = make_user(role)
        if role == "member":
            Membership.objects.create(user=user, organisation=jena.organisation, role=Role.MEMBER)
        client.force_login(user)
    response = client.post(f"/modellprojekte/{jena.slug}/massnahmen/neu/", MEASURE)
    assert response.status_code == (302 if role == "anonymous" else 403)
    assert Measure.objects.count() == 0


BAD_MEASURES = {
    "empty title": ({"title": ""}, "title"),
    "huge title": ({"title": "x" * 10_000}, "title"),
    "no field": ({"fields_of_action": []}, "fields_of_action"),
    "unknown field": ({"fields_of_action": ["../../etc/passwd"]}, "fields_of_action"),
    "negative budget": ({"budget": "-5"}, "budget"),
    "text budget": ({"budget": "viel"}, "budget"),
    "end before start": ({"ends_on": "2021-01-01"}, "ends_on"),
    "bad status": ({"status": "'; DROP TABLE x;--"}, "status"),
    "bad date": ({"starts_on": "2022-13-45"}, "starts_on"),
}


@pytest.mark.parametrize("case", sorted(BAD_MEASURES))
def test_bad_measure_input_is_refused_at_the_field(client, jena, jena_editor, case):
    change, field = BAD_MEASURES[case]
    client.force_login(jena_editor)
    response = client.post(f"/modellprojekte/{jena.slug}/massnahmen/neu/", {**MEASURE, **change})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert Measure.objects.count() == 0 and MeasureRevision.objects.count() == 0


def test_kpi_without_name_is_refused(client, jena, jena_editor):
    client.force_login(jena_editor)
    response = client.post(f"/modellprojekte/{jena.slug}/massnahmen/neu/",
                           {**MEASURE, "kpi-1-target": "5"})  # fmt: skip
    assert response.status_code == 400 and Measure.objects.count() == 0
    assert "Benennen Sie die Kennzahl." in response.content.decode()


def test_html_and_sql_are_stored_verbatim_and_shown_escaped(client, jena, jena_editor):
    client.force_login(jena_editor)
    title = "<script>alert(1)</script> ' OR 1=1 --"
    client.post(f"/modellprojekte/{jena.slug}/massnahmen/neu/", {**MEASURE, "title": title})
    measure = Measure.objects.get()
    assert measure.title == title
    page = client.get(f"/massnahmen/{measure.pk}/").content.decode()
    assert (
        "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    )


def test_htmx_form_swaps_errors_and_redirects_on_success(client, jena, jena_editor):
    client.force_login(jena_editor)
    url = f"/modellprojekte/{jena.slug}/massnahmen/neu/"
    response = client.post(url, {**MEASURE, "title": ""}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "title" in response.context["form"].errors
    assert Measure.objects.count() == 0
    assert response.content.decode().lstrip().startswith('<form id="measure-form"')
    response = client.post(url, MEASURE, headers={"HX-Request": "true"})
    assert response.status_code == 200 and not response.content  # django_htmx client redirect
    assert response["HX-Redirect"] == Measure.objects.get().get_absolute_url()


def test_duplicate_submit_of_an_edit_appends_no_second_record(client, jena, jena_editor):
    client.force_login(jena_editor)
    client.post(f"/modellprojekte/{jena.slug}/lernbeispiele/neu/", LESSON)
    lesson = Lesson.objects.get()
    for _ in range(2):
        # the same form twice (version 0 both times): the second is no conflict and no change
        client.post(
            f"/lernbeispiele/{lesson.pk}/bearbeiten/",
            {**LESSON, "what_worked": "Geduld", "version": 0},
        )
    assert list(LessonRevision.objects.filter(lesson=lesson).values_list("number", "action")) == [
        (2, "changed"),
        (1, "created"),
    ]


def test_editor_writes_a_lesson_with_all_transfer_fields(client, jena, jena_editor):
    client.force_login(jena_editor)
    response = client.post(f"/modellprojekte/{jena.slug}/lernbeispiele/neu/", LESSON)
    lesson = Lesson.objects.get()
    assert response.status_code == 302
    assert lesson.transferable_kind_list == ["municipality", "county"]
    assert str(lesson.effort_cost) == "12000.00" and lesson.procurement_route == "reuse"
    page = client.get(lesson.get_absolute_url()).content.decode()
    assert "Die erste Ausschreibung war zu eng" in page and "Nachnutzung" in page
    assert "Kleinstadt" in page
    client.logout()
    assert client.get(lesson.get_absolute_url()).status_code == 200  # anyone reads


def test_lesson_measure_must_belong_to_the_project(client, jena, jena_editor, projects):
    other = projects.get(name="Ulm")
    from stadtnetz.projects.models import FieldOfAction

    foreign = Measure.objects.create(project=other, title="Fremd", description="x",
                                     spatial_effect="site", status="done")  # fmt: skip
    foreign.fields_of_action.set([FieldOfAction.objects.first()])
    client.force_login(jena_editor)
    response = client.post(f"/modellprojekte/{jena.slug}/lernbeispiele/neu/",
                           {**LESSON, "measure": foreign.pk})  # fmt: skip
    assert response.status_code == 400 and "measure" in response.context["form"].errors
    assert Lesson.objects.count() == 0


@pytest.mark.parametrize(("change", "field"), [({"effort_months": "-1"}, "effort_months"),
                                          ({"contact_email": "kein-mail"}, "contact_email"),
                                          ({"transferable_sizes": ["metropole"]}, "transferable_sizes"),
                                          ({"context": ""}, "context"),
                                          ({"running_costs_per_year": "1e400"}, "running_costs_per_year")])  # fmt: skip
def test_bad_lesson_input(client, jena, jena_editor, change, field):
    client.force_login(jena_editor)
    response = client.post(f"/modellprojekte/{jena.slug}/lernbeispiele/neu/", {**LESSON, **change})
    assert response.status_code == 400 and field in response.context["form"].errors
    assert Lesson.objects.count() == 0


def test_a_measure_links_catalog_solutions_shown_on_all_three_pages(client, jena, jena_editor):
    """Measure ↔ solution: chosen in the form, kept in the history, shown on measure, project and
    solution pages; a merged duplicate or an unknown id is refused and nothing is saved."""
    from stadtnetz.solutions.models import Solution

    portal = Solution.objects.create(name="Beteiligungsportal", repository_url="https://e.org/a",
                                     repository_key="e.org/a")  # fmt: skip
    twin = Solution.objects.create(name="Zwillingsplattform", repository_url="https://e.org/b",
                                   repository_key="e.org/b", organisation=jena.organisation)  # fmt: skip
    merged = Solution.objects.create(name="Altes Portal", repository_url="https://e.org/c",
                                     repository_key="e.org/c", merged_into=portal)  # fmt: skip
    client.force_login(jena_editor)
    url = f"/modellprojekte/{jena.slug}/massnahmen/neu/"
    for bad in ([str(merged.pk)], ["999999"], ["x"]):
        response = client.post(url, {**MEASURE, "solutions": bad})
        assert response.status_code == 400
        assert "Wählen Sie Lösungen aus dem Katalog." in response.content.decode()
    assert not Measure.objects.exists()
    response = client.post(url, {**MEASURE, "solutions": [str(portal.pk)]})
    measure = Measure.objects.get()
    assert list(measure.solutions.all()) == [portal]
    assert MeasureRevision.objects.get(measure=measure).snapshot["solutions"] == [portal.pk]
    measure_page = client.get(f"/massnahmen/{measure.pk}/").content.decode()
    assert f'href="/loesungen/{portal.pk}/"' in measure_page
    project_page = client.get(jena.get_absolute_url()).content.decode()
    assert "Beteiligungsportal" in project_page
    assert f'href="/loesungen/{twin.pk}/"' in project_page  # published by Jena's organisation
    assert "von dieser Organisation veröffentlicht" in project_page
    solution_page = client.get(f"/loesungen/{portal.pk}/").content.decode()
    assert f'href="/massnahmen/{measure.pk}/"' in solution_page
    # Unticking every solution removes the links and records the change.
    client.post(
        f"/massnahmen/{measure.pk}/bearbeiten/",
        {**MEASURE, "version": Measure.objects.get(pk=measure.pk).version},
    )
    assert not measure.solutions.exists()
    last = MeasureRevision.objects.filter(measure=measure).order_by("-number").first()
    assert last.changed_fields == ["solutions"]


def test_measure_dates_are_labelled_as_dates_not_as_the_home_page(client, jena, jena_editor):
    client.force_login(jena_editor)
    body = client.get(f"/modellprojekte/{jena.slug}/massnahmen/neu/").content.decode()
    labels = dict(re.findall(r'<label[^>]*for="(id_(?:starts|ends)_on)"[^>]*>([^<]*?) ?<', body))
    assert labels == {"id_starts_on": "Beginn", "id_ends_on": "Ende"}


def test_two_stale_measure_forms_the_second_gets_409_with_both_versions(client, jena, jena_editor):
    client.force_login(jena_editor)
    client.post(f"/modellprojekte/{jena.slug}/massnahmen/neu/", MEASURE)
    measure = Measure.objects.get()
    url = f"/massnahmen/{measure.pk}/bearbeiten/"
    loaded = client.get(url).context["form"].initial["version"]
    assert loaded == 0
    first = {**MEASURE, "status": "done", "budget": "300000", "version": loaded}
    second = {**MEASURE, "title": "Zwilling 2.0", "kpi-0-actual": "700", "version": loaded}
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    assert response.status_code == 409
    measure.refresh_from_db()
    assert (measure.title, measure.status, str(measure.budget), measure.version) == (
        "Digitaler Zwilling", "done", "300000.00", 1)  # fmt: skip
    assert MeasureRevision.objects.filter(measure=measure).count() == 2
    rows = {row.name: (row.current, row.attempted) for row in response.context["conflict_rows"]}
    assert rows["title"] == ("Digitaler Zwilling", "Zwilling 2.0")
    assert set(rows) >= {"title", "status", "budget", "kpis"}
    page = response.content.decode()
    assert 'id="conflict-table"' in page and "Zwilling 2.0" in page and "Version 1" in page
    # htmx gets the form partial with the conflict (htmx does not swap 4xx answers)
    partial = client.post(url, second, headers={"HX-Request": "true"})
    assert partial.status_code == 200 and 'id="conflict-table"' in partial.content.decode()
    assert Measure.objects.get().title == "Digitaler Zwilling"


def test_two_stale_lesson_forms_the_second_gets_409_with_both_versions(client, jena, jena_editor):
    client.force_login(jena_editor)
    client.post(f"/modellprojekte/{jena.slug}/lernbeispiele/neu/", LESSON)
    lesson = Lesson.objects.get()
    url = f"/lernbeispiele/{lesson.pk}/bearbeiten/"
    assert client.get(url).context["form"].initial["version"] == 0
    assert client.post(url, {**LESSON, "what_worked": "Geduld", "version": 0}).status_code == 302
    response = client.post(url, {**LESSON, "what_worked": "Tempo", "version": 0})
    assert response.status_code == 409
    lesson.refresh_from_db()
    assert (lesson.what_worked, lesson.version) == ("Geduld", 1)
    rows = {row.name: (row.current, row.attempted) for row in response.context["conflict_rows"]}
    assert rows == {"what_worked": ("Geduld", "Tempo")}
    assert "Tempo" in response.content.decode() and "Geduld" in response.content.decode()


def test_a_reimport_makes_an_open_form_stale(client, jena, jena_editor):
    """The knowledge import changes a measure while an editor's form is open."""
    from stadtnetz.core import versioning

    client.force_login(jena_editor)
    client.post(f"/modellprojekte/{jena.slug}/massnahmen/neu/", MEASURE)
    measure = Measure.objects.get()
    versioning.bump(measure)  # what the import does after changing the measure
    response = client.post(
        f"/massnahmen/{measure.pk}/bearbeiten/", {**MEASURE, "title": "Neu", "version": 0}
    )
    assert response.status_code == 409 and Measure.objects.get().title == "Digitaler Zwilling"
