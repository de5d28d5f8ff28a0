# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""A selected application and its grant notice, for the grant app's tests.

The review itself is tested in the reviews app; here the case is put straight into the state
"selected" and its model project made by the same service the decision uses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model

from stadtnetz.organisations.models import Membership, Role
from stadtnetz.projects.services import model_project_create_for_selection
from stadtnetz.reviews.models import ReviewCase, ReviewState
from stadtnetz.reviews.tests.factories import closed_call, organisation_for, submitted
from stadtnetz.submissions.models import BudgetLine

from ..services import notice as notice_services

YEAR = dt.date.today().year
# Phase A: strategy in the first year; phase B: implementation over the next two years.
BUDGET = [
    ("A", YEAR, "personnel", "120000.00"),
    ("A", YEAR, "third_party", "80000.00"),
    ("B", YEAR + 1, "personnel", "300000.00"),
    ("B", YEAR + 1, "investment", "500000.00"),
    ("B", YEAR + 2, "personnel", "300000.00"),
    ("B", YEAR + 2, "third_party", "200000.00"),
]


def office_user(username: str = "office1"):
    user, _created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"email": f"{username}@programm.example", "is_programme_office": True},
    )
    return user


def grantee_user(organisation, username: str = "lead", role: str = Role.EDITOR):
    user, _created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@stadt.example"}
    )
    Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": role})
    return user


def selected_case(
    *, ags: str = "05122000", call=None, title: str = "Solingen vernetzt", organisation=None
):
    call = call or closed_call(title="Aufruf Modellprojekte")
    organisation = organisation or organisation_for(ags)
    application = submitted(call, organisation, title=title)
    BudgetLine.objects.bulk_create(
        BudgetLine(application=application, phase=phase, year=year, category=category,
                   description=f"{category} {year}", amount=Decimal(amount))
        for phase, year, category, amount in BUDGET
    )  # fmt: skip
    project = model_project_create_for_selection(
        call=call, organisation=organisation, name=title, category="grossstadt"
    )
    case = ReviewCase.objects.create(
        application=application, call=call, state=ReviewState.SELECTED, model_project=project
    )
    return case


def issued_notice(*, actor=None, starts_in_phase: str = "A", **case_fields):
    case = selected_case(**case_fields)
    return notice_services.notice_issue(
        actor=actor or office_user(),
        case=case,
        period_start=dt.date(YEAR, 1, 1),
        period_end=dt.date(YEAR + 2, 12, 31),
        starts_in_phase=starts_in_phase,
        conditions=["Die ANBest-GK sind Bestandteil dieses Bescheids."],
    )
