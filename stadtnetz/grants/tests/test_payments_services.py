# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Payment requests: the draft, the checks (each refused at its field, nothing half-saved), the
four-eyes review, the events appended and the cumulative limit across several requests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from stadtnetz.core.versioning import StaleVersion
from stadtnetz.grants.models import (
    GrantSettings,
    PaymentEvent,
    PaymentLine,
    PaymentRequest,
    StrategyDocument,
)
from stadtnetz.grants.services import payments as svc
from stadtnetz.grants.services.common import GrantError

from .factories import YEAR, grantee_user, issued_notice, office_user

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
SOON = TODAY + dt.timedelta(days=14)


@pytest.fixture
def notice():
    return issued_notice()


@pytest.fixture
def lead(notice):
    return grantee_user(notice.project.organisation)


def draft(notice, lead, amounts=None, **fields):
    values = {"phase": "A", "year": YEAR, "due_by": SOON} | fields
    return svc.payment_save(actor=lead, notice=notice, amounts={"personnel": "10.000,00"} if amounts is None else amounts,
                            **values)  # fmt: skip


def approve_strategy(notice):
    StrategyDocument.objects.create(
        notice=notice, name="strategie.pdf", kind="pdf", content_type="application/pdf", size=1,
        sha256="0" * 64, path=f"strategy/{notice.pk}.pdf", state="approved", approved_on=TODAY,
    )  # fmt: skip


def statuses(request):
    return list(request.events.order_by("at", "pk").values_list("status", flat=True))


def test_draft_lines_carry_the_grant_at_the_rate_rounded_down(notice, lead):
    request = draft(notice, lead, {"personnel": "12.500,01", "third_party": "1000", "other": ""})
    lines = {line.category: line for line in request.lines.all()}
    assert set(lines) == {"personnel", "third_party"}
    assert lines["personnel"].expenditure == Decimal("12500.01")
    assert lines["personnel"].grant == Decimal("8125.00")  # 8125.0065 rounded down
    assert lines["third_party"].grant == Decimal("650.00")
    assert request.number == 1 and request.status == "draft"
    assert statuses(request) == ["draft"]
    assert request.events.get().actor == lead


def test_the_whole_flow_appends_one_event_per_state_change(notice, lead):
    first, second = office_user("office1"), office_user("office2")
    request = draft(notice, lead)
    request = svc.payment_submit(actor=lead, request=request)
    request = svc.payment_check(actor=first, request=request, note="Belege plausibel")
    request = svc.payment_release(actor=second, request=request)
    request = svc.payment_pay(actor=second, request=request, paid_on=TODAY)
    request.refresh_from_db()
    assert request.status == "paid" and request.paid_on == TODAY
    assert request.checked_by == first and request.released_by == second
    assert statuses(request) == ["draft", "submitted", "checked", "released", "paid"]
    events = list(request.events.order_by("pk"))
    assert [e.actor for e in events] == [lead, lead, first, second, second]
    assert events[2].note == "Belege plausibel"


def test_four_eyes_the_checker_cannot_release_a_second_officer_can(notice, lead):
    first, second = office_user("office1"), office_user("office2")
    request = svc.payment_submit(actor=lead, request=draft(notice, lead))
    request = svc.payment_check(actor=first, request=request)
    with pytest.raises(GrantError) as error:
        svc.payment_release(actor=first, request=request)
    assert "Vier-Augen-Prinzip" in error.value.message_dict["__all__"][0]
    request.refresh_from_db()
    assert request.status == "checked" and request.released_by is None
    assert statuses(request) == ["draft", "submitted", "checked"]
    svc.payment_release(actor=second, request=request)
    request.refresh_from_db()
    assert request.status == "released"


def test_four_eyes_database_constraint_refuses_a_direct_write(notice, lead):
    first = office_user("office1")
    request = svc.payment_check(
        actor=first, request=svc.payment_submit(actor=lead, request=draft(notice, lead))
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentRequest.objects.filter(pk=request.pk).update(released_by=first, status="released")
    request.refresh_from_db()
    assert request.released_by is None


def test_grantee_cannot_act_for_the_office_nor_the_office_for_the_grantee(notice, lead):
    request = draft(notice, lead)
    with pytest.raises(PermissionDenied):
        svc.payment_submit(actor=office_user(), request=request)
    request = svc.payment_submit(actor=lead, request=request)
    for action in (svc.payment_check, svc.payment_release):
        with pytest.raises(PermissionDenied):
            action(actor=lead, request=request)
    member = grantee_user(notice.project.organisation, "member", role="member")
    with pytest.raises(PermissionDenied):
        draft(notice, member)
    assert statuses(request) == ["draft", "submitted"]


def test_double_submission_is_idempotent_and_appends_one_event(notice, lead):
    request = draft(notice, lead)
    svc.payment_submit(actor=lead, request=request)
    again = svc.payment_submit(actor=lead, request=request)
    assert again.status == "submitted"
    assert statuses(request) == ["draft", "submitted"]
    # Another editor's second submission is refused, not repeated.
    other = grantee_user(notice.project.organisation, "second-editor")
    with pytest.raises(GrantError):
        svc.payment_submit(actor=other, request=request)
    first = office_user("office1")
    svc.payment_check(actor=first, request=request)
    svc.payment_check(actor=first, request=request)
    assert statuses(request) == ["draft", "submitted", "checked"]


def test_changes_requested_back_to_the_grantee_then_the_check_starts_over(notice, lead):
    first, second = office_user("office1"), office_user("office2")
    request = svc.payment_check(
        actor=first, request=svc.payment_submit(actor=lead, request=draft(notice, lead))
    )
    with pytest.raises(GrantError) as error:
        svc.payment_request_changes(actor=second, request=request, reason="  ")
    assert "reason" in error.value.message_dict
    svc.payment_request_changes(actor=second, request=request, reason="Beleg fehlt")
    request.refresh_from_db()
    assert request.status == "changes" and request.checked_by is None
    request = svc.payment_save(actor=lead, notice=notice, request=request, phase="A", year=YEAR,
                               due_by=SOON, amounts={"personnel": "9000"}, base_version=request.version)  # fmt: skip
    svc.payment_submit(actor=lead, request=request)
    svc.payment_check(actor=first, request=request)
    svc.payment_release(actor=second, request=request)
    assert statuses(request) == [
        "draft",
        "submitted",
        "checked",
        "changes",
        "submitted",
        "checked",
        "released",
    ]
    assert request.events.get(status="changes").note == "Beleg fehlt"


def test_withdraw_until_released_only(notice, lead):
    request = svc.payment_submit(actor=lead, request=draft(notice, lead))
    svc.payment_withdraw(actor=lead, request=request)
    request.refresh_from_db()
    assert request.status == "withdrawn"
    second = draft(notice, lead)  # no longer open: a new one may start
    first_officer, other_officer = office_user("office1"), office_user("office2")
    svc.payment_submit(actor=lead, request=second)
    svc.payment_check(actor=first_officer, request=second)
    svc.payment_release(actor=other_officer, request=second)
    with pytest.raises(GrantError):
        svc.payment_withdraw(actor=lead, request=second)
    assert statuses(second)[-1] == "released"


def test_pay_only_after_release_with_a_date(notice, lead):
    request = svc.payment_submit(actor=lead, request=draft(notice, lead))
    with pytest.raises(GrantError):
        svc.payment_pay(actor=office_user(), request=request, paid_on=TODAY)
    svc.payment_check(actor=office_user("office1"), request=request)
    svc.payment_release(actor=office_user("office2"), request=request)
    with pytest.raises(GrantError) as error:
        svc.payment_pay(actor=office_user(), request=request, paid_on=None)
    assert "paid_on" in error.value.message_dict
    with pytest.raises(GrantError) as error:
        svc.payment_pay(actor=office_user(), request=request, paid_on=TODAY + dt.timedelta(days=3))
    assert "paid_on" in error.value.message_dict
    request.refresh_from_db()
    assert request.status == "released" and request.paid_on is None


@pytest.mark.parametrize(
    ("amounts", "field"),
    [
        ({"personnel": "-5"}, "amounts.personnel"),
        ({"personnel": "0"}, "amounts.personnel"),
        ({"personnel": "0,00"}, "amounts.personnel"),
        ({"personnel": "zwölf"}, "amounts.personnel"),
        ({"personnel": "1e5"}, "amounts.personnel"),
        ({"personnel": "NaN"}, "amounts.personnel"),
        ({"personnel": "12,345"}, "amounts.personnel"),  # three decimals in German
        ({"gold": "100"}, "amounts.gold"),
        ({"personnel": ""}, "amounts"),
        ({}, "amounts"),
    ],
)
def test_bad_amounts_refused_at_the_field_nothing_saved(notice, lead, amounts, field):
    with pytest.raises(GrantError) as error:
        draft(notice, lead, amounts)
    assert field in error.value.message_dict
    assert not PaymentRequest.objects.exists() and not PaymentLine.objects.exists()
    assert not PaymentEvent.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"year": YEAR + 5}, "year"),
        ({"year": YEAR - 1}, "year"),
        ({"year": "zwei"}, "year"),
        ({"year": YEAR + 1}, "year"),  # no phase A grant approved in that year
        ({"phase": "C"}, "phase"),
        ({"due_by": TODAY - dt.timedelta(days=1)}, "due_by"),
        ({"due_by": TODAY + dt.timedelta(weeks=6, days=1)}, "due_by"),
        ({"due_by": None}, "due_by"),
        ({"phase": "B", "year": YEAR + 1}, "phase"),  # phase B before the strategy is approved
    ],
)
def test_bad_fields_refused_at_the_field_nothing_saved(notice, lead, fields, field):
    with pytest.raises(GrantError) as error:
        draft(notice, lead, **fields)
    assert field in error.value.message_dict, error.value.message_dict
    assert not PaymentRequest.objects.exists()


def test_the_payment_window_is_the_calls_setting(notice, lead):
    GrantSettings.objects.update_or_create(
        call=notice.application.call, defaults={"payment_window_weeks": 2}
    )
    with pytest.raises(GrantError) as error:
        draft(notice, lead, due_by=TODAY + dt.timedelta(weeks=2, days=1))
    assert "2 Wochen" in error.value.message_dict["due_by"][0]
    assert draft(notice, lead, due_by=TODAY + dt.timedelta(weeks=2)).pk


def test_phase_b_after_the_strategy_and_phase_a_closed_then(notice, lead):
    approve_strategy(notice)
    request = draft(notice, lead, phase="B", year=YEAR + 1, amounts={"investment": "100.000,00"})
    assert request.lines.get().grant == Decimal("65000.00")
    svc.payment_withdraw(actor=lead, request=request)
    with pytest.raises(GrantError) as error:
        draft(notice, lead)
    assert "Phase A" in error.value.message_dict["phase"][0]


def test_a_completed_phase_is_closed(notice, lead):
    notice.project.phases.filter(phase="A").update(status="completed")
    with pytest.raises(GrantError) as error:
        draft(notice, lead)
    assert "phase" in error.value.message_dict


def test_direct_start_in_phase_b_has_no_phase_a():
    notice = issued_notice(starts_in_phase="B", ags="09162000", title="München")
    editor = grantee_user(notice.project.organisation, "muc")
    with pytest.raises(GrantError) as error:
        draft(notice, editor)
    assert "phase" in error.value.message_dict
    assert draft(notice, editor, phase="B", year=YEAR + 1).status == "draft"


def test_one_open_request_at_a_time_unless_allowed(notice, lead):
    draft(notice, lead)
    with pytest.raises(GrantError) as error:
        draft(notice, lead)
    assert "Mittelabruf Nr. 1 ist noch offen" in error.value.message_dict["__all__"][0]
    assert PaymentRequest.objects.count() == 1
    notice.allow_parallel_payment_requests = True
    notice.save()
    assert draft(notice, lead).number == 2


def test_cumulative_limit_across_several_requests(notice, lead):
    """Phase A, this year: approved 78.000 (personnel) + 52.000 (third party) = 130.000 €."""
    notice.allow_parallel_payment_requests = True
    notice.save()
    # 100.000 € expenditure → 65.000 € grant, twice = 130.000 €: exactly the approved grant.
    one = svc.payment_submit(actor=lead, request=draft(notice, lead, {"personnel": "100.000,00"}))
    two = draft(notice, lead, {"third_party": "100.000,00"})
    svc.payment_submit(actor=lead, request=two)
    # A third one cent above the rest is refused, at save and (a draft saved earlier) at submit.
    three = draft(notice, lead, {"other": "0,01"})  # grant 0,00 € fits
    with pytest.raises(GrantError) as error:
        draft(notice, lead, {"other": "2,00"})
    assert "amounts" in error.value.message_dict
    assert "0,00" in error.value.message_dict["amounts"][0]
    assert svc.payment_submit(actor=lead, request=three).status == "submitted"
    # A withdrawn request frees its share; a draft saved before the others were submitted is
    # checked again when it is submitted.
    svc.payment_withdraw(actor=lead, request=one)
    four = draft(notice, lead, {"personnel": "100.000,00"})
    five = draft(notice, lead, {"personnel": "50.000,00"})
    svc.payment_submit(actor=lead, request=four)
    with pytest.raises(GrantError) as error:
        svc.payment_submit(actor=lead, request=five)
    assert "amounts" in error.value.message_dict
    five.refresh_from_db()
    assert five.status == "draft" and statuses(five) == ["draft"]


def test_edit_with_a_stale_version_saves_nothing(notice, lead):
    request = draft(notice, lead)
    version = request.version
    svc.payment_save(actor=lead, notice=notice, request=request, phase="A", year=YEAR, due_by=SOON,
                     amounts={"personnel": "11.000"}, base_version=version)  # fmt: skip
    with pytest.raises(StaleVersion):
        svc.payment_save(actor=lead, notice=notice, request=request, phase="A", year=YEAR,
                         due_by=SOON, amounts={"personnel": "12.000"}, base_version=version)  # fmt: skip
    assert request.lines.get().expenditure == Decimal("11000.00")
    # The same values again with the old version (a double POST) are no conflict.
    svc.payment_save(actor=lead, notice=notice, request=request, phase="A", year=YEAR, due_by=SOON,
                     amounts={"personnel": "11.000"}, base_version=version)  # fmt: skip


def test_only_drafts_and_sent_back_requests_are_edited(notice, lead):
    request = svc.payment_submit(actor=lead, request=draft(notice, lead))
    with pytest.raises(GrantError):
        svc.payment_save(actor=lead, notice=notice, request=request, phase="A", year=YEAR,
                         due_by=SOON, amounts={"personnel": "1"})  # fmt: skip
    assert request.lines.get().expenditure == Decimal("10000.00")


def test_check_tells_the_other_officers_and_changes_tell_the_grantee(notice, lead):
    from stadtnetz.notifications.models import Notification

    first, second = office_user("office1"), office_user("office2")
    member = grantee_user(notice.project.organisation, "member", role="member")
    request = svc.payment_submit(actor=lead, request=draft(notice, lead))
    svc.payment_check(actor=first, request=request)
    second_approval = Notification.objects.filter(event_type="payment_second_approval")
    assert {n.recipient for n in second_approval} == {second}  # not the checker
    assert second_approval.get().url.endswith("/zuwendung/mittelabrufe/1/")
    svc.payment_request_changes(actor=second, request=request, reason="Beleg fehlt")
    changes = Notification.objects.filter(event_type="change_requested")
    assert {n.recipient for n in changes} == {lead}  # editors, not the member
    assert member not in {n.recipient for n in changes}
