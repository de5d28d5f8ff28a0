# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Pages: try-out without JavaScript, result and exports, saved assessments, trend, peers."""

from __future__ import annotations

import datetime
import io
from urllib.parse import urlencode

import pytest
from pypdf import PdfReader

from stadtnetz.assessments import questionnaire, services
from stadtnetz.assessments.models import Assessment
from stadtnetz.municipalities.models import Municipality
from stadtnetz.organisations.models import OrganisationKind
from stadtnetz.organisations.services import organisation_create

from .conftest import full_answers

pytestmark = pytest.mark.django_db
Q = questionnaire.current()


def test_tryout_walk_without_javascript(client):
    response = client.get("/reifegrad/check/")
    assert response.status_code == 200
    assert "Schritt 1 von 8" in response.content.decode()
    # next without answers: errors at the fields, 400
    response = client.get("/reifegrad/check/", {"schritt": 1, "go": "next"})
    assert response.status_code == 400
    assert "Bitte wählen Sie eine Antwort" in response.content.decode()
    answers: dict[str, str] = {}
    for step, dim in enumerate(Q.dimensions, start=1):
        for question in Q.questions_by_dimension[dim.id]:
            answers[question.id] = "FR"
        go = "result" if step == 8 else "next"
        response = client.get("/reifegrad/check/", {"schritt": step, "go": go, **answers})
        assert response.status_code == 302
    assert response["Location"].startswith("/reifegrad/check/ergebnis/?")
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "Gesamtstufe: Frontrunner" in html
    assert "<svg" in html and 'role="img"' in html and "<desc" in html
    assert Assessment.objects.count() == 0


def test_result_with_missing_or_forged_answers(client):
    partial = {k: v for k, v in full_answers().items() if k != "K2"}
    response = client.get("/reifegrad/check/ergebnis/", partial)
    assert response.status_code == 400 and "K2" in response.content.decode()
    for forged in ({**full_answers(), "S1": "<script>"}, {**full_answers(), "S1": "na"}):
        response = client.get("/reifegrad/check/ergebnis/", forged)
        assert response.status_code == 400
        assert "<script>" not in response.content.decode().split("<main")[1]


def test_action_plan_markdown_and_pdf(client):
    query = urlencode(full_answers("F", S1="FR"))
    md = client.get(f"/reifegrad/check/massnahmenplan.md?{query}")
    assert md.status_code == 200 and md["Content-Type"].startswith("text/markdown")
    text = md.content.decode()
    assert text.startswith("# Maßnahmenplan") and "Frontrunner" in text
    assert "Aufwand: " in text and "Wirkung: " in text  # German, not "Effort: …, impact: …"
    assert "Effort" not in text and "impact" not in text
    pdf = client.get(f"/reifegrad/check/massnahmenplan.pdf?{query}")
    assert pdf["Content-Type"] == "application/pdf"
    content = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Maßnahmenplan" in content and "Gesamtstufe" in content and "Follower" in content


def test_editor_saves_two_assessments_a_year_apart_and_sees_the_trend(client, city, editor):
    services.assessment_record(organisation=city, actor=editor, answers=full_answers("F"),
                               assessed_on=datetime.date(2025, 3, 1))  # fmt: skip
    client.force_login(editor)
    response = client.post(f"/reifegrad/organisationen/{city.slug}/neu/")
    draft = Assessment.objects.get(status="draft")
    assert response["Location"] == f"/reifegrad/bewertungen/{draft.pk}/schritt/1/"
    # bad evidence url: error at the field, nothing saved
    bad = {q.id: "FR" for q in Q.questions_by_dimension["S"]} | {
        "S1-url": "javascript:x",
        "go": "next",
    }
    response = client.post(f"/reifegrad/bewertungen/{draft.pk}/schritt/1/", bad)
    assert response.status_code == 400 and "https://" in response.content.decode()
    assert draft.answers.count() == 0
    for step, dim in enumerate(Q.dimensions, start=1):
        data = {q.id: "FR" for q in Q.questions_by_dimension[dim.id]}
        data["go"] = "next"
        if step == 1:
            data["S1-url"] = "https://solingen.de/smart-city"
        response = client.post(f"/reifegrad/bewertungen/{draft.pk}/schritt/{step}/", data)
        assert response.status_code == 302
    assert response["Location"] == f"/reifegrad/bewertungen/{draft.pk}/"
    response = client.post(f"/reifegrad/bewertungen/{draft.pk}/abschliessen/")
    draft.refresh_from_db()
    assert draft.status == "completed" and draft.overall_stage == "FR"
    assert list(draft.status_records.values_list("status", flat=True)) == ["draft", "completed"]
    page = client.get(f"/reifegrad/organisationen/{city.slug}/").content.decode()
    assert "Trend (Fragebogenversion 1.x)" in page
    assert "+33,4" in page  # stored 33.3 → 66.7 per dimension (German decimal comma)
    detail = client.get(f"/reifegrad/bewertungen/{draft.pk}/").content.decode()
    assert "https://solingen.de/smart-city" in detail
    # a completed assessment cannot be changed
    assert client.get(f"/reifegrad/bewertungen/{draft.pk}/schritt/1/").status_code == 403


def _peers(office, count):
    cities = Municipality.objects.filter(population__gte=100_000).exclude(ags="05122000")
    for municipality in cities[:count]:
        organisation = organisation_create(actor=office, kind=OrganisationKind.MUNICIPALITY,
                                           name=municipality.name, municipality=municipality)  # fmt: skip
        services.assessment_record(organisation=organisation, actor=office,
                                   answers=full_answers("F"))  # fmt: skip


@pytest.mark.parametrize(("others", "shown"), [(4, True), (3, False)])
def test_peer_comparison_needs_five(client, city, editor, office, others, shown):
    _peers(office, others)
    own = services.assessment_record(organisation=city, actor=editor, answers=full_answers("FR"))
    client.force_login(editor)
    html = client.get(f"/reifegrad/bewertungen/{own.pk}/").content.decode()
    assert ("Median der Vergleichsgruppe" in html) is shown
    if not shown:
        assert "nicht angezeigt – weniger als 5 abgeschlossene" in html
    stats = client.get("/api/v1/assessments/statistics?size_class=grossstadt").json()
    assert stats["shown"] is shown
    assert stats["count"] == (5 if shown else None)
    csv_text = client.get("/reifegrad/statistik.csv").content.decode()
    assert ("1,grossstadt,all,all,5" in csv_text) is shown
    page = client.get("/reifegrad/statistik/?size_class=grossstadt").content.decode()
    assert ("<strong>5 Organisationen</strong>" in page) is shown


def test_statistics_rejects_unknown_filters(client):
    assert client.get("/reifegrad/statistik/?state=../../etc").status_code == 400
    assert client.get("/api/v1/assessments/statistics?state=<x>").status_code == 422


def test_history_selector_has_constant_queries(city, editor, django_assert_max_num_queries):
    from stadtnetz.assessments import selectors

    for year in (2023, 2024, 2025):
        services.assessment_record(organisation=city, actor=editor, answers=full_answers(),
                                   assessed_on=datetime.date(year, 1, 1))  # fmt: skip
    with django_assert_max_num_queries(3):
        history = selectors.assessment_history(city)
        assert [len(a.dimension_scores.all()) for a in history] == [8, 8, 8]
    with django_assert_max_num_queries(3):
        selectors.peer_statistics(size_class="grossstadt")


def _step_answers(step: int, option: str = "F") -> dict[str, str]:
    return {q.id: option for q in Q.questions_by_dimension[Q.dimensions[step - 1].id]}


def test_htmx_steps_swap_their_region_push_their_url_and_end_on_the_result_page(
    client, city, editor
):
    """A saved assessment's steps by htmx: no page inside the page, the address bar follows."""
    draft = services.assessment_create(organisation=city, actor=editor)
    client.force_login(editor)
    htmx = {"HTTP_HX_REQUEST": "true"}
    for step in range(1, len(Q.dimensions)):
        url = f"/reifegrad/bewertungen/{draft.pk}/schritt/{step}/"
        response = client.post(url, {**_step_answers(step), "go": "next"}, **htmx)
        html = response.content.decode()
        assert response.status_code == 200
        assert html.lstrip().startswith('<div id="assessment-step">')
        assert "<header" not in html and "<footer" not in html and "<html" not in html
        assert f"Schritt {step + 1} von 8" in html
        following = f"/reifegrad/bewertungen/{draft.pk}/schritt/{step + 1}/"
        assert response["HX-Push-Url"] == following
        assert f'hx-post="{following}"' in html  # the next post goes to the step shown
    # reloading a step shows that step
    page = client.get(f"/reifegrad/bewertungen/{draft.pk}/schritt/4/")
    assert "Schritt 4 von 8" in page.content.decode()
    # back and save stay in the region too
    back = client.post(
        f"/reifegrad/bewertungen/{draft.pk}/schritt/4/", {**_step_answers(4), "go": "back"}, **htmx
    )
    assert back["HX-Push-Url"] == f"/reifegrad/bewertungen/{draft.pk}/schritt/3/"
    assert "Schritt 3 von 8" in back.content.decode()
    save = client.post(
        f"/reifegrad/bewertungen/{draft.pk}/schritt/3/", {**_step_answers(3), "go": "save"}, **htmx
    )
    assert "Ihre Antworten wurden gespeichert." in save.content.decode()
    assert save["HX-Push-Url"] == f"/reifegrad/bewertungen/{draft.pk}/schritt/3/"
    # the last step navigates to the result page instead of swapping it into the step region
    last = len(Q.dimensions)
    response = client.post(
        f"/reifegrad/bewertungen/{draft.pk}/schritt/{last}/",
        {**_step_answers(last), "go": "result"},
        **htmx,
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/reifegrad/bewertungen/{draft.pk}/"
    assert response.content == b""
    draft.refresh_from_db()
    assert services.answers_of(draft)[0] == full_answers("F")


def test_htmx_step_with_missing_answers_stays_and_pushes_nothing(client, city, editor):
    draft = services.assessment_create(organisation=city, actor=editor)
    client.force_login(editor)
    response = client.post(
        f"/reifegrad/bewertungen/{draft.pk}/schritt/2/", {"go": "next"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "HX-Push-Url" not in response
    assert "Schritt 2 von 8" in response.content.decode()
    assert "Bitte wählen Sie eine Antwort" in response.content.decode()
    assert services.answers_of(draft)[0] == {}
