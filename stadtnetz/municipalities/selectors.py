# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Reads of the registry for views, the API and other apps."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet, Sum

from .models import County, Municipality, Postcode, RegistryImport, SizeClass, State

AGS_PATTERN = re.compile(r"\d{8}")
COUNTY_KEY_PATTERN = re.compile(r"\d{5}")
SORTS = {
    "name": ("sort_name", "ags"),
    "-name": ("-sort_name", "ags"),
    "-population": ("-population", "sort_name"),
    "population": ("population", "sort_name"),
}


@dataclass(frozen=True)
class MunicipalityFilter:
    search: str = ""
    state: str = ""
    county: str = ""
    size_class: str = ""
    sort: str = ""
    include_dissolved: bool = False


def municipality_list(filters: MunicipalityFilter) -> QuerySet[Municipality]:
    """Municipalities matching the filters; raises QueryTooLong for an over-long search."""
    qs = Municipality.objects.with_related()
    if not filters.include_dissolved:
        qs = qs.active()
    if filters.state:
        qs = qs.filter(Q(state__code=filters.state.upper()) | Q(state__key=filters.state))
    if filters.county:
        qs = qs.filter(county__key=filters.county)
    if filters.size_class:
        qs = qs.of_size_class(filters.size_class)
    if filters.search.strip():
        qs = qs.search(filters.search)
        if not filters.sort:
            return qs.order_by("relevance", "-population", "sort_name", "ags")
    return qs.order_by(*SORTS.get(filters.sort or "name", SORTS["name"]))


def municipality_get(ags: str) -> Municipality | None:
    if not AGS_PATTERN.fullmatch(ags):
        return None
    return Municipality.objects.with_related().filter(ags=ags).first()


def postcodes_of(municipality: Municipality) -> list[str]:
    """The postcodes the municipality uses (OpenStreetMap table), ascending and without repeats."""
    return list(
        Postcode.objects.filter(municipality=municipality)
        .order_by("code")
        .values_list("code", flat=True)
        .distinct()
    )


def county_get(key: str) -> County | None:
    if not COUNTY_KEY_PATTERN.fullmatch(key):
        return None
    return (
        County.objects.select_related("state")
        .annotate(
            municipality_count=Count("municipalities", filter=Q(municipalities__dissolved_at=None)),
            population=Sum(
                "municipalities__population", filter=Q(municipalities__dissolved_at=None)
            ),
        )
        .filter(key=key)
        .first()
    )


def state_get(code: str) -> State | None:
    code = code.strip()
    if not re.fullmatch(r"[A-Za-z]{2}|\d{2}", code):
        return None
    return (
        State.objects.annotate(
            municipality_count=Count("municipalities", filter=Q(municipalities__dissolved_at=None)),
            population=Sum(
                "municipalities__population", filter=Q(municipalities__dissolved_at=None)
            ),
        )
        .filter(Q(code=code.upper()) | Q(key=code))
        .first()
    )


def state_list() -> QuerySet[State]:
    return State.objects.annotate(
        county_count=Count("counties", filter=Q(counties__dissolved_at=None), distinct=True)
    ).order_by("key")


def county_list(*, state: State | None = None) -> QuerySet:
    qs = (
        County.objects.active()
        .select_related("state")
        .annotate(
            municipality_count=Count("municipalities", filter=Q(municipalities__dissolved_at=None))
        )
    )
    if state is not None:
        qs = qs.filter(state=state)
    return qs.order_by("key")


def registry_statistics() -> dict:
    active = Municipality.objects.active()
    figures = active.aggregate(
        municipalities=Count("pk"), population=Sum("population"), date=Max("population_date")
    )
    return {
        "states": State.objects.count(),
        "counties": County.objects.active().count(),
        "municipalities": figures["municipalities"],
        "population": figures["population"] or 0,
        "population_date": figures["date"],
        "latest_import": RegistryImport.objects.order_by("-created_at").first(),
    }


def size_class_choices() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in SizeClass.choices]


def organisations_of_municipality(municipality: Municipality) -> list:
    """The organisations on Stadtnetz that are this place or a cooperation it belongs to.

    Read through the reverse relation `organisations` (the foreign key of organisations points
    here), so the registry imports nothing of the apps above it."""
    organisation = municipality.organisations.model
    return list(
        organisation.objects.filter(
            Q(municipality=municipality) | Q(cooperation_members__municipality=municipality)
        )
        .distinct()
        .order_by("name")
    )


def organisations_of_county(county: County) -> list:
    """The organisations on Stadtnetz that are this county or a cooperation it belongs to."""
    organisation = county.organisations.model
    return list(
        organisation.objects.filter(Q(county=county) | Q(cooperation_members__county=county))
        .distinct()
        .order_by("name")
    )
