# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Statements: the report form per call, drafts, the numerical statement, submission (with the
final statement's obligations), the office's review, the history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from stadtnetz.core.versioning import StaleVersion
from stadtnetz.grants.models import (
    Report,
    ReportExpenditure,
    ReportSection,
    SoftwareObligation,
)
from stadtnetz.grants.services import reports
from stadtnetz.grants.services.common import GrantError
from stadtnetz.grants.services.reports import ContractInput, ExpenditureInput

from .factories import YEAR, grantee_user, issued_notice, office_user

pytestmark = pytest.mark.django_db

INTERIM_ANSWERS = {"sachstand": "Plattform läuft.", "abweichungen": "Keine.", "ausblick": "Weiter."}
FINAL_ANSWERS = {"ergebnisse": "Alles gut.", "zielerreichung": "Ja.", "uebertragbarkeit": "Ja."}


@pytest.fixture
def notice():
    return issued_notice()


@pytest.fixture
def lead(notice):
    return grantee_user(notice.project.organisation)


def _interim(notice) -> Report:
    return notice.reports.get(kind="interim", period_year=YEAR)


def _final(notice) -> Report:
    return notice.reports.get(kind="final")


def _spent(year=YEAR, amount="1.234,50", phase="A", category="personnel"):
    return [ExpenditureInput(phase=phase, year=year, category=category, amount=amount)]


def _measure(project, title, status="done", software=None):
    from stadtnetz.projects.models import Measure

    measure = Measure.objects.create(project=project, title=title, description="x",
                                     spatial_effect="site", status=status)  # fmt: skip
    if software is not None:
        SoftwareObligation.objects.create(measure=measure, produces_software=software)
    return measure


def _lesson(project, measure):
    from stadtnetz.projects.models import Lesson

    return Lesson.objects.create(project=project, measure=measure, title=f"Lernen: {measure}")


def test_open_makes_the_default_form_once_and_records_the_draft(notice, lead):
    report = reports.report_open(actor=lead, report=_interim(notice))
    call = notice.application.call
    keys = list(
        ReportSection.objects.filter(call=call, kind="interim").values_list("key", flat=True)
    )
    assert keys == ["sachstand", "abweichungen", "ausblick"]
    assert ReportSection.objects.filter(call=call, kind="final").count() == 5
    reports.report_open(actor=lead, report=report)  # idempotent
    assert ReportSection.objects.filter(call=call).count() == 8
    assert [e.status for e in report.events.all()] == ["due", "draft"]


def test_sections_for_a_call_without_a_form_are_the_defaults_and_read_writes_nothing(notice):
    sections = reports.sections_for(_interim(notice))
    assert [s.title for s in sections] == ["Sachstand", "Abweichungen vom Plan", "Ausblick"]
    assert not ReportSection.objects.exists()


def test_save_answers_and_german_amounts(notice, lead):
    report = reports.report_save(actor=lead, report=_interim(notice), answers=INTERIM_ANSWERS,
                                 expenditures=_spent(), base_version=0)  # fmt: skip
    assert report.status == "draft" and report.version == 1
    assert report.answers["sachstand"] == "Plattform läuft."
    assert report.expenditures.get().amount == Decimal("1234.50")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"answers": {"sachstand": "x" * 5001}}, "answers.sachstand"),
        ({"answers": {"gibtsnicht": "x"}}, "answers.gibtsnicht"),
        ({"expenditures": _spent(amount="-5")}, "expenditures.0"),
        ({"expenditures": _spent(amount=Decimal("-5"))}, "expenditures.0"),
        ({"expenditures": _spent(amount="zwölf")}, "expenditures.0"),
        ({"expenditures": _spent(year=YEAR + 9)}, "expenditures.0"),
        ({"expenditures": _spent(year=YEAR + 1)}, "expenditures.0"),  # interim of YEAR
        ({"expenditures": _spent(category="gold")}, "expenditures.0"),
        ({"expenditures": _spent() + _spent()}, "expenditures.1"),
        ({"contracts": [ContractInput("Firma", "Software", "100", dt.date(YEAR, 5, 1))]},
         "contracts"),
    ],
)  # fmt: skip
def test_bad_statement_refused_at_the_field_nothing_saved(notice, lead, kwargs, field):
    report = _interim(notice)
    with pytest.raises(GrantError) as refused:
        reports.report_save(actor=lead, report=report,
                            **{"answers": {"ausblick": "gespeichert?"}, **kwargs})  # fmt: skip
    assert field in refused.value.message_dict
    report.refresh_from_db()
    assert report.status == "due" and report.answers == {} and report.version == 0
    assert not ReportExpenditure.objects.exists()


def test_final_statement_contracts_checked_against_the_period(notice, lead):
    report = _final(notice)
    with pytest.raises(GrantError) as refused:
        reports.report_save(actor=lead, report=report, contracts=[
            ContractInput("Firma", "Plattform", "50.000,00", "01.01.2000"),
        ])  # fmt: skip
    assert "contracts.0" in refused.value.message_dict
    reports.report_save(actor=lead, report=report, contracts=[
        ContractInput("Firma GmbH", "Plattform", "50.000,00", f"15.03.{YEAR + 1}", "offenes Verfahren"),
    ])  # fmt: skip
    contract = report.contracts.get()
    assert contract.amount == Decimal("50000.00") and contract.awarded_on == dt.date(
        YEAR + 1, 3, 15
    )


def test_stale_version_refused(notice, lead):
    report = reports.report_save(actor=lead, report=_interim(notice), answers={"sachstand": "A"})
    with pytest.raises(StaleVersion):
        reports.report_save(actor=lead, report=report, answers={"sachstand": "B"}, base_version=0)
    report.refresh_from_db()
    assert report.answers["sachstand"] == "A"


def test_members_read_but_do_not_write(notice):
    member = grantee_user(notice.project.organisation, "mitglied", role="member")
    with pytest.raises(PermissionDenied):
        reports.report_save(actor=member, report=_interim(notice), answers={"sachstand": "x"})
    with pytest.raises(PermissionDenied):
        reports.report_open(actor=office_user(), report=_interim(notice))


def test_submit_requires_the_sections_and_the_statement(notice, lead):
    report = reports.report_save(actor=lead, report=_interim(notice), answers={"sachstand": "x"})
    with pytest.raises(GrantError) as refused:
        reports.report_submit(actor=lead, report=report)
    assert {"answers.abweichungen", "answers.ausblick", "expenditures"} <= set(
        refused.value.message_dict
    )
    assert Report.objects.get(pk=report.pk).status == "draft"


def test_submit_review_and_history(notice, lead):
    office = office_user()
    report = reports.report_save(actor=lead, report=_interim(notice), answers=INTERIM_ANSWERS,
                                 expenditures=_spent())  # fmt: skip
    report = reports.report_submit(actor=lead, report=report, base_version=report.version)
    assert report.status == "submitted" and report.submitted_by == lead
    # duplicate submission: refused, nothing changes
    with pytest.raises(GrantError) as refused:
        reports.report_submit(actor=lead, report=report)
    assert "bereits am" in str(refused.value)
    assert report.events.filter(status="submitted").count() == 1
    with pytest.raises(GrantError):
        reports.report_save(actor=lead, report=report, answers={"sachstand": "neu"})
    with pytest.raises(PermissionDenied):
        reports.report_review(actor=lead, report=report, accept=True)
    with pytest.raises(GrantError) as refused:
        reports.report_review(actor=office, report=report, accept=False, reason="  ")
    assert "reason" in refused.value.message_dict
    report = reports.report_review(actor=office, report=report, accept=False,
                                   reason="Bitte Abweichungen erläutern.")  # fmt: skip
    assert report.status == "changes"
    report = reports.report_save(actor=lead, report=report, answers={"abweichungen": "Erläutert."})
    report = reports.report_submit(actor=lead, report=report)
    report = reports.report_review(actor=office, report=report, accept=True)
    assert [(e.status, e.note) for e in report.events.all()][1:] == [
        ("draft", "Entwurf begonnen"), ("submitted", ""),
        ("changes", "Bitte Abweichungen erläutern."), ("submitted", ""), ("accepted", ""),
    ]  # fmt: skip


def _final_ready(notice, lead) -> Report:
    return reports.report_save(actor=lead, report=_final(notice), answers=FINAL_ANSWERS,
                               expenditures=_spent(year=YEAR + 2, phase="B"))  # fmt: skip


def test_final_statement_blocked_by_a_software_measure_without_repository(notice, lead):
    project = notice.project
    app = _measure(project, "Bürger-App", software=True)
    _lesson(project, app)
    report = _final_ready(notice, lead)
    with pytest.raises(GrantError) as refused:
        reports.report_submit(actor=lead, report=report)
    message = " ".join(refused.value.message_dict["obligations"])
    assert "Bürger-App" in message and "Repository" in message
    assert Report.objects.get(pk=report.pk).status == "draft"
    # an exception recorded by the office lifts the block
    SoftwareObligation.objects.filter(measure=app).update(exception_reason="Lizenzfragen")
    assert reports.report_submit(actor=lead, report=report).status == "submitted"


def test_final_statement_needs_a_lesson_per_completed_measure(notice, lead):
    project = notice.project
    done = _measure(project, "Sensorik", status="done")
    _measure(project, "Laufend", status="in_progress")
    report = _final_ready(notice, lead)
    with pytest.raises(GrantError) as refused:
        reports.report_submit(actor=lead, report=report)
    message = " ".join(refused.value.message_dict["obligations"])
    assert "Sensorik" in message and "Laufend" not in message
    _lesson(project, done)
    assert reports.report_submit(actor=lead, report=report).status == "submitted"


def test_final_draft_prefilled_from_the_interim_statements(notice, lead):
    reports.report_save(actor=lead, report=_interim(notice), expenditures=_spent(amount="100"))
    final = reports.report_open(actor=lead, report=_final(notice))
    assert [(e.year, e.amount) for e in final.expenditures.all()] == [(YEAR, Decimal("100.00"))]
