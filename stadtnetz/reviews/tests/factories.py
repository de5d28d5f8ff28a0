# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Builders for review tests: a closed call with criteria and submitted applications from real
registry municipalities (rows written directly: the submission flow has its own tests)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from stadtnetz.municipalities.models import Municipality
from stadtnetz.organisations.models import Organisation, OrganisationKind
from stadtnetz.programmes.models import Criterion
from stadtnetz.programmes.services import SYSTEM_ACTOR, call_criteria_save
from stadtnetz.programmes.tests.factories import make_call
from stadtnetz.submissions.models import Application, ApplicationStatus, StatusRecord, Submission

CRITERIA = [
    {"title": "Gemeinwohl", "weight": Decimal("40"), "criteria": []},
    {"title": "Zukunftsfähigkeit", "weight": Decimal("60"), "criteria": ["Ziele", "Ausgangslage"]},
]


def closed_call(**fields):
    now = timezone.now()
    call = make_call(opens_in=-dt.timedelta(days=60), closes_in=dt.timedelta(days=1), **fields)
    call_criteria_save(actor=SYSTEM_ACTOR, call=call, groups=CRITERIA)
    Criterion.objects.filter(group__call=call, title="Ausgangslage").update(
        allows_not_applicable=True
    )
    type(call).objects.filter(pk=call.pk).update(closes_at=now - dt.timedelta(hours=1))
    call.refresh_from_db()
    return call


def _size(organisation) -> tuple[str, str]:
    if organisation.municipality_id:
        size = organisation.municipality.size_class
        return (str(size.value) if size else ""), organisation.municipality.state.code
    if organisation.county_id:
        return "landkreis", organisation.county.state.code
    return organisation.kind, ""


def organisation_for(ags: str) -> Organisation:
    municipality = Municipality.objects.select_related("state", "county").get(ags=ags)
    organisation = Organisation.objects.filter(municipality=municipality).first()
    if organisation is None:
        organisation = Organisation.objects.create(
            name=f"Stadt {municipality.name}", slug=f"org-{ags}", kind=OrganisationKind.MUNICIPALITY,
            municipality=municipality,
        )  # fmt: skip
    return organisation


def submitted(
    call, organisation, *, title: str | None = None, grant: str = "1000000.00"
) -> Application:
    application = Application.objects.create(call=call, organisation=organisation,
                                             title=title or f"Digital {organisation.name}",
                                             status=ApplicationStatus.SUBMITTED)  # fmt: skip
    size_class, state_code = _size(organisation)
    Submission.objects.create(
        application=application, version=1, receipt_number=f"SN-T-{application.pk:06d}",
        submitted_at=call.closes_at - dt.timedelta(days=1), snapshot={"sections": [], "budget": {"lines": []}},
        total_costs=Decimal(grant) * 2, requested_grant=Decimal(grant), organisation_kind=organisation.kind,
        size_class=size_class, state_code=state_code,
    )  # fmt: skip
    StatusRecord.objects.create(application=application, status=ApplicationStatus.SUBMITTED)
    return application


# Real registry municipalities: large, medium, small, rural; several states.
AGS = [
    "05122000",
    "09162000",
    "11000000",
    "05315000",
    "08111000",
    "06411000",
    "03241001",
    "05911000",
]
