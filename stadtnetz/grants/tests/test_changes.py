# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Change requests: budget shifts (a new plan version on approval), a longer period, milestone
changes; the refusals at the field; withdraw; previous plan versions stay."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from stadtnetz.grants.models import ChangeRequest, Milestone, PlanVersion
from stadtnetz.grants.selectors import current_plan
from stadtnetz.grants.services import changes
from stadtnetz.grants.services.common import GrantError
from stadtnetz.grants.services.notice import LineInput

from .factories import BUDGET, YEAR, grantee_user, issued_notice, office_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice():
    return issued_notice()


@pytest.fixture
def lead(notice):
    return grantee_user(notice.project.organisation)


def _plan(**override) -> list[LineInput]:
    """The plan as approved, with (phase, year, category) → costs overridden."""
    cells = {(p, y, c): a for p, y, c, a in BUDGET} | override.pop("cells", {})
    return [LineInput(phase=p, year=y, category=c, eligible_costs=a)
            for (p, y, c), a in cells.items()]  # fmt: skip


def _shift():
    """100.000 EUR of personnel from YEAR+1 to YEAR+2."""
    return _plan(cells={("B", YEAR + 1, "personnel"): "200000.00",
                        ("B", YEAR + 2, "personnel"): "400.000,00"})  # fmt: skip


def test_budget_shift_approved_becomes_version_2_and_version_1_stays(notice, lead):
    change = changes.change_request_create(actor=lead, notice=notice, kind="budget",
                                           reason="Personal später", lines=_shift())  # fmt: skip
    assert change.status == "submitted"
    assert current_plan(notice).number == 1
    changes.change_request_decide(actor=office_user(), change=change, approve=True)
    plan = current_plan(notice)
    assert plan.number == 2 and plan.change_request == change
    cells = {(x.phase, x.year, x.category): x for x in plan.lines.all()}
    assert cells[("B", YEAR + 2, "personnel")].grant == Decimal("260000.00")
    assert cells[("B", YEAR + 1, "personnel")].eligible_costs == Decimal("200000.00")
    old = PlanVersion.objects.get(notice=notice, number=1)
    assert {
        (x.year, x.eligible_costs) for x in old.lines.filter(category="personnel", phase="B")
    } == {(YEAR + 1, Decimal("300000.00")), (YEAR + 2, Decimal("300000.00"))}


@pytest.mark.parametrize(
    ("lines", "field"),
    [
        (_plan(cells={("B", YEAR + 1, "personnel"): "-100000"}), "lines.2"),
        (_plan(cells={("B", YEAR + 9, "personnel"): "100"}), "lines.6"),
        (_plan(cells={("B", YEAR + 1, "personnel"): "400000"}), "lines"),  # more grant in total
        (_plan(), "lines"),  # no change
        ([LineInput("B", YEAR + 1, "personnel", "300000", grant="300000")] + _plan()[1:], "lines.0"),
        ([], "lines"),
    ],
)  # fmt: skip
def test_bad_budget_changes_refused_nothing_saved(notice, lead, lines, field):
    with pytest.raises(GrantError) as refused:
        changes.change_request_create(actor=lead, notice=notice, kind="budget", reason="x",
                                      lines=lines)  # fmt: skip
    assert field in refused.value.message_dict
    assert not ChangeRequest.objects.exists()


def test_reason_required_and_one_open_request_per_kind(notice, lead):
    with pytest.raises(GrantError) as refused:
        changes.change_request_create(actor=lead, notice=notice, kind="budget", reason=" ",
                                      lines=_shift())  # fmt: skip
    assert "reason" in refused.value.message_dict
    changes.change_request_create(actor=lead, notice=notice, kind="budget", reason="x",
                                  lines=_shift())  # fmt: skip
    with pytest.raises(GrantError) as refused:
        changes.change_request_create(actor=lead, notice=notice, kind="budget", reason="y",
                                      lines=_shift())  # fmt: skip
    assert "kind" in refused.value.message_dict


def test_period_extension_moves_the_schedule(notice, lead):
    with pytest.raises(GrantError) as refused:
        changes.change_request_create(actor=lead, notice=notice, kind="period", reason="x",
                                      period_end=dt.date(YEAR + 1, 6, 30))  # fmt: skip
    assert "period_end" in refused.value.message_dict
    with pytest.raises(GrantError) as refused:  # beyond the call's 84 months
        changes.change_request_create(actor=lead, notice=notice, kind="period", reason="x",
                                      period_end=dt.date(YEAR + 9, 6, 30))  # fmt: skip
    assert "period_end" in refused.value.message_dict
    change = changes.change_request_create(actor=lead, notice=notice, kind="period",
                                           reason="Lieferverzug", period_end=f"30.06.{YEAR + 3}")  # fmt: skip
    changes.change_request_decide(actor=office_user(), change=change, approve=True, reason="ok")
    notice.refresh_from_db()
    assert notice.period_end == dt.date(YEAR + 3, 6, 30)
    plan = current_plan(notice)
    assert plan.number == 2 and plan.period_end == dt.date(YEAR + 3, 6, 30)
    assert plan.lines.count() == len(BUDGET)
    assert notice.reports.filter(kind="interim", period_year=YEAR + 2).exists()
    assert notice.reports.get(kind="final").due_on == dt.date(YEAR + 3, 12, 30)
    assert notice.project.phases.get(phase="B").ends_on == dt.date(YEAR + 3, 6, 30)


def test_milestone_changes(notice, lead):
    from stadtnetz.projects.models import Measure

    measure = Measure.objects.create(project=notice.project, title="App", description="x",
                                     spatial_effect="site", status="in_progress")  # fmt: skip
    milestone = Milestone.objects.create(measure=measure, title="Beta", due_on=dt.date(YEAR, 9, 1))
    for bad in ({"id": milestone.pk, "due_on": f"{YEAR + 5}-01-01"},
                {"id": milestone.pk, "status": "reached"},
                {"id": 999999, "status": "late"},
                {"id": milestone.pk}):  # fmt: skip
        with pytest.raises(GrantError) as refused:
            changes.change_request_create(actor=lead, notice=notice, kind="milestones",
                                          reason="x", milestone_changes=[bad])  # fmt: skip
        assert "milestone_changes.0" in refused.value.message_dict
    change = changes.change_request_create(
        actor=lead,
        notice=notice,
        kind="milestones",
        reason="Verzug",
        milestone_changes=[{"id": milestone.pk, "due_on": f"01.03.{YEAR + 1}", "status": "late"}],
    )
    changes.change_request_decide(actor=office_user(), change=change, approve=True)
    milestone.refresh_from_db()
    assert milestone.due_on == dt.date(YEAR + 1, 3, 1) and milestone.status == "late"


def test_refuse_needs_a_reason_withdraw_and_permissions(notice, lead):
    office = office_user()
    change = changes.change_request_create(actor=lead, notice=notice, kind="budget", reason="x",
                                           lines=_shift())  # fmt: skip
    member = grantee_user(notice.project.organisation, "mitglied", role="member")
    with pytest.raises(PermissionDenied):
        changes.change_request_create(actor=member, notice=notice, kind="period", reason="x",
                                      period_end=dt.date(YEAR + 3, 6, 30))  # fmt: skip
    with pytest.raises(PermissionDenied):
        changes.change_request_decide(actor=lead, change=change, approve=True)
    with pytest.raises(GrantError) as refused:
        changes.change_request_decide(actor=office, change=change, approve=False)
    assert "reason" in refused.value.message_dict
    changes.change_request_decide(actor=office, change=change, approve=False, reason="Nein")
    change.refresh_from_db()
    assert change.status == "refused" and change.decision_reason == "Nein"
    assert current_plan(notice).number == 1
    with pytest.raises(GrantError):
        changes.change_request_withdraw(actor=lead, change=change)
    second = changes.change_request_create(actor=lead, notice=notice, kind="budget", reason="y",
                                           lines=_shift())  # fmt: skip
    changes.change_request_withdraw(actor=lead, change=second)
    second.refresh_from_db()
    assert second.status == "withdrawn"
    with pytest.raises(GrantError):
        changes.change_request_decide(actor=office, change=second, approve=True)


def test_shift_below_what_was_already_requested_is_refused(notice, lead):
    from stadtnetz.grants.models import PaymentLine, PaymentRequest

    request = PaymentRequest.objects.create(notice=notice, number=1, phase="A", year=YEAR,
                                            due_by=dt.date(YEAR, 3, 1), status="submitted")  # fmt: skip
    PaymentLine.objects.create(request=request, category="personnel",
                               expenditure=Decimal("100000"), grant=Decimal("65000"))  # fmt: skip
    lines = _plan(cells={("A", YEAR, "personnel"): "0", ("A", YEAR, "third_party"): "0",
                         ("B", YEAR + 1, "personnel"): "500000"})  # fmt: skip
    with pytest.raises(GrantError) as refused:
        changes.change_request_create(actor=lead, notice=notice, kind="budget", reason="x",
                                      lines=lines)  # fmt: skip
    assert "65.000,00" in " ".join(refused.value.message_dict["lines"])
