# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Payment requests (Mittelabruf): the grantee's draft, submission, the office's four-eyes review
and the payment (issue 12; decision 0075).

States: draft → submitted → checked (first officer) → released (a second, different officer) →
paid. The office may request changes while submitted or checked (back to the grantee, who edits
and submits again; the check starts over); the grantee may withdraw until the release.

Every write locks the notice row first (``select_for_update``), so that two requests of one
project cannot both pass the cumulative check at the same moment: the grant requested in a phase
and budget year — all submitted, checked, released and paid requests together — never exceeds the
approved grant of that phase and year in the plan in force. The grant of each line is the eligible
expenditure × the notice's funding rate, rounded down to the cent (``common.grant_for``).

Every state change appends a PaymentEvent (actor, note). An action that was already done by the
same person (a double POST) changes nothing and appends nothing; any other action in the wrong
state is refused with a message. Refusals raise GrantError (field → messages) before anything is
written. Edits carry the version the form was loaded with (core.versioning: 409 when stale).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from stadtnetz.core import versioning
from stadtnetz.core.formats import format_decimal

from ..models import (
    OPEN_PAYMENT_STATES,
    GrantNotice,
    PaymentEvent,
    PaymentLine,
    PaymentRequest,
    PaymentStatus,
    Phase,
)
from ..permissions import can_act_for_grantee, can_run_grants
from ..selectors import approved_grant, requested_grant, strategy_approved
from .common import GrantError, grant_for, money, refuse

EDITABLE = (PaymentStatus.DRAFT, PaymentStatus.CHANGES_REQUESTED)
WITHDRAWABLE = (
    PaymentStatus.DRAFT,
    PaymentStatus.SUBMITTED,
    PaymentStatus.CHECKED,
    PaymentStatus.CHANGES_REQUESTED,
)
DEFAULT_WINDOW_WEEKS = 6


def categories() -> list[tuple[str, str]]:
    from stadtnetz.submissions.models import CostCategory

    return [(str(value), str(label)) for value, label in CostCategory.choices]


def payment_window_weeks(notice: GrantNotice) -> int:
    """The call's payment window (GrantSettings.payment_window_weeks; 6 weeks without settings)."""
    from ..models import GrantSettings

    application = notice.application
    call_id = application.call_id if application is not None else notice.project.call_id
    if call_id is None:
        return DEFAULT_WINDOW_WEEKS
    row = GrantSettings.objects.filter(call_id=call_id).first()
    return row.payment_window_weeks if row else DEFAULT_WINDOW_WEEKS


def latest_due_date(notice: GrantNotice, today: dt.date | None = None) -> dt.date:
    return (today or timezone.localdate()) + dt.timedelta(weeks=payment_window_weeks(notice))


def phase_closed(notice: GrantNotice, phase: str) -> str | None:
    """Why no more funds can be requested in ``phase`` (None when they can)."""
    from stadtnetz.projects.models import PhaseStatus

    record = notice.project.phases.filter(phase=phase).first()
    if phase == Phase.A and notice.starts_in_phase == Phase.B:
        return _("The project started directly in phase B; phase A has no grant.")
    if record is not None and record.status in (PhaseStatus.COMPLETED, PhaseStatus.SKIPPED):
        return _("Phase %(phase)s is closed.") % {"phase": phase}
    if phase == Phase.A and strategy_approved(notice):
        return _("Phase A ended with the approval of the strategy; request phase B funds.")
    if phase == Phase.B and not strategy_approved(notice):
        return _("Phase B funds can be requested only after the office approved the strategy.")
    return None


def _lock_notice(notice: GrantNotice) -> GrantNotice:
    return GrantNotice.objects.select_for_update().select_related("project").get(pk=notice.pk)


def _lock_request(request: PaymentRequest) -> PaymentRequest:
    # The notice first, always in the same order: every payment write of a project queues here.
    _lock_notice(request.notice)
    return PaymentRequest.objects.select_for_update().get(pk=request.pk)


def _event(request: PaymentRequest, *, actor, status: str, note: str = "") -> PaymentEvent:
    return PaymentEvent.objects.create(request=request, actor=actor, status=status, note=note)


def _lines(
    notice: GrantNotice, amounts: Mapping[str, object], errors: dict[str, list[str]]
) -> list[PaymentLine]:
    """Lines from category → amount ("12.500,00", Decimal); empty entries are no line."""
    known = dict(categories())
    lines = []
    for category, value in amounts.items():
        field = f"amounts.{category}"
        if category not in known:
            errors.setdefault(field, []).append(
                _("Unknown cost category “%(c)s”.") % {"c": category}
            )
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        try:
            expenditure = money(value, field)
        except GrantError as error:
            errors.setdefault(field, []).extend(error.messages)
            continue
        lines.append(
            PaymentLine(
                category=category,
                expenditure=expenditure,
                grant=grant_for(expenditure, notice.funding_rate),
            )
        )
    return lines


def _checked_fields(
    notice: GrantNotice,
    *,
    phase: str,
    year,
    due_by,
    amounts: Mapping[str, object],
    request: PaymentRequest | None,
    today: dt.date | None = None,
) -> tuple[str, int, dt.date, list[PaymentLine]]:
    """Every field check of a draft; all problems at once, each at its field."""
    errors: dict[str, list[str]] = {}
    today = today or timezone.localdate()
    if phase not in Phase.values:
        errors["phase"] = [_("Choose phase A or B.")]
    else:
        reason = phase_closed(notice, phase)
        if reason:
            errors["phase"] = [reason]
    try:
        year = int(year)
    except (TypeError, ValueError):
        errors["year"] = [_("Choose a budget year of the project period.")]
    else:
        if not notice.period_start.year <= year <= notice.period_end.year:
            errors["year"] = [
                _("The year %(year)s lies outside the project period (%(start)s–%(end)s).")
                % {"year": year, "start": notice.period_start.year, "end": notice.period_end.year}
            ]
    if not isinstance(due_by, dt.date):
        errors["due_by"] = [_("Enter the date by which the expenditure is due.")]
    else:
        latest = latest_due_date(notice, today)
        if due_by < today:
            errors["due_by"] = [_("The date lies in the past.")]
        elif due_by > latest:
            errors["due_by"] = [
                _(
                    "Funds can be requested only for expenditure due within %(weeks)d weeks, "
                    "i.e. by %(date)s."
                )
                % {"weeks": payment_window_weeks(notice), "date": latest.strftime("%d.%m.%Y")}
            ]
        elif not notice.period_start <= due_by <= notice.period_end:
            errors["due_by"] = [_("The date lies outside the project period.")]
    lines = _lines(notice, amounts, errors)
    if not lines and not any(key.startswith("amounts.") for key in errors):
        errors["amounts"] = [_("Enter the eligible expenditure of at least one cost category.")]
    if not errors:
        _check_within_grant(notice, phase=phase, year=year, lines=lines, request=request)
    if errors:
        raise GrantError(errors)
    return phase, year, due_by, lines


def _check_within_grant(notice, *, phase, year, lines, request) -> None:
    """The cumulative check: this request + every counted one ≤ the approved grant."""
    approved = approved_grant(notice, phase=phase, year=year)
    if approved <= 0:
        refuse(
            _("No grant is approved for phase %(phase)s in %(year)s.")
            % {"phase": phase, "year": year},
            "year",
        )
    already = requested_grant(notice, phase=phase, year=year, exclude_request=request)
    total = sum((line.grant for line in lines), Decimal("0.00"))
    if already + total > approved:
        refuse(
            _(
                "The requested grant of %(total)s € exceeds the grant still available for phase "
                "%(phase)s in %(year)s: %(left)s € (approved %(approved)s €, already requested "
                "%(already)s €)."
            )
            % {
                "total": format_decimal(total),
                "phase": phase,
                "year": year,
                "left": format_decimal(max(approved - already, Decimal("0.00"))),
                "approved": format_decimal(approved),
                "already": format_decimal(already),
            },
            "amounts",
        )


def _check_one_open(notice: GrantNotice, request: PaymentRequest | None) -> None:
    if notice.allow_parallel_payment_requests:
        return
    others = PaymentRequest.objects.filter(notice=notice, status__in=OPEN_PAYMENT_STATES)
    if request is not None:
        others = others.exclude(pk=request.pk)
    other = others.order_by("number").first()
    if other is not None:
        refuse(
            _(
                "Payment request no. %(number)s is still open. Only one request at a time "
                "unless the programme office allows more."
            )
            % {"number": other.number}
        )


def _current(request: PaymentRequest) -> dict:
    return {
        "phase": request.phase,
        "year": request.year,
        "due_by": request.due_by,
        **{f"amounts.{line.category}": line.expenditure for line in request.lines.all()},
    }


def _attempted(phase, year, due_by, lines: list[PaymentLine]) -> dict:
    return {
        "phase": phase,
        "year": year,
        "due_by": due_by,
        **{f"amounts.{line.category}": line.expenditure for line in lines},
    }


@transaction.atomic
def payment_save(
    *,
    actor,
    notice: GrantNotice,
    request: PaymentRequest | None = None,
    phase: str,
    year,
    due_by,
    amounts: Mapping[str, object],
    base_version: int | None = None,
    note: str = "",
) -> PaymentRequest:
    """Create a draft (``request`` None) or change a draft / a request sent back for changes.

    ``amounts``: cost category → eligible expenditure (Decimal or a string as people write it).
    Raises PermissionDenied (not an editor of the grantee), GrantError (field → messages),
    StaleVersion (``base_version`` given and someone saved since)."""
    can_act_for_grantee(actor, notice).enforce()
    notice = _lock_notice(notice)
    if request is not None:
        if request.notice_id != notice.pk:
            refuse(_("This payment request belongs to another grant."))
        request = PaymentRequest.objects.select_for_update().get(pk=request.pk)
        if request.status not in EDITABLE:
            refuse(_("Only a draft or a request sent back for changes can be edited."))
    _check_one_open(notice, request)
    phase, year, due_by, lines = _checked_fields(
        notice, phase=phase, year=year, due_by=due_by, amounts=amounts, request=request
    )
    if request is None:
        number = (notice.payment_requests.aggregate(n=Max("number"))["n"] or 0) + 1
        request = PaymentRequest.objects.create(
            notice=notice, number=number, phase=phase, year=year, due_by=due_by, created_by=actor
        )
        _event(request, actor=actor, status=PaymentStatus.DRAFT, note=note)
    else:
        locked = request
        versioning.check_version(
            base_version=base_version,
            current_version=request.version,
            current=lambda: _current(locked),
            attempted=_attempted(phase, year, due_by, lines),
        )
        before = _current(request)
        request.phase, request.year, request.due_by = phase, year, due_by
        request.save(update_fields=["phase", "year", "due_by", "updated_at"])
        request.lines.all().delete()
        if versioning.differing(
            set(before) | set(_attempted(phase, year, due_by, lines)),
            before,
            _attempted(phase, year, due_by, lines),
        ):
            versioning.bump(request)
    for line in lines:
        line.request = request
    PaymentLine.objects.bulk_create(lines)
    return request


def _already(request: PaymentRequest, status: str, actor) -> bool:
    """The request is in ``status`` because ``actor`` put it there (a repeated action)."""
    if request.status != status:
        return False
    last = request.events.order_by("-at", "-pk").first()
    return last is not None and last.status == status and last.actor_id == actor.pk


def _refuse_state(request: PaymentRequest) -> None:
    refuse(
        _("Not possible: payment request no. %(number)s is %(status)s.")
        % {"number": request.number, "status": request.get_status_display()}
    )


def _move(request: PaymentRequest, *, actor, status: str, note: str = "", **fields):
    for name, value in fields.items():
        setattr(request, name, value)
    request.status = status
    request.save(update_fields=["status", "updated_at", *fields])
    versioning.bump(request)
    _event(request, actor=actor, status=status, note=note)
    return request


@transaction.atomic
def payment_submit(*, actor, request: PaymentRequest, note: str = "") -> PaymentRequest:
    """Send a draft (or a corrected request) to the programme office; the cumulative check runs
    again under the notice lock. A repeated submit by the same person changes nothing."""
    can_act_for_grantee(actor, request.notice).enforce()
    request = _lock_request(request)
    if _already(request, PaymentStatus.SUBMITTED, actor):
        return request
    if request.status not in EDITABLE:
        _refuse_state(request)
    notice = request.notice
    _check_one_open(notice, request)
    lines = list(request.lines.all())
    _checked_fields(
        notice,
        phase=request.phase,
        year=request.year,
        due_by=request.due_by,
        amounts={line.category: line.expenditure for line in lines},
        request=request,
    )
    return _move(request, actor=actor, status=PaymentStatus.SUBMITTED, note=note)


@transaction.atomic
def payment_check(*, actor, request: PaymentRequest, note: str = "") -> PaymentRequest:
    """First approval by a programme officer."""
    can_run_grants(actor).enforce()
    request = _lock_request(request)
    if _already(request, PaymentStatus.CHECKED, actor):
        return request
    if request.status != PaymentStatus.SUBMITTED:
        _refuse_state(request)
    request = _move(request, actor=actor, status=PaymentStatus.CHECKED, note=note, checked_by=actor)
    _notify_second_approval(request, actor)
    return request


def can_release(actor, request: PaymentRequest) -> str | None:
    """Why ``actor`` may not release (None when they may): four eyes."""
    if request.checked_by_id is not None and request.checked_by_id == actor.pk:
        return _(
            "You checked this payment request yourself. The release needs a second, different "
            "person of the programme office (four-eyes principle)."
        )
    return None


@transaction.atomic
def payment_release(*, actor, request: PaymentRequest, note: str = "") -> PaymentRequest:
    """Second approval: a programme officer other than the one who checked it."""
    can_run_grants(actor).enforce()
    request = _lock_request(request)
    if _already(request, PaymentStatus.RELEASED, actor):
        return request
    if request.status != PaymentStatus.CHECKED:
        _refuse_state(request)
    reason = can_release(actor, request)
    if reason:
        refuse(reason)
    return _move(request, actor=actor, status=PaymentStatus.RELEASED, note=note, released_by=actor)


@transaction.atomic
def payment_request_changes(*, actor, request: PaymentRequest, reason: str) -> PaymentRequest:
    """Send a submitted or checked request back to the grantee with a reason; the check starts
    over after the grantee submits again."""
    can_run_grants(actor).enforce()
    reason = (reason or "").strip()
    if not reason:
        refuse(_("Please give the reason for the changes."), "reason")
    if len(reason) > 5000:
        refuse(_("At most 5000 characters."), "reason")
    request = _lock_request(request)
    if _already(request, PaymentStatus.CHANGES_REQUESTED, actor):
        return request
    if request.status not in (PaymentStatus.SUBMITTED, PaymentStatus.CHECKED):
        _refuse_state(request)
    request = _move(
        request, actor=actor, status=PaymentStatus.CHANGES_REQUESTED, note=reason, checked_by=None
    )
    _notify_changes_requested(request, reason)
    return request


@transaction.atomic
def payment_pay(*, actor, request: PaymentRequest, paid_on, note: str = "") -> PaymentRequest:
    """Record the transfer of a released request."""
    can_run_grants(actor).enforce()
    if not isinstance(paid_on, dt.date):
        refuse(_("Enter the date of the payment."), "paid_on")
    request = _lock_request(request)
    if _already(request, PaymentStatus.PAID, actor):
        return request
    if request.status != PaymentStatus.RELEASED:
        _refuse_state(request)
    released = request.events.filter(status=PaymentStatus.RELEASED).order_by("-at").first()
    if paid_on > timezone.localdate():
        refuse(_("The payment date lies in the future."), "paid_on")
    if released is not None and paid_on < timezone.localdate(released.at):
        refuse(_("The payment date lies before the release."), "paid_on")
    return _move(request, actor=actor, status=PaymentStatus.PAID, note=note, paid_on=paid_on)


@transaction.atomic
def payment_withdraw(*, actor, request: PaymentRequest, note: str = "") -> PaymentRequest:
    """The grantee takes a request back while it is not yet released."""
    can_act_for_grantee(actor, request.notice).enforce()
    request = _lock_request(request)
    if _already(request, PaymentStatus.WITHDRAWN, actor):
        return request
    if request.status not in WITHDRAWABLE:
        _refuse_state(request)
    return _move(request, actor=actor, status=PaymentStatus.WITHDRAWN, note=note)


ACTIONS: dict[str, Callable[..., PaymentRequest]] = {
    "submit": payment_submit,
    "check": payment_check,
    "release": payment_release,
    "request-changes": payment_request_changes,
    "pay": payment_pay,
    "withdraw": payment_withdraw,
}


def _title(request: PaymentRequest) -> str:
    return f"{request.notice.reference}/{request.number}"


def _url(request: PaymentRequest) -> str:
    from django.urls import reverse

    return reverse("grants:payment_detail", args=[request.notice.project.slug, request.number])


def _notify(**kwargs) -> None:
    """Through the platform's notifications app; nothing while it is not installed."""
    from .reports_notify import available

    if not available():
        return
    from stadtnetz.notifications.services import notify

    notify(**kwargs)


def _notify_second_approval(request: PaymentRequest, actor) -> None:
    """Checked: the other people of the programme office hear that a release is due."""
    from django.contrib.auth import get_user_model

    others = (
        get_user_model()
        .objects.filter(is_active=True, is_programme_office=True)
        .exclude(pk=actor.pk)
    )
    _notify(
        event_type="payment_second_approval",
        recipients=list(others),
        context={"title": _title(request), "project": request.notice.project.name,
                 "actor": actor.display_name},
        url=_url(request),
        dedupe_key=f"grants-payment-{request.pk}-checked-{request.version}",
    )  # fmt: skip


def _notify_changes_requested(request: PaymentRequest, reason: str) -> None:
    """Changes requested: the grantee's editors and administrators hear it, with the reason."""
    from .reports_notify import grantee_writers

    _notify(
        event_type="change_requested",
        recipients=grantee_writers(request.notice),
        context={"title": _title(request), "project": request.notice.project.name,
                 "reason": reason},
        url=_url(request),
        dedupe_key=f"grants-payment-{request.pk}-changes-{request.version}",
    )  # fmt: skip


__all__ = [
    "ACTIONS",
    "GrantError",
    "PermissionDenied",
    "payment_check",
    "payment_pay",
    "payment_release",
    "payment_request_changes",
    "payment_save",
    "payment_submit",
    "payment_withdraw",
]
