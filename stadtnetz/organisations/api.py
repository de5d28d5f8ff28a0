# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from ninja import Field, Query, Router, Schema

from stadtnetz.core.api_errors import ErrorOut

from . import selectors
from .models import Organisation, OrganisationKind

router = Router(tags=["organisations"])


class CooperationMemberOut(Schema):
    key: str = Field(description="AGS or county key")
    name: str
    is_lead: bool


class OrganisationOut(Schema):
    id: int
    name: str
    slug: str
    kind: str
    ags: str | None = Field(description="AGS for municipalities")
    county_key: str | None = Field(description="county key for counties")
    website: str
    in_budgetary_hardship: bool
    members: list[CooperationMemberOut] = Field(description="members of a cooperation")

    @staticmethod
    def resolve_ags(obj: Organisation) -> str | None:
        return obj.municipality.ags if obj.municipality is not None else None

    @staticmethod
    def resolve_county_key(obj: Organisation) -> str | None:
        return obj.county.key if obj.county is not None else None

    @staticmethod
    def resolve_members(obj: Organisation) -> list[dict]:
        return [
            {"key": member.key, "name": member.entry.name, "is_lead": member.is_lead}
            for member in obj.cooperation_members.all()
        ]


class OrganisationPage(Schema):
    count: int
    page: int
    pages: int
    items: list[OrganisationOut]


class OrganisationQuery(Schema):
    search: str = Field("", max_length=200)
    kind: str = Field("", pattern="^(" + "|".join(OrganisationKind.values) + ")?$")
    page: int = Field(1, ge=1, le=100_000)


@router.get("/organisations", response=OrganisationPage, summary="List organisations")
def list_organisations(request, filters: Query[OrganisationQuery]):
    qs = selectors.organisation_list(search=filters.search, kind=filters.kind).prefetch_related(
        "cooperation_members__municipality", "cooperation_members__county"
    )
    paginator = Paginator(qs, 50)
    page = paginator.get_page(filters.page)
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "items": list(page.object_list),
    }


@router.get(
    "/organisations/{organisation_id}",
    response={200: OrganisationOut, 404: ErrorOut},
    summary="One organisation",
)
def get_organisation(request, organisation_id: int):
    organisation = (
        Organisation.objects.select_related("municipality", "county")
        .prefetch_related("cooperation_members__municipality", "cooperation_members__county")
        .filter(pk=organisation_id)
        .first()
    )
    if organisation is None:
        raise Http404("No organisation with this id.")
    return organisation
