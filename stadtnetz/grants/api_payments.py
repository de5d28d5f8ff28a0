# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""API of the grant app: payment requests (Mittelabruf), mounted in api.py.

The same permissions and services as the pages: the funded organisation's members read, its
editors and administrators write (create, edit, submit, withdraw), the programme office checks,
releases (a second person: four eyes), requests changes and records the payment. Someone who may
not see the grant gets 404. Amounts are decimal strings in and out ("12500.00").
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from stadtnetz.core.api_auth import token_auth
from stadtnetz.core.api_errors import ErrorOut, error, invalid
from stadtnetz.core.versioning import StaleVersion

from .models import GrantNotice, PaymentRequest
from .permissions import can_act_for_grantee, can_view_grant
from .services import payments as services
from .services.common import GrantError

router = Router(tags=["grants"])

Action = Literal["submit", "check", "release", "request-changes", "pay", "withdraw"]


class PaymentLineOut(Schema):
    category: str = Field(description="cost category: personnel, material, investment, …")
    expenditure: str = Field(description="eligible expenditure, decimal string")
    grant: str = Field(description="requested grant = expenditure × funding rate, rounded down")


class PaymentEventOut(Schema):
    at: dt.datetime
    status: str
    actor_id: int | None
    note: str


class PaymentRequestOut(Schema):
    id: int
    project_id: int
    number: int
    phase: str
    year: int
    due_by: dt.date
    status: str = Field(description="draft, submitted, checked, released, paid, changes, withdrawn")
    version: int = Field(description="send it with PUT; 409 when stale")
    funding_rate: str
    total_expenditure: str
    total_grant: str
    checked_by_id: int | None
    released_by_id: int | None
    paid_on: dt.date | None
    lines: list[PaymentLineOut]
    events: list[PaymentEventOut]


class PaymentRequestIn(Schema):
    phase: str = Field(..., max_length=1, description="A or B")
    year: int = Field(..., ge=1900, le=2200, description="budget year within the project period")
    due_by: dt.date = Field(description="expenditure due by (within the call's payment window)")
    amounts: dict[str, str] = Field(
        ..., description='cost category → eligible expenditure as a decimal string, e.g. "12500.00"'
    )


class PaymentRequestUpdateIn(PaymentRequestIn):
    version: int = Field(..., ge=0, description="the version you read (GET); 409 when stale")


class PaymentActionIn(Schema):
    note: str = Field("", max_length=5000, description="optional note on the event")
    reason: str = Field("", max_length=5000, description="request-changes: the reason (required)")
    paid_on: dt.date | None = Field(None, description="pay: the date of the transfer (required)")


class StalePaymentOut(ErrorOut):
    current_version: int = Field(description="the version saved in the meantime")


def _money(value) -> str:
    return f"{value:.2f}"


def _out(payment: PaymentRequest) -> dict:
    lines = list(payment.lines.all())
    return {
        "id": payment.pk, "project_id": payment.notice.project_id, "number": payment.number,
        "phase": payment.phase, "year": payment.year, "due_by": payment.due_by,
        "status": payment.status, "version": payment.version,
        "funding_rate": _money(payment.notice.funding_rate),
        "total_expenditure": _money(sum(line.expenditure for line in lines)),
        "total_grant": _money(sum(line.grant for line in lines)),
        "checked_by_id": payment.checked_by_id, "released_by_id": payment.released_by_id,
        "paid_on": payment.paid_on,
        "lines": [{"category": line.category, "expenditure": _money(line.expenditure),
                   "grant": _money(line.grant)} for line in lines],
        "events": [{"at": e.at, "status": e.status, "actor_id": e.actor_id, "note": e.note}
                   for e in payment.events.order_by("at", "pk")],
    }  # fmt: skip


def _notice(request, project_id: int) -> GrantNotice:
    notice = (
        GrantNotice.objects.select_related("project__organisation", "application")
        .filter(project_id=project_id)
        .first()
    )
    if notice is None or not can_view_grant(request.auth, notice):
        raise Http404("No grant for this model project.")
    return notice


def _payment(request, request_id: int) -> PaymentRequest:
    payment = (
        PaymentRequest.objects.select_related(
            "notice__project__organisation", "notice__application"
        )
        .filter(pk=request_id)
        .first()
    )
    if payment is None or not can_view_grant(request.auth, payment.notice):
        raise Http404("No such payment request.")
    return payment


def _fresh(payment_id: int) -> dict:
    return _out(PaymentRequest.objects.select_related("notice").get(pk=payment_id))


@router.get(
    "/model-projects/{project_id}/payment-requests",
    response={200: list[PaymentRequestOut], 404: ErrorOut},
    auth=token_auth,
    summary="Payment requests of a model project (the organisation's members, the office)",
)
def list_payment_requests(request, project_id: int):
    notice = _notice(request, project_id)
    payments = notice.payment_requests.prefetch_related("lines").order_by("number")
    for payment in payments:
        payment.notice = notice
    return [_out(payment) for payment in payments]


@router.post(
    "/model-projects/{project_id}/payment-requests",
    response={201: PaymentRequestOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=token_auth,
    summary="Start a payment request as a draft (the organisation's editors and administrators)",
    description="400 names the field at fault: `phase` (closed, or phase B before the strategy "
    "is approved), `year` (outside the project period, nothing approved), `due_by` (outside "
    "the payment window), `amounts.<category>` (not a positive amount), `amounts` (above the "
    "grant still available in the phase and year) or none (another request still open).",
)
def create_payment_request(request, project_id: int, payload: PaymentRequestIn):
    notice = _notice(request, project_id)
    decision = can_act_for_grantee(request.auth, notice)
    if not decision:
        raise HttpError(403, str(decision.reason))
    try:
        payment = services.payment_save(
            actor=request.auth, notice=notice, phase=payload.phase, year=payload.year,
            due_by=payload.due_by, amounts=payload.amounts,
        )  # fmt: skip
    except GrantError as problem:
        return invalid(problem)
    return Status(201, _fresh(payment.pk))


@router.get(
    "/payment-requests/{request_id}",
    response={200: PaymentRequestOut, 404: ErrorOut},
    auth=token_auth,
    summary="One payment request with its lines and history",
)
def get_payment_request(request, request_id: int):
    return _fresh(_payment(request, request_id).pk)


@router.put(
    "/payment-requests/{request_id}",
    response={200: PaymentRequestOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut,
              409: StalePaymentOut},
    auth=token_auth,
    summary="Change a draft or a request sent back for changes (409 when the version is stale)",
)  # fmt: skip
def update_payment_request(request, request_id: int, payload: PaymentRequestUpdateIn):
    payment = _payment(request, request_id)
    decision = can_act_for_grantee(request.auth, payment.notice)
    if not decision:
        raise HttpError(403, str(decision.reason))
    try:
        services.payment_save(
            actor=request.auth, notice=payment.notice, request=payment, phase=payload.phase,
            year=payload.year, due_by=payload.due_by, amounts=payload.amounts,
            base_version=payload.version,
        )  # fmt: skip
    except StaleVersion as stale:
        return error(409, str(stale), code="stale_version", current_version=stale.current_version)
    except GrantError as problem:
        return invalid(problem)
    return _fresh(payment.pk)


@router.post(
    "/payment-requests/{request_id}/{action}",
    response={200: PaymentRequestOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=token_auth,
    summary="Move a payment request: submit, check, release, request-changes, pay, withdraw",
    description="submit and withdraw: the organisation's editors and administrators; check, "
    "release, request-changes and pay: the programme office. release needs a person other than "
    "the one who checked (four eyes; 400 otherwise). request-changes needs `reason`, pay needs "
    "`paid_on`. Repeating an action you just did changes nothing (200, no new event); an action "
    "the state does not allow is 400.",
)
def payment_request_action(request, request_id: int, action: Action, payload: PaymentActionIn):
    payment = _payment(request, request_id)
    kwargs: dict = {"actor": request.auth, "request": payment}
    if action == "request-changes":
        kwargs["reason"] = payload.reason
    elif action == "pay":
        kwargs["paid_on"] = payload.paid_on
        kwargs["note"] = payload.note
    else:
        kwargs["note"] = payload.note
    try:
        services.ACTIONS[action](**kwargs)
    except PermissionDenied as denied:
        raise HttpError(403, str(denied)) from denied
    except GrantError as problem:
        return invalid(problem)
    return _fresh(payment.pk)
