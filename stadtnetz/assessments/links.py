# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Links from next steps into Stadtnetz: lessons and measures of model projects in the fields of
action of the step's dimension, and catalogue solutions in the matching publiccode.yml categories.

The mapping below is this app's own table (docs/assessments.md). Field-of-action codes come from
``stadtnetz/projects/fields_of_action.py``, categories from the publiccode.yml vocabulary. The
other apps are read only through their querysets; the whole set of links for a result costs a
fixed number of queries, however many next steps there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from stadtnetz.organisations.selectors import place_category
from stadtnetz.projects.fields_of_action import FIELDS_OF_ACTION
from stadtnetz.projects.models import Lesson, Measure
from stadtnetz.solutions.models import Solution

PER_KIND = 3
# How many candidates are read at most; ranked and distributed to the dimensions in Python.
CANDIDATES = 200

# dimension id -> (fields of action, publiccode.yml categories)
DIMENSION_LINKS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "S": (("verwaltung", "stadtplanung-raum"),
          ("project-management", "enterprise-project-management", "knowledge-management")),
    "P": (("beteiligung", "gesellschaft-bildung"),
          ("survey", "digital-citizenship", "feedback-and-reviews-management", "online-community")),
    "D": (("daten-plattformen",),
          ("data-analytics", "data-collection", "data-visualization",
           "geographic-information-systems")),
    "I": (("infrastruktur",),
          ("network-management", "cloud-management", "it-management")),
    "K": (("verwaltung", "gesellschaft-bildung"),
          ("learning-management-system", "educational-content", "knowledge-management",
           "collaboration")),
    "O": (("daten-plattformen", "verwaltung"),
          ("it-development", "application-development", "content-management",
           "identity-management")),
    "H": (("mobilitaet", "energie-umwelt", "gesundheit", "wirtschaft-handel",
           "stadtplanung-raum"),
          ("fleet-management", "geographic-information-systems", "facility-management",
           "property-management")),
    "W": (("daten-plattformen", "beteiligung"),
          ("business-intelligence", "data-visualization", "predictive-analysis")),
}  # fmt: skip
FIELD_CODES = frozenset(code for code, _label in FIELDS_OF_ACTION)


@dataclass
class Link:
    title: str
    url: str
    note: str = ""


@dataclass
class DimensionLinks:
    lessons: list[Link] = field(default_factory=list)
    measures: list[Link] = field(default_factory=list)
    solutions: list[Link] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.lessons or self.measures or self.solutions)


def _size_class(organisation) -> str:
    place = place_category(organisation)
    return place.value if place else ""


def _fields_of(measure: Measure | None) -> set[str]:
    if measure is None:
        return set()
    return {f.code for f in measure.fields_of_action.all()}


def next_step_links(dimensions, *, size_class: str = "") -> dict[str, DimensionLinks]:
    """For each dimension id, up to three lessons, measures and solutions (three queries in all
    for the projects app, one for the solutions app; none when no dimension is mapped).

    Peers of the same size class come first when ``size_class`` is known; lessons also count as
    the same size when they say they are transferable to it. Solutions: valid first, then higher
    reuse readiness."""
    wanted = [d for d in dict.fromkeys(dimensions) if d in DIMENSION_LINKS]
    links = {d: DimensionLinks() for d in wanted}
    if not wanted:
        return links
    codes = {code for d in wanted for code in DIMENSION_LINKS[d][0]}
    categories = {c for d in wanted for c in DIMENSION_LINKS[d][1]}

    measures = list(
        Measure.objects.with_related()
        .select_related("project__organisation__municipality")
        .filter(pk__in=Measure.objects.filter(fields_of_action__code__in=codes).values("pk"))
        .order_by("-updated_at", "pk")[:CANDIDATES]
    )
    lessons = list(
        Lesson.objects.with_related()
        .select_related("project__organisation__municipality")
        .prefetch_related("measure__fields_of_action")
        .filter(
            pk__in=Lesson.objects.filter(measure__fields_of_action__code__in=codes).values("pk")
        )
        .order_by("-updated_at", "pk")[:CANDIDATES]
    )
    solutions = list(
        Solution.objects.listed()
        .with_related()
        .filter(
            pk__in=Solution.objects.filter(
                facets__kind="category", facets__value__in=categories
            ).values("pk")
        )
        .order_by("-valid", "-readiness", "name", "pk")[:CANDIDATES]
    )

    def same_size(project, extra: str = "") -> bool:
        if not size_class:
            return False
        sizes = {v for v in extra.split(",") if v}
        return size_class in sizes or _size_class(project.organisation) == size_class

    measures.sort(key=lambda m: not same_size(m.project))
    lessons.sort(key=lambda les: not same_size(les.project, les.transferable_sizes))
    for dim in wanted:
        dim_codes, dim_categories = DIMENSION_LINKS[dim]
        target = links[dim]
        for measure in measures:
            if len(target.measures) < PER_KIND and _fields_of(measure) & set(dim_codes):
                target.measures.append(
                    Link(measure.title, measure.get_absolute_url(), measure.project.name)
                )
        for lesson in lessons:
            if len(target.lessons) < PER_KIND and _fields_of(lesson.measure) & set(dim_codes):
                target.lessons.append(
                    Link(lesson.title, lesson.get_absolute_url(), lesson.project.name)
                )
        for solution in solutions:
            if len(target.solutions) < PER_KIND and set(solution.categories) & set(dim_categories):
                target.solutions.append(
                    Link(solution.name, reverse("solutions:detail", args=[solution.pk]),
                         solution.publisher_name)
                )  # fmt: skip
    return links


def assert_mapping_valid(vocabulary: list[str]) -> list[str]:
    """Codes or categories in the table that the controlled lists do not know (for tests)."""
    unknown = []
    for dim, (codes, categories) in DIMENSION_LINKS.items():
        unknown += [f"{dim}:{c}" for c in codes if c not in FIELD_CODES]
        unknown += [f"{dim}:{c}" for c in categories if c not in vocabulary]
    return unknown
