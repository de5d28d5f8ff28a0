# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Public read API for calls: deadlines with offset, status, rates, form and criteria."""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from stadtnetz.core.api_errors import ErrorOut

from . import selectors
from .models import Call

router = Router(tags=["programmes"])


class CallSectionOut(Schema):
    key: str
    title: str
    guidance: str
    required: bool
    char_limit: int


class CriteriaGroupOut(Schema):
    title: str
    weight: Decimal
    criteria: list[str]


class ExtensionOut(Schema):
    previous_closes_at: str
    new_closes_at: str
    reason: str


class CallOut(Schema):
    id: int
    code: str
    programme: str
    round_year: int
    title: str
    theme: str
    opens_at: str = Field(description="ISO 8601 with offset, Europe/Berlin")
    closes_at: str = Field(description="ISO 8601 with offset, Europe/Berlin")
    status: str = Field(description="upcoming, open or closed (server clock)")
    eligible_kinds: list[str]
    funding_rate: Decimal
    hardship_rate: Decimal
    max_grant_phase_a: Decimal
    max_grant_phase_b: Decimal
    max_duration_months: int
    url: str


class CallDetailOut(CallOut):
    form_version: int | None
    sections: list[CallSectionOut]
    criteria_groups: list[CriteriaGroupOut]
    extensions: list[ExtensionOut]


def _iso(moment) -> str:
    return timezone.localtime(moment).isoformat()


def _call_data(call: Call) -> dict:
    return {
        "id": call.pk, "code": call.code, "programme": call.programme.name,
        "round_year": call.round_year, "title": call.title, "theme": call.theme,
        "opens_at": _iso(call.opens_at), "closes_at": _iso(call.closes_at), "status": call.status,
        "eligible_kinds": call.eligible_kinds, "funding_rate": call.funding_rate,
        "hardship_rate": call.hardship_rate, "max_grant_phase_a": call.max_grant_phase_a,
        "max_grant_phase_b": call.max_grant_phase_b, "max_duration_months": call.max_duration_months,
        "url": call.get_absolute_url(),
    }  # fmt: skip


class CallQuery(Schema):
    status: str = Field("", pattern="^(open|upcoming|closed)?$")


@router.get("/calls", response=list[CallOut], summary="List calls")
def list_calls(request, filters: Query[CallQuery]):
    return [_call_data(call) for call in selectors.call_list(status=filters.status)]


@router.get(
    "/calls/{call_id}",
    response={200: CallDetailOut, 404: ErrorOut},
    summary="One call with form and criteria",
)
def get_call(request, call_id: int):
    call = selectors.call_get(call_id)
    if call is None:
        raise Http404("No such call.")
    form = call.current_form()
    return {
        **_call_data(call),
        "form_version": form.number if form else None,
        "sections": [s.as_data() for s in form.sections.all()] if form else [],
        "criteria_groups": [
            {"title": g.title, "weight": g.weight, "criteria": [c.title for c in g.criteria.all()]}
            for g in call.criteria_groups.all()
        ],
        "extensions": [
            {"previous_closes_at": _iso(e.previous_closes_at), "new_closes_at": _iso(e.new_closes_at),
             "reason": e.reason}
            for e in call.extensions.all()
        ],
    }  # fmt: skip
