# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Read API of the knowledge base: model projects, measures, lessons and peers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.core.paginator import Paginator
from django.http import Http404
from ninja import Field, Query, Router, Schema

from stadtnetz.core.api_errors import ErrorOut
from stadtnetz.municipalities import selectors as registry

from . import peers, selectors
from .models import KPI, Lesson, Measure, ModelProject

router = Router(tags=["projects"])
PAGE_SIZE = 50


class ProjectOut(Schema):
    id: int
    slug: str
    name: str
    round: int = Field(description="year of the round (Staffel)")
    organisation: str
    organisation_slug: str
    kind: str = Field(description="municipality, county or cooperation")
    ags: str | None = Field(description="8-digit AGS when the organisation is a municipality")
    county_key: str | None = Field(description="5-digit key when the organisation is a county")
    states: list[str]
    size_class: str = Field(
        description="category at selection: grossstadt, mittelstadt, kleinstadt, landkreis, kooperation"
    )
    population: int | None
    latitude: Decimal | None
    longitude: Decimal | None
    url: str

    @staticmethod
    def resolve_round(obj: ModelProject) -> int:
        return obj.round_year

    @staticmethod
    def resolve_organisation(obj: ModelProject) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_organisation_slug(obj: ModelProject) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_kind(obj: ModelProject) -> str:
        return obj.organisation.kind

    @staticmethod
    def resolve_ags(obj: ModelProject) -> str | None:
        return obj.organisation.municipality.ags if obj.organisation.municipality else None

    @staticmethod
    def resolve_county_key(obj: ModelProject) -> str | None:
        return obj.organisation.county.key if obj.organisation.county else None

    @staticmethod
    def resolve_states(obj: ModelProject) -> list[str]:
        return sorted(s.code for s in obj.states.all())

    @staticmethod
    def resolve_size_class(obj: ModelProject) -> str:
        return obj.category

    @staticmethod
    def resolve_url(obj: ModelProject) -> str:
        return obj.get_absolute_url()


class ProjectPage(Schema):
    count: int
    page: int
    pages: int
    items: list[ProjectOut]


class KPIOut(Schema):
    name: str
    unit: str
    target: Decimal | None
    actual: Decimal | None


class MeasureOut(Schema):
    id: int
    project_id: int
    title: str
    description: str
    fields_of_action: list[str]
    spatial_effect: str
    status: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    budget: Decimal | None
    kpis: list[KPIOut]
    field_of_action_label: str
    repository_url: str
    source_url: str
    provenance: str

    @staticmethod
    def resolve_fields_of_action(obj: Measure) -> list[str]:
        return [f.code for f in obj.fields_of_action.all()]

    @staticmethod
    def resolve_kpis(obj: Measure) -> list[KPI]:
        return list(obj.kpis.all())


class LessonOut(Schema):
    id: int
    project_id: int
    measure_id: int | None
    title: str
    summary: str
    source_url: str
    provenance: str
    context: str
    what_was_done: str
    what_worked: str
    what_did_not_work: str
    effort_staff: str
    effort_cost: Decimal | None
    effort_months: int | None
    operator_model: str
    running_costs_per_year: Decimal | None
    procurement_route: str
    data_needed: str
    transferable_kinds: list[str]
    transferable_sizes: list[str]
    transferability: str
    contact_name: str

    @staticmethod
    def resolve_transferable_kinds(obj: Lesson) -> list[str]:
        return obj.transferable_kind_list

    @staticmethod
    def resolve_transferable_sizes(obj: Lesson) -> list[str]:
        return obj.transferable_size_list


class ProjectDetailOut(ProjectOut):
    description: str
    website: str
    strategy_url: str
    members: list[dict]
    measures: list[MeasureOut]
    lessons: list[LessonOut]

    @staticmethod
    def resolve_members(obj: ModelProject) -> list[dict]:
        return [
            {"name": m.name, "ags": m.municipality.ags if m.municipality else None,
             "county_key": m.county.key if m.county else None, "resolved": m.resolved}
            for m in obj.listed.all()
        ]  # fmt: skip

    @staticmethod
    def resolve_measures(obj: ModelProject) -> list[Measure]:
        return list(obj.measures.all())

    @staticmethod
    def resolve_lessons(obj: ModelProject) -> list[Lesson]:
        return list(obj.lessons.all())


class MeasurePage(Schema):
    count: int
    page: int
    pages: int
    items: list[MeasureOut]


class LessonPage(Schema):
    count: int
    page: int
    pages: int
    items: list[LessonOut]


class PeerOut(Schema):
    project: ProjectOut
    score: float = Field(description="similarity 0–100, see docs/projects.md")
    same_kind_and_size: bool
    distance_km: float | None
    reasons: list[str]


class PeersOut(Schema):
    subject: str
    ags: str
    items: list[PeerOut]


class ProjectQuery(Schema):
    round: int | None = Field(None, ge=2019, le=2100)
    state: str = Field("", pattern=r"^([A-Za-z]{2})?$", description="two-letter state code")
    size_class: Literal[
        "", "grossstadt", "mittelstadt", "kleinstadt", "landkreis", "kooperation"
    ] = ""
    kind: Literal["", "municipality", "county", "cooperation"] = ""
    field: str = Field("", pattern=r"^[a-z-]{0,40}$", description="field-of-action code")
    page: int = Field(1, ge=1, le=100_000)


def _page(qs, number: int) -> dict:
    paginator = Paginator(qs, PAGE_SIZE)
    page = paginator.get_page(number)
    return {"count": paginator.count, "page": page.number, "pages": paginator.num_pages,
            "items": list(page.object_list)}  # fmt: skip


@router.get("/model-projects", response=ProjectPage, summary="List model projects")
def list_model_projects(request, filters: Query[ProjectQuery]):
    qs = selectors.project_list(
        selectors.ProjectFilter(
            round_year=filters.round,
            state=filters.state,
            category=filters.size_class,
            kind=filters.kind,
            field=filters.field,
        )  # fmt: skip
    )
    return _page(qs, filters.page)


@router.get("/model-projects/{project_id}", response={200: ProjectDetailOut, 404: ErrorOut},
            summary="One model project with its measures and lessons")  # fmt: skip
def get_model_project(request, project_id: int):
    slug = ModelProject.objects.filter(pk=project_id).values_list("slug", flat=True).first()
    project = selectors.project_get(slug) if slug else None
    if project is None:
        raise Http404("No model project with this id.")
    return project


@router.get("/measures", response=MeasurePage, summary="List measures")
def list_measures(
    request,
    field: str = Query("", pattern=r"^[a-z-]{0,40}$"),
    status: Literal["", "planned", "in_progress", "done", "continued", "stopped", "unknown"] = "",
    page: int = Query(1, ge=1, le=100_000),
):
    return _page(selectors.measure_list(field=field, status=status), page)


@router.get("/lessons", response=LessonPage, summary="List lessons")
def list_lessons(
    request,
    size_class: Literal["", "grossstadt", "mittelstadt", "kleinstadt", "landgemeinde"] = "",
    kind: Literal["", "municipality", "county", "cooperation"] = "",
    page: int = Query(1, ge=1, le=100_000),
):
    return _page(selectors.lesson_list(size=size_class, kind=kind), page)


@router.get("/municipalities/{ags}/peers", response={200: PeersOut, 404: ErrorOut},
            summary="Model projects most similar to a municipality, with reasons")  # fmt: skip
def municipality_peers(request, ags: str, limit: int = Query(20, ge=1, le=73)):
    municipality = registry.municipality_get(ags)
    if municipality is None:
        raise Http404("No municipality with this AGS.")
    ranked = peers.peers_for(peers.profile_for_municipality(municipality), limit=limit)
    return {
        "subject": municipality.name, "ags": municipality.ags,
        "items": [
            {"project": p.project, "score": p.score, "same_kind_and_size": p.first,
             "distance_km": round(p.distance_km, 1) if p.distance_km is not None else None,
             "reasons": p.reasons}
            for p in ranked
        ],
    }  # fmt: skip
