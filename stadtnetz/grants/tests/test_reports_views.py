# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Pages of statements and change requests: German amounts and dates, errors at the field with
the input kept, another project's statement is a 404, the office's review and decision."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from stadtnetz.grants.models import ChangeRequest, Report, ReportSection
from stadtnetz.grants.selectors import current_plan

from .factories import YEAR, grantee_user, issued_notice, office_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice():
    return issued_notice()


@pytest.fixture
def lead(notice):
    return grantee_user(notice.project.organisation)


def _url(name, notice, *args):
    return reverse(f"grants:{name}", args=[notice.project.slug, *args])


def _interim(notice):
    return notice.reports.get(kind="interim", period_year=YEAR)


def test_list_shows_due_dates_in_german_and_flags_overdue(client, notice, lead):
    Report.objects.filter(pk=_interim(notice).pk).update(due_on="2020-04-30")
    client.force_login(lead)
    html = client.get(_url("report_list", notice)).content.decode()
    assert "30.04.2020" in html and "überfällig" in html
    assert f"Zwischennachweis {YEAR}" in html


def test_get_of_the_form_writes_nothing(client, notice, lead):
    client.force_login(lead)
    response = client.get(_url("report_edit", notice, _interim(notice).pk))
    assert response.status_code == 200 and "Sachstand" in response.content.decode()
    assert not ReportSection.objects.exists()
    assert _interim(notice).status == "due"


def test_save_then_submit_through_the_page(client, notice, lead):
    report = _interim(notice)
    client.force_login(lead)
    data = {"version": "0", "answer-sachstand": "Gut.", "answer-abweichungen": "Keine.",
            "answer-ausblick": "Weiter.", f"spent-A-{YEAR}-personnel": "12.500,50",
            "action": "submit"}  # fmt: skip
    response = client.post(_url("report_edit", notice, report.pk), data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
    assert report.expenditures.get().amount == Decimal("12500.50")
    detail = client.get(_url("report_detail", notice, report.pk)).content.decode()
    assert "12.500,50" in detail and "Verlauf des Nachweises" in detail


def test_negative_amount_refused_at_the_field_input_kept(client, notice, lead):
    report = _interim(notice)
    client.force_login(lead)
    response = client.post(_url("report_edit", notice, report.pk), {
        "version": "0", "answer-sachstand": "Mein Text", f"spent-A-{YEAR}-personnel": "-5",
        "action": "save",
    })  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_spent-A-{YEAR}-personnel-error"' in html and "negativ" in html
    assert "Mein Text" in html
    report.refresh_from_db()
    assert report.status == "due" and report.answers == {}


def test_another_projects_statement_is_404(client, notice, lead):
    other = issued_notice(ags="09162000", title="München smart")
    client.force_login(lead)
    foreign = _interim(other).pk
    assert client.get(_url("report_detail", notice, foreign)).status_code == 404
    assert client.post(_url("report_edit", notice, foreign), {"action": "save"}).status_code == 404
    assert client.get(_url("report_list", other)).status_code == 404


def test_office_requests_changes_with_a_reason(client, notice, lead):
    from stadtnetz.grants.services import reports
    from stadtnetz.grants.services.reports import ExpenditureInput

    report = reports.report_save(
        actor=lead, report=_interim(notice),
        answers={"sachstand": "a", "abweichungen": "b", "ausblick": "c"},
        expenditures=[ExpenditureInput("A", YEAR, "personnel", "1")],
    )  # fmt: skip
    reports.report_submit(actor=lead, report=report)
    client.force_login(office_user())
    url = _url("report_review", notice, report.pk)
    response = client.post(url, {"decision": "changes", "reason": ""})
    assert response.status_code == 400 and 'id="id_reason-error"' in response.content.decode()
    assert client.post(url, {"decision": "changes", "reason": "Zahlen prüfen"}).status_code == 302
    report.refresh_from_db()
    assert report.status == "changes"
    client.force_login(lead)
    html = client.get(_url("report_edit", notice, report.pk)).content.decode()
    assert "Zahlen prüfen" in html


def test_change_request_form_prefilled_and_a_negative_year_refused(client, notice, lead):
    client.force_login(lead)
    html = client.get(_url("change_new", notice)).content.decode()
    assert 'value="300.000,00"' in html
    response = client.post(_url("change_new", notice), {
        "kind": "budget", "reason": "Verschieben",
        f"costs-B-{YEAR + 1}-personnel": "-100.000,00",
        f"costs-B-{YEAR + 2}-personnel": "300.000,00",
    })  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="cell-B-{YEAR + 1}-personnel-error"' in html and "negativ" in html
    assert not ChangeRequest.objects.exists()


def test_change_request_filed_and_approved_through_the_pages(client, notice, lead):
    client.force_login(lead)
    form = client.get(_url("change_new", notice)).context
    data = {"kind": "budget", "reason": "Personal später"}
    for row in form["grid"]:
        data[f"costs-{row['key']}"] = row["costs"]
    data[f"costs-B-{YEAR + 1}-personnel"] = "200.000,00"
    data[f"costs-B-{YEAR + 2}-personnel"] = "400.000,00"
    response = client.post(_url("change_new", notice), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    change = ChangeRequest.objects.get()
    detail = client.get(_url("change_detail", notice, change.pk)).content.decode()
    assert "200.000,00" in detail and "300.000,00" in detail
    client.force_login(office_user())
    url = _url("change_decide", notice, change.pk)
    assert client.post(url, {"decision": "refuse"}).status_code == 400
    assert client.post(url, {"decision": "approve"}).status_code == 302
    assert current_plan(notice).number == 2
    html = client.get(_url("change_list", notice)).content.decode()
    assert 'id="plan-versions"' in html and "Personal später" not in html


def test_period_date_outside_refused_at_the_field(client, notice, lead):
    client.force_login(lead)
    response = client.post(_url("change_new", notice), {
        "kind": "period", "reason": "x", "period_end": f"{YEAR + 1}-01-01"})  # fmt: skip
    assert response.status_code == 400
    assert 'id="id_period_end-error"' in response.content.decode()
