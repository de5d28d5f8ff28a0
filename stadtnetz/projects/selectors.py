# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Reads of the knowledge base for pages, the API, downloads and other apps."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from stadtnetz.municipalities.models import State
from stadtnetz.organisations.models import CooperationMember, OrganisationKind

from .models import (
    FieldOfAction,
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
            ((code, state_names.get(code, code), n) for code, n in states.items() if code),
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
                "measures", queryset=Measure.objects.prefetch_related("fields_of_action", "kpis")
            ),
            "lessons",
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
    """Catalog solutions of a project: linked in its measures or published by its organisation."""
    from stadtnetz.solutions.models import Solution

    entries: dict[int, dict] = {}
    solutions = (
        Solution.objects.filter(merged_into=None)
        .filter(Q(measures__project=project) | Q(organisation_id=project.organisation_id))
        .distinct()
        .order_by("name", "pk")
    )
    for solution in solutions:
        entries[solution.pk] = {
            "solution": solution, "measures": [],
            "published": solution.organisation_id == project.organisation_id,
        }  # fmt: skip
    links = (
        Measure.solutions.through.objects.filter(measure__project=project, solution_id__in=entries)
        .select_related("measure")
        .order_by("measure__title", "measure_id")
    )
    for link in links:
        entries[link.solution_id]["measures"].append(link.measure)
    return list(entries.values())
