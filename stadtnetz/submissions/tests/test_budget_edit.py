# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Issue 16 item 15: cost lines can be changed; own and third-party funds; phase maxima."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from stadtnetz.submissions import services
from stadtnetz.submissions.checks import application_check
from stadtnetz.submissions.models import BudgetLine, ChangeEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def line(application, editor):
    return services.budget_line_add(actor=editor, application=application, phase="A", year=2027,
                                    category="personnel", description="Projektleitung", amount="1000.00")  # fmt: skip


def _edit_url(line):
    return reverse("submissions:budget_line_edit", args=[line.application_id, line.pk])


def test_editor_changes_a_line_with_a_german_amount_and_the_history_keeps_both(
    client, editor, line
):
    client.force_login(editor)
    page = client.get(_edit_url(line))
    assert page.status_code == 200
    assert 'value="Projektleitung"' in page.content.decode()
    response = client.post(_edit_url(line), {"phase": "B", "year": "2028", "category": "material",
                                             "description": "Sensorik", "amount": "12.500,50"}, HTTP_ACCEPT_LANGUAGE="de")  # fmt: skip
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.phase, line.year, line.category, line.description, line.amount) == (
        "B", 2028, "material", "Sensorik", Decimal("12500.50"))  # fmt: skip
    event = ChangeEvent.objects.filter(kind="budget").first()
    assert "Projektleitung" in event.summary and "Sensorik" in event.summary
    assert event.actor == editor
    budget = client.get(reverse("submissions:budget", args=[line.application_id])).content.decode()
    assert (
        "12.500,50" in budget
        and reverse("submissions:budget_line_edit", args=[line.application_id, line.pk]) in budget
    )


@pytest.mark.parametrize(("field", "value", "message"), [
    ("amount", "-5", "greater than zero"), ("amount", "abc", "amount in euros"), ("amount", "1e12", "implausibly"),
    ("amount", "10.001", "two decimal"), ("category", "bribes", "Unknown cost category"), ("phase", "C", "phase A or B"),
    ("year", "1850", "year between"), ("description", "   ", "describe"), ("description", "a\x00b", "invalid"),
])  # fmt: skip
def test_hostile_changes_are_refused_and_nothing_changes(editor, line, field, value, message):
    data = {
        "phase": "A",
        "year": 2027,
        "category": "personnel",
        "description": "x",
        "amount": "10",
    } | {field: value}
    with pytest.raises(ValidationError) as info:
        services.budget_line_update(actor=editor, line=line, **data)
    assert message in " ".join(info.value.message_dict[field])
    line.refresh_from_db()
    assert (line.description, line.amount) == ("Projektleitung", Decimal("1000.00"))
    assert ChangeEvent.objects.filter(kind="budget").count() == 1  # only the "added" event


def test_bad_amount_in_the_form_is_shown_at_the_field(client, editor, line):
    client.force_login(editor)
    response = client.post(_edit_url(line), {"phase": "A", "year": "2027", "category": "personnel",
                                             "description": "x", "amount": "zwölf"})  # fmt: skip
    assert response.status_code == 400
    assert (
        'aria-invalid="true"' in response.content.decode() or "amount" in response.content.decode()
    )
    line.refresh_from_db()
    assert line.description == "Projektleitung"


def test_members_and_strangers_cannot_change_a_line(client, line, make_user, organisation):
    reader = organisation.memberships.get(role="member").user
    with pytest.raises(PermissionDenied):
        services.budget_line_update(actor=reader, line=line, phase="A", year=2027, category="personnel",
                                    description="Hack", amount="1")  # fmt: skip
    client.force_login(reader)
    assert client.post(_edit_url(line), {"phase": "A", "year": "2027", "category": "personnel",
                                          "description": "Hack", "amount": "1"}).status_code == 403  # fmt: skip
    client.force_login(make_user("fremd"))
    assert client.get(_edit_url(line)).status_code == 404
    line.refresh_from_db()
    assert line.description == "Projektleitung"


def test_a_line_of_another_application_is_not_found(client, editor, line, organisation):
    from stadtnetz.programmes.tests.factories import make_call

    other = services.application_create(actor=editor, call=make_call(code="zweiter"), organisation=organisation,
                                        title="Zweiter Antrag")  # fmt: skip
    client.force_login(editor)
    url = reverse("submissions:budget_line_edit", args=[other.pk, line.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"phase": "A", "year": "2027", "category": "personnel", "description": "x",
                             "amount": "1"}).status_code == 404  # fmt: skip
    line.refresh_from_db()
    assert line.description == "Projektleitung"


def test_own_and_third_party_funds_are_shown_and_checked(client, application, editor, line):
    services.budget_funding_update(actor=editor, application=application, third_party_funds_a="200.00",
                                   third_party_funds_b="")  # fmt: skip
    application.refresh_from_db()
    problems, summary = application_check(application)
    # 1,000 € costs at 65 %: grant 650, own contribution 350 = 200 third-party + 150 own funds
    assert (summary.grant, summary.third_party_funds, summary.own_funds) == (
        Decimal("650.00"), Decimal("200.00"), Decimal("150.00"))  # fmt: skip
    assert "budget_third_party_too_high" not in {p.code for p in problems}
    client.force_login(editor)
    page = client.get(
        reverse("submissions:budget", args=[application.pk]), HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert 'id="third-party">200,00' in page and 'id="own-funds">150,00' in page
    services.budget_funding_update(actor=editor, application=application, third_party_funds_a="400.00",
                                   third_party_funds_b="0")  # fmt: skip
    application.refresh_from_db()
    assert "budget_third_party_too_high" in {p.code for p in application_check(application)[0]}


@pytest.mark.parametrize("value", ["-1", "abc", "NaN", "1.001", "2e9"])
def test_hostile_third_party_funds_are_refused(application, editor, value):
    with pytest.raises(ValidationError) as info:
        services.budget_funding_update(actor=editor, application=application, third_party_funds_a=value,
                                       third_party_funds_b="5")  # fmt: skip
    assert "third_party_funds_a" in info.value.message_dict
    application.refresh_from_db()
    assert application.third_party_funds_b == 0


def test_the_funding_form_takes_german_amounts(client, application, editor):
    client.force_login(editor)
    response = client.post(reverse("submissions:budget", args=[application.pk]),
                           {"funding-third_party_funds_a": "1.250,50", "funding-third_party_funds_b": ""})  # fmt: skip
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.third_party_funds_a == Decimal("1250.50")
    assert not BudgetLine.objects.filter(application=application).exists()


def test_the_plan_warns_at_once_when_a_phase_maximum_is_exceeded(client, application, editor, call):
    client.force_login(editor)
    response = client.post(reverse("submissions:budget", args=[application.pk]), {
        "phase": "A", "year": "2027", "category": "investment", "description": "Rechenzentrum",
        "amount": "4.000.000,00"}, follow=True, HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    from django.utils import translation

    page = response.content.decode()
    with translation.override("de"):
        expected = [
            p.message
            for p in application_check(application)[0]
            if p.code == "phase_maximum_exceeded"
        ]
        above = str(translation.gettext("above the maximum"))
    assert expected and expected[0] in page and "2.500.000,00" in expected[0]
    assert page.count(expected[0]) == 2  # the message after writing and the plan's warning
    assert above in page
