# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Issuing a grant notice: the plan carried over, the schedule, the phases, the refusals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from stadtnetz.grants.models import GrantNotice, PlanLine, Report
from stadtnetz.grants.selectors import approved_grant, current_plan
from stadtnetz.grants.services.common import GrantError
from stadtnetz.grants.services.notice import LineInput, notice_issue

from .factories import YEAR, grantee_user, issued_notice, office_user, selected_case

pytestmark = pytest.mark.django_db


def test_plan_carried_over_at_65_percent_rounded_down_per_cell():
    notice = issued_notice()
    assert notice.funding_rate == Decimal("65.00")
    assert notice.reference.startswith("MPSC-")
    lines = {(x.phase, x.year, x.category): x for x in current_plan(notice).lines.all()}
    assert lines[("A", YEAR, "personnel")].eligible_costs == Decimal("120000.00")
    assert lines[("A", YEAR, "personnel")].grant == Decimal("78000.00")
    assert approved_grant(notice, phase="A") == Decimal("130000.00")
    assert approved_grant(notice, phase="B", year=YEAR + 1) == Decimal("520000.00")


def test_schedule_interim_per_year_and_final_after_the_end():
    notice = issued_notice()
    reports = list(Report.objects.filter(notice=notice).order_by("due_on"))
    assert [(r.kind, r.period_year) for r in reports] == [
        ("interim", YEAR),
        ("interim", YEAR + 1),
        ("final", None),
    ]
    assert reports[0].due_on == dt.date(YEAR + 1, 4, 30)
    assert reports[-1].due_on == dt.date(YEAR + 3, 6, 30)
    assert reports[0].events.get().status == "due"


def test_phases_recorded_on_the_project():
    notice = issued_notice()
    phases = {p.phase: p for p in notice.project.phases.all()}
    assert phases["A"].status == "running" and phases["B"].status == "planned"
    assert phases["A"].grant == Decimal("130000.00")


def test_direct_start_in_phase_b_drops_phase_a_lines():
    notice = issued_notice(starts_in_phase="B")
    assert not PlanLine.objects.filter(version__notice=notice, phase="A").exists()
    assert notice.project.phases.get(phase="A").status == "skipped"


def test_only_the_office_issues():
    case = selected_case()
    lead = grantee_user(case.application.organisation)
    with pytest.raises(PermissionDenied):
        notice_issue(actor=lead, case=case, period_start=dt.date(YEAR, 1, 1),
                     period_end=dt.date(YEAR + 2, 12, 31))  # fmt: skip
    assert not GrantNotice.objects.exists()


@pytest.mark.parametrize(
    ("lines", "field"),
    [
        ([LineInput("A", YEAR, "personnel", "-5")], "lines.0"),
        ([LineInput("A", YEAR, "personnel", "zwölf")], "lines.0"),
        ([LineInput("A", YEAR + 9, "personnel", "100")], "lines.0"),
        ([LineInput("A", YEAR, "gold", "100")], "lines.0"),
        ([LineInput("A", YEAR, "personnel", "100", grant="100")], "lines.0"),
        ([], "lines"),
    ],
)
def test_bad_lines_refused_at_the_field_nothing_saved(lines, field):
    case = selected_case()
    with pytest.raises(GrantError) as error:
        notice_issue(actor=office_user(), case=case, period_start=dt.date(YEAR, 1, 1),
                     period_end=dt.date(YEAR + 2, 12, 31), lines=lines)  # fmt: skip
    assert field in error.value.message_dict
    assert not GrantNotice.objects.exists()


def test_german_amounts_accepted_and_second_notice_refused():
    case = selected_case()
    notice = notice_issue(actor=office_user(), case=case, period_start=dt.date(YEAR, 1, 1),
                          period_end=dt.date(YEAR + 2, 12, 31),
                          lines=[LineInput("A", YEAR, "personnel", "12.500,50")])  # fmt: skip
    assert current_plan(notice).lines.get().eligible_costs == Decimal("12500.50")
    with pytest.raises(GrantError):
        notice_issue(actor=office_user(), case=case, period_start=dt.date(YEAR, 1, 1),
                     period_end=dt.date(YEAR + 2, 12, 31))  # fmt: skip
    assert GrantNotice.objects.count() == 1
