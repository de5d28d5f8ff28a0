# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from stadtnetz.submissions import services
from stadtnetz.submissions.budget import grant_for, summarise
from stadtnetz.submissions.models import BudgetLine

pytestmark = pytest.mark.django_db


def test_grant_rounds_down_to_the_cent_and_parts_add_up():
    lines = [{"phase": "A", "year": 2027, "category": "personnel", "amount": "100000.00"},
             {"phase": "B", "year": 2028, "category": "investment", "amount": "333333.33"},
             {"phase": "B", "year": 2028, "category": "other", "amount": "0.01"}]  # fmt: skip
    summary = summarise(lines, rate=Decimal("65.00"), hardship=False)
    assert summary.total == Decimal("433333.34")
    assert summary.grant_by_phase == {
        "A": Decimal("65000.00"),
        "B": Decimal("216666.67"),
    }  # 216666.6710 → down
    assert summary.grant == Decimal("281666.67")
    assert summary.own_contribution == Decimal("151666.67")
    assert summary.by_year == {2027: Decimal("100000.00"), 2028: Decimal("333333.34")}
    assert summary.by_category["investment"] == Decimal("333333.33")


@given(st.lists(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2), min_size=1, max_size=20),
       st.sampled_from([Decimal("65.00"), Decimal("90.00"), Decimal("33.33")]))  # fmt: skip
def test_grant_never_exceeds_rate_and_sums_are_exact(amounts, rate):
    lines = [
        {"phase": "AB"[i % 2], "year": 2027, "category": "other", "amount": a}
        for i, a in enumerate(amounts)
    ]
    summary = summarise(lines, rate=rate, hardship=False)
    assert summary.grant + summary.own_contribution == summary.total == sum(amounts)
    assert summary.grant <= summary.total * rate / 100
    assert summary.total * rate / 100 - summary.grant < Decimal("0.02")
    assert summary.grant == summary.grant.quantize(Decimal("0.01"))
    assert grant_for(Decimal("0.01"), rate) == Decimal("0.00")


def test_hardship_rate_applies_once_the_office_approved_the_request(
    application, editor, organisation, office
):
    from stadtnetz.submissions.checks import application_check

    services.budget_line_add(actor=editor, application=application, phase="A", year=2027, category="material",
                             description="Workshops", amount="1000.00")  # fmt: skip
    _problems, summary = application_check(application)
    assert (summary.rate, summary.grant) == (Decimal("65.00"), Decimal("650.00"))
    organisation.in_budgetary_hardship = True  # the organisation's own flag alone: still 65 %
    organisation.save()
    application = type(application).objects.get(pk=application.pk)
    assert application_check(application)[1].rate == Decimal("65.00")
    request = services.hardship_request_create(actor=editor, application=application, reason="HSK",
                                               proof_name="hsk.pdf", proof_data=b"%PDF-1.7\n")  # fmt: skip
    services.hardship_request_decide(actor=office, request=request, approve=True)
    application = type(application).objects.get(pk=application.pk)
    _problems, summary = application_check(application)
    assert (summary.rate, summary.hardship, summary.grant, summary.own_contribution) == (
        Decimal("90.00"), True, Decimal("900.00"), Decimal("100.00"))  # fmt: skip


@pytest.mark.parametrize(("field", "value", "message"), [
    ("amount", "-5", "greater than zero"), ("amount", "abc", "amount in euros"), ("amount", "1e12", "implausibly"),
    ("amount", "NaN", "amount in euros"), ("amount", "10.001", "two decimal"), ("amount", "0", "greater than zero"),
    ("category", "bribes", "Unknown cost category"), ("phase", "C", "phase A or B"), ("year", "1850", "year between"),
    ("description", "   ", "describe"),
])  # fmt: skip
def test_bad_budget_input_is_refused_and_nothing_saved(application, editor, field, value, message):
    data = {
        "phase": "A",
        "year": 2027,
        "category": "personnel",
        "description": "x",
        "amount": "10",
    } | {field: value}
    with pytest.raises(ValidationError) as info:
        services.budget_line_add(actor=editor, application=application, **data)
    assert message in " ".join(info.value.message_dict[field])
    assert not BudgetLine.objects.exists()


def test_phase_maxima_and_duration_are_checked(application, editor):
    import datetime as dt

    from stadtnetz.submissions.checks import application_check

    services.application_update_details(actor=editor, application=application, title="T",
                                        starts_on=dt.date(2027, 7, 1), duration_months=120)  # fmt: skip
    services.budget_line_add(actor=editor, application=application, phase="A", year=2027, category="personnel",
                             description="Viel", amount="4000000")  # fmt: skip
    services.budget_line_add(actor=editor, application=application, phase="B", year=2040, category="personnel",
                             description="Spät", amount="1000")  # fmt: skip
    application.refresh_from_db()
    codes = {p.code for p in application_check(application)[0]}
    assert {"phase_maximum_exceeded", "duration_too_long", "budget_year_outside"} <= codes
