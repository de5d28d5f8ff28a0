# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Reads of the knowledge base for pages, the API, downloads and other apps."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from stadtnetz.municipalities.models import State
from stadtnetz.organisations.models import CooperationMember, OrganisationKind

from .models import (
    DocumentedTransfer,
    FieldOfAction,
    Lesson,
    ListedMember,
    Measure,
    ModelProject,
    PhaseStatus,
    ProgrammeCategory,
)


@dataclass(frozen=True)
class ProjectFilter:
    round_year: int | None = None
    state: str = ""
    category: str = ""
    kind: str = ""
    field: str = ""
    phase: str = ""


def _filtered(filters: ProjectFilter) -> QuerySet[ModelProject]:
    qs = ModelProject.objects.all()
    if filters.round_year:
        qs = qs.filter(round_year=filters.round_year)
    if filters.state:
        qs = qs.filter(pk__in=ModelProject.objects.filter(states__code=filters.state.upper()))
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.kind:
        qs = qs.filter(organisation__kind=filters.kind)
    if filters.field:
        qs = qs.filter(
            pk__in=Measure.objects.filter(fields_of_action__code=filters.field).values("project")
        )
    if filters.phase in ("A", "B"):
        qs = qs.filter(phases__phase=filters.phase, phases__status=PhaseStatus.RUNNING)
    elif filters.phase == "none":
        qs = qs.exclude(phases__status=PhaseStatus.RUNNING)
    return qs


def project_list(filters: ProjectFilter) -> QuerySet[ModelProject]:
    return (
        _filtered(filters)
        .select_related("organisation__municipality", "organisation__county")
        .prefetch_related("states", "phases")
        .annotate(
            measure_count=Count("measures", distinct=True),
            lesson_count=Count("lessons", distinct=True),
        )
        .order_by("round_year", "name")
    )


def project_facets(filters: ProjectFilter) -> dict[str, list[tuple[str, str, int]]]:
    """Counts per facet value within the current selection: (value, label, count)."""
    ids = _filtered(filters).values("pk")
    base = ModelProject.objects.filter(pk__in=ids)
    rounds = base.values("round_year").annotate(n=Count("pk")).order_by("round_year")
    states = dict(
        base.values_list("states__code").annotate(n=Count("pk", distinct=True)).order_by()
    )
    state_names = dict(State.objects.values_list("code", "name"))
    categories = dict(base.values_list("category").annotate(n=Count("pk")).order_by())
    kinds = dict(base.values_list("organisation__kind").annotate(n=Count("pk")).order_by())
    fields = dict(
        Measure.objects.filter(project__in=ids)
        .values_list("fields_of_action__code")
        .annotate(n=Count("project", distinct=True))
        .order_by()
    )
    phases = dict(
        base.filter(phases__status=PhaseStatus.RUNNING)
        .values_list("phases__phase")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    total = base.count()
    return {
        "round": [(str(r["round_year"]), str(r["round_year"]), r["n"]) for r in rounds],
        "state": sorted(
            ((code, str(state_names.get(code, code)), n) for code, n in states.items() if code),
            key=lambda item: item[1],
        ),
        "category": [
            (v, str(label), categories[v])
            for v, label in ProgrammeCategory.choices
            if v in categories
        ],  # fmt: skip
        "kind": [
            (v, str(label), kinds[v]) for v, label in OrganisationKind.choices if v in kinds
        ],  # fmt: skip
        "field": [
            (f.code, str(f), fields[f.code])
            for f in FieldOfAction.objects.all()
            if f.code in fields
        ],  # fmt: skip
        "phase": [(p, p, phases[p]) for p in ("A", "B") if p in phases]
        + [("none", "none", total - sum(phases.values()))],
    }


def project_get(slug: str) -> ModelProject | None:
    if not slug or len(slug) > 100:
        return None
    return (
        ModelProject.objects.select_related(
            "organisation__municipality__state", "organisation__county__state"
        )
        .prefetch_related(
            "states",
            "phases",
            Prefetch(
                "listed", queryset=ListedMember.objects.select_related("municipality", "county")
            ),
            Prefetch(
                "organisation__cooperation_members",
                queryset=CooperationMember.objects.select_related("municipality", "county"),
            ),
            Prefetch(
                "measures",
                queryset=Measure.objects.select_related("primary_field").prefetch_related(
                    "fields_of_action", "kpis"
                ),
            ),
            Prefetch("lessons", queryset=Lesson.objects.prefetch_related("fields_of_action")),
            Prefetch(
                "transfers_out",
                queryset=DocumentedTransfer.objects.select_related(
                    "adopter_municipality", "adopter_county", "adopter_state"
                ),
            ),
        )
        .filter(slug=slug)
        .first()
    )


def measure_list(*, project: ModelProject | None = None, field: str = "",
                 status: str = "") -> QuerySet[Measure]:  # fmt: skip
    qs = Measure.objects.with_related()
    if project is not None:
        qs = qs.filter(project=project)
    if field:
        qs = qs.filter(pk__in=Measure.objects.filter(fields_of_action__code=field).values("pk"))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("project__round_year", "project__name", "title", "pk")


def measure_get(pk: int) -> Measure | None:
    return (
        Measure.objects.with_related()
        .select_related("project__organisation")
        .prefetch_related("lessons")
        .filter(pk=pk)
        .first()
    )


def lesson_list(*, project: ModelProject | None = None, size: str = "", kind: str = ""):
    from .models import Lesson

    qs = Lesson.objects.with_related()
    if project is not None:
        qs = qs.filter(project=project)
    if size:
        qs = qs.filter(Q(transferable_sizes__contains=size))
    if kind:
        qs = qs.filter(Q(transferable_kinds__contains=kind))
    return qs.order_by("-created_at", "pk")


def lesson_get(pk: int):
    from .models import Lesson

    return Lesson.objects.with_related().filter(pk=pk).first()


def projects_of_organisation(organisation) -> QuerySet[ModelProject]:
    return ModelProject.objects.filter(organisation=organisation).order_by("round_year")


def project_solutions(project: ModelProject) -> list[dict]:
    """Catalog solutions of a project: linked in its measures, published by its organisation, or
    linked to it by a public source (developed or reused; solutions.SolutionProjectLink)."""
    from stadtnetz.solutions.models import Solution, SolutionProjectLink

    entries: dict[int, dict] = {}
    solutions = (
        Solution.objects.filter(merged_into=None)
        .filter(Q(measures__project=project) | Q(organisation_id=project.organisation_id)
                | Q(project_links__project=project))
        .distinct()
        .order_by("name", "pk")
    )  # fmt: skip
    for solution in solutions:
        entries[solution.pk] = {
            "solution": solution, "measures": [], "links": [],
            "published": solution.organisation_id == project.organisation_id,
        }  # fmt: skip
    for link in SolutionProjectLink.objects.filter(project=project, solution_id__in=entries):
        entries[link.solution_id]["links"].append(link)
    measure_links = (
        Measure.solutions.through.objects.filter(measure__project=project, solution_id__in=entries)
        .select_related("measure")
        .order_by("measure__title", "measure_id")
    )
    for measure_link in measure_links:
        entries[measure_link.solution_id]["measures"].append(measure_link.measure)
    return list(entries.values())


def measures_by_field(measures: list[Measure]) -> list[tuple[FieldOfAction | None, list[Measure]]]:
    """Measures grouped by their primary field of action, in the list's order (prefetched)."""
    groups: dict[int | None, list[Measure]] = {}
    fields: dict[int | None, FieldOfAction | None] = {None: None}
    for measure in measures:
        primary = measure.primary_field
        if primary is None:
            listed = sorted(measure.fields_of_action.all(), key=lambda f: f.position)
            primary = listed[0] if listed else None
        key = primary.pk if primary else None
        fields[key] = primary
        groups.setdefault(key, []).append(measure)
    order = sorted(groups, key=lambda k: (k is None, getattr(fields[k], "position", 0)))
    return [(fields[k], groups[k]) for k in order]


def transfers_in(organisation) -> list[DocumentedTransfer]:
    """Documented transfers whose adopter is this organisation's municipality or county, or one
    of a cooperation's members."""
    municipalities, counties = [], []
    if organisation.municipality_id:
        municipalities.append(organisation.municipality_id)
    if organisation.county_id:
        counties.append(organisation.county_id)
    for member in organisation.cooperation_members.all():
        if member.municipality_id:
            municipalities.append(member.municipality_id)
        if member.county_id:
            counties.append(member.county_id)
    if not municipalities and not counties:
        return []
    return list(
        DocumentedTransfer.objects.filter(
            Q(adopter_municipality__in=municipalities) | Q(adopter_county__in=counties)
        )
        .select_related("origin", "adopter_municipality", "adopter_county", "adopter_state")
        .order_by("origin__name", "solution_name", "pk")
    )


def confirmed_reuses(organisation) -> dict[str, list]:
    """Reuses confirmed on the platform: of others' solutions by this organisation ("in") and of
    this organisation's solutions by others ("out"); withdrawn ones are left out."""
    from stadtnetz.solutions.models import Reuse

    reuses = (
        Reuse.objects.filter(withdrawn_at__isnull=True)
        .filter(Q(organisation=organisation) | Q(solution__organisation=organisation))
        .select_related("solution", "organisation")
        .order_by("solution__name", "pk")
    )
    result: dict[str, list] = {"in": [], "out": []}
    for reuse in reuses:
        result["in" if reuse.organisation_id == organisation.pk else "out"].append(reuse)
    return result


@dataclass(frozen=True)
class KnowledgeFilter:
    """Filters of a field-of-action page: the project's size class, state, round; the status."""

    category: str = ""
    state: str = ""
    round_year: int | None = None
    status: str = ""


def _knowledge_filtered(qs, filters: KnowledgeFilter, *, status: bool = True):
    if filters.category:
        qs = qs.filter(project__category=filters.category)
    if filters.state:
        qs = qs.filter(
            project__in=ModelProject.objects.filter(states__code=filters.state.upper()).values("pk")
        )
    if filters.round_year:
        qs = qs.filter(project__round_year=filters.round_year)
    if status and filters.status:
        qs = qs.filter(status=filters.status)
    return qs


def field_get(code: str) -> FieldOfAction | None:
    if not code or len(code) > 40:
        return None
    return FieldOfAction.objects.filter(code=code).first()


def field_measures(field: FieldOfAction, filters: KnowledgeFilter) -> list[Measure]:
    qs = Measure.objects.filter(fields_of_action=field)
    return list(
        _knowledge_filtered(qs, filters)
        .select_related("project", "primary_field")
        .prefetch_related("project__states", "fields_of_action")
        .order_by("project__round_year", "project__name", "title", "pk")
    )


def field_lessons(field: FieldOfAction, filters: KnowledgeFilter) -> list:
    """Lessons of the field; the status filter is about measures and does not apply to lessons."""
    qs = Lesson.objects.filter(fields_of_action=field)
    return list(
        _knowledge_filtered(qs, filters, status=False)
        .select_related("project")
        .order_by("project__round_year", "project__name", "title", "pk")
    )


def field_facets(measures: list[Measure]) -> dict[str, Counter]:
    """Counts of the listed measures per size class, state, round and status."""
    facets: dict[str, Counter] = {
        "category": Counter(), "state": Counter(), "round": Counter(), "status": Counter()
    }  # fmt: skip
    for measure in measures:
        project = measure.project
        facets["category"][project.category] += 1
        facets["round"][str(project.round_year)] += 1
        facets["status"][measure.status] += 1
        for state in project.states.all():
            facets["state"][state.code] += 1
    return facets


def knowledge_matrix() -> dict:
    """Measures per field of action × size class (category at selection), with totals."""
    through = Measure.fields_of_action.through
    cells: Counter[tuple] = Counter()
    for field_id, category, n in (
        through.objects.values_list("fieldofaction_id", "measure__project__category")
        .annotate(n=Count("measure_id", distinct=True))
        .order_by()
    ):
        cells[(field_id, category)] = n
    lessons = Counter(
        dict(
            Lesson.fields_of_action.through.objects.values_list("fieldofaction_id")
            .annotate(n=Count("lesson_id", distinct=True))
            .order_by()
        )
    )
    totals = Counter(
        dict(
            through.objects.values_list("fieldofaction_id")
            .annotate(n=Count("measure_id", distinct=True))
            .order_by()
        )
    )
    categories = list(ProgrammeCategory.choices)
    rows = []
    for field in FieldOfAction.objects.all():
        rows.append({
            "field": field,
            "cells": [(value, label, cells[(field.pk, value)]) for value, label in categories],
            "measures": totals[field.pk], "lessons": lessons[field.pk],
        })  # fmt: skip
    return {"rows": rows, "categories": categories}


def knowledge_figures() -> dict[str, int]:
    return {
        "projects": ModelProject.objects.count(),
        "measures": Measure.objects.count(),
        "lessons": Lesson.objects.count(),
        "transfers": DocumentedTransfer.objects.count(),
    }


@dataclass(frozen=True)
class TransferGroup:
    """One solution of a model project with the number of documented adopters."""

    origin: ModelProject
    solution_name: str
    adopters: int
    resolved: int


def front_door(*, lessons: int = 5, transfers: int = 5) -> dict:
    """What the home page shows of the knowledge base, in a constant number of queries:
    figures, fields of action with their counts, size classes with their counts, the newest
    lessons and the solutions with the most documented transfers."""
    from stadtnetz.solutions.models import Solution

    measure_fields = Counter(
        dict(
            Measure.fields_of_action.through.objects.values_list("fieldofaction_id")
            .annotate(n=Count("measure_id", distinct=True))
            .order_by()
        )
    )
    lesson_fields = Counter(
        dict(
            Lesson.fields_of_action.through.objects.values_list("fieldofaction_id")
            .annotate(n=Count("lesson_id", distinct=True))
            .order_by()
        )
    )
    fields = [
        {"field": field, "measures": measure_fields[field.pk], "lessons": lesson_fields[field.pk]}
        for field in FieldOfAction.objects.all()
    ]
    projects = Counter(
        dict(ModelProject.objects.values_list("category").annotate(n=Count("pk")).order_by())
    )
    measures = Counter(
        dict(Measure.objects.values_list("project__category").annotate(n=Count("pk")).order_by())
    )
    sizes = [
        {"value": value, "label": label, "projects": projects[value], "measures": measures[value]}
        for value, label in ProgrammeCategory.choices
    ]
    grouped = (
        DocumentedTransfer.objects.values("origin_id", "solution_name")
        .annotate(
            n=Count("pk"),
            resolved_n=Count(
                "pk", filter=Q(adopter_municipality__isnull=False) | Q(adopter_county__isnull=False)
            ),
        )  # fmt: skip
        .order_by("-n", "solution_name", "origin_id")[:transfers]
    )
    groups: list[dict[str, Any]] = [dict(group) for group in grouped]
    origins = ModelProject.objects.in_bulk([group["origin_id"] for group in groups])
    return {
        "figures": {
            "projects": sum(projects.values()),
            "measures": sum(measures.values()),
            "lessons": Lesson.objects.count(),
            "transfers": DocumentedTransfer.objects.count(),
            "solutions": Solution.objects.listed().count(),
        },
        "fields": fields,
        "sizes": sizes,
        "lessons": list(
            Lesson.objects.select_related("project")
            .prefetch_related(Prefetch("fields_of_action", FieldOfAction.objects.all()))
            .order_by("-created_at", "-pk")[:lessons]
        ),
        "transfers": [
            TransferGroup(
                origin=origins[group["origin_id"]],
                solution_name=group["solution_name"],
                adopters=group["n"],
                resolved=group["resolved_n"],
            )
            for group in groups
        ],  # fmt: skip
    }
