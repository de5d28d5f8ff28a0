# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Read API of the registry: states, counties, municipalities."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.core.paginator import Paginator
from django.http import Http404
from ninja import Field, Query, Router, Schema

from stadtnetz.core.api_errors import ErrorOut

from . import selectors
from .lookup import MAX_QUERY_LENGTH
from .models import County, Municipality, SizeClass, State

router = Router(tags=["registry"])
PAGE_SIZE = 50


class StateOut(Schema):
    key: str = Field(description="2-digit state key")
    code: str = Field(description="two-letter code such as NW")
    name: str


class CountyOut(Schema):
    key: str = Field(description="5-digit county key")
    name: str
    kind: str
    state: str = Field(description="two-letter state code")
    dissolved: bool

    @staticmethod
    def resolve_state(obj: County) -> str:
        return obj.state.code

    @staticmethod
    def resolve_dissolved(obj: County) -> bool:
        return obj.dissolved_at is not None


class MunicipalityOut(Schema):
    ags: str = Field(description="8-digit official municipality key (Amtlicher Gemeindeschlüssel)")
    name: str
    short_name: str
    state: str = Field(description="two-letter state code such as NW")
    county_key: str | None
    county_name: str | None
    population: int | None
    population_date: dt.date | None
    area_km2: Decimal | None
    density: int | None
    postcode: str
    latitude: Decimal | None
    longitude: Decimal | None
    urbanisation: int | None = Field(description="1 dense, 2 intermediate, 3 thinly populated")
    size_class: str | None = Field(description="grossstadt, mittelstadt, kleinstadt, landgemeinde")
    dissolved: bool
    source: str

    @staticmethod
    def resolve_state(obj: Municipality) -> str:
        return obj.state.code

    @staticmethod
    def resolve_county_key(obj: Municipality) -> str | None:
        return obj.county.key if obj.county else None

    @staticmethod
    def resolve_county_name(obj: Municipality) -> str | None:
        return obj.county.name if obj.county else None

    @staticmethod
    def resolve_size_class(obj: Municipality) -> str | None:
        size_class = obj.size_class
        return size_class.value if size_class else None

    @staticmethod
    def resolve_dissolved(obj: Municipality) -> bool:
        return obj.dissolved_at is not None

    @staticmethod
    def resolve_source(obj: Municipality) -> str:
        return obj.source_import.source if obj.source_import else ""


class MunicipalityPage(Schema):
    count: int
    page: int
    pages: int
    items: list[MunicipalityOut]


class MunicipalityQuery(Schema):
    search: str = Field("", max_length=MAX_QUERY_LENGTH, description="name, AGS or county key")
    state: str = Field("", pattern=r"^([A-Za-z]{2}|\d{2})?$", description="state code or key")
    county: str = Field("", pattern=r"^(\d{5})?$", description="5-digit county key")
    size_class: Literal["", "grossstadt", "mittelstadt", "kleinstadt", "landgemeinde"] = ""
    sort: Literal["", "name", "-name", "population", "-population"] = ""
    page: int = Field(1, ge=1, le=100_000)


@router.get("/states", response=list[StateOut], summary="List the 16 states")
def list_states(request):
    return State.objects.order_by("key")


@router.get("/counties", response=list[CountyOut], summary="List counties")
def list_counties(request, state: str = Query("", pattern=r"^([A-Za-z]{2}|\d{2})?$")):
    qs = County.objects.select_related("state").order_by("key")
    if state:
        qs = qs.filter(state__code=state.upper()) | qs.filter(state__key=state)
    return qs


@router.get("/municipalities", response=MunicipalityPage, summary="Search municipalities")
def list_municipalities(request, filters: Query[MunicipalityQuery]):
    qs = selectors.municipality_list(
        selectors.MunicipalityFilter(
            search=filters.search,
            state=filters.state,
            county=filters.county,
            size_class=filters.size_class,
            sort=filters.sort,
        )
    )
    paginator = Paginator(qs, PAGE_SIZE)
    page = paginator.get_page(filters.page)
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "items": list(page.object_list),
    }


@router.get(
    "/municipalities/{ags}",
    response={200: MunicipalityOut, 404: ErrorOut},
    summary="One municipality by AGS",
)
def get_municipality(request, ags: str):
    municipality = selectors.municipality_get(ags)
    if municipality is None:
        raise Http404("No municipality with this AGS.")
    return municipality


__all__ = ["router", "SizeClass"]
