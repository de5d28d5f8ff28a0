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


def reviewed_bulk(call, n: int, reviewers, *, offset: int = 0, per_application: int = 2) -> list:
    """``n`` reviewed cases with ``per_application`` submitted reviews each, written in bulk
    (a few queries, whatever n): for ranking pages, query counts and benchmarks. Size classes,
    states, phases, grants and scores vary deterministically."""
    from stadtnetz.municipalities.models import State
    from stadtnetz.reviews import services
    from stadtnetz.reviews.models import Review, ReviewCase, ReviewScore, ReviewState, ReviewStatus

    sizes = ["grossstadt", "mittelstadt", "kleinstadt", "landgemeinde", "landkreis"]
    states = list(State.objects.order_by("code").values_list("code", flat=True)[:6]) or ["nw"]
    items = services.review_items(call)
    now = timezone.now()
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Antragsteller {offset + i:04d}", slug=f"bulk-{call.pk}-{offset + i}", kind="association")
        for i in range(n)
    )  # fmt: skip
    applications = Application.objects.bulk_create(
        Application(call=call, organisation=o, title=f"Projekt {offset + i:04d}", status=ApplicationStatus.SUBMITTED)
        for i, o in enumerate(organisations)
    )  # fmt: skip
    submissions = []
    for i, application in enumerate(applications):
        k = offset + i
        grant = Decimal(250_000 + (k * 37_000) % 4_000_000)
        phases = (
            {"A": f"{grant / 4:.2f}", "B": f"{grant * 3 / 4:.2f}"}
            if k % 3
            else {"B": f"{grant:.2f}"}
        )
        submissions.append(Submission(
            application=application, version=1, receipt_number=f"SN-B-{call.pk}-{k:06d}", submitted_at=call.closes_at,
            snapshot={"sections": [], "budget": {"lines": [], "grant_by_phase": phases}}, total_costs=grant * 2,
            requested_grant=grant, organisation_kind="association", size_class=sizes[k % len(sizes)],
            state_code=states[k % len(states)],
        ))  # fmt: skip
    Submission.objects.bulk_create(submissions)
    cases = ReviewCase.objects.bulk_create(
        ReviewCase(application=a, call=call, state=ReviewState.REVIEWED) for a in applications
    )
    reviews = []
    for i, case in enumerate(cases):
        for j in range(per_application):
            reviewer = reviewers[(offset + i + j) % len(reviewers)]
            score = Decimal((offset + i) * 7 % 40 + j * 3) / 10
            reviews.append(Review(case=case, reviewer=reviewer, status=ReviewStatus.SUBMITTED, recommendation="fund",
                                  weighted_score=min(score, Decimal(5)), submitted_at=now))  # fmt: skip
    reviews = Review.objects.bulk_create(reviews)
    ReviewScore.objects.bulk_create(
        ReviewScore(review=r, group=item["group"], criterion=item["criterion"], value=(r.pk + k) % 6)
        for r in reviews for k, item in enumerate(items)
    )  # fmt: skip
    return cases
