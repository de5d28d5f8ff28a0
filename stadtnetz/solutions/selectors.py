# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Reads of the solution catalog for pages, the API and exports."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet

from stadtnetz.core.text import fold
from stadtnetz.organisations.models import Organisation

from .extract import AGS_IN_TEXT
from .models import (
    ClaimStatus,
    CrawlRun,
    Reuse,
    Solution,
    SolutionClaim,
    SolutionFacet,
    SolutionProjectLink,
)
from .sources import normalise_url

FACET_KINDS = ("category", "scope", "licence", "status", "maintenance", "platform", "type",
               "country", "validity", "readiness")  # fmt: skip
SORTS = {"name": ("name", "pk"), "readiness": ("-readiness", "name", "pk"),
         "verified": ("-last_verified_at", "name", "pk")}  # fmt: skip


@dataclass
class SolutionFilter:
    q: str = ""
    facets: dict[str, str] = field(default_factory=dict)
    sort: str = "name"
    publisher: str = ""


def solution_list(filters: SolutionFilter) -> QuerySet[Solution]:
    qs = Solution.objects.listed().with_related()
    if filters.q.strip():
        qs = qs.search(filters.q)
    for kind, value in filters.facets.items():
        if kind in FACET_KINDS and value:
            qs = qs.with_facet(kind, value)
    if filters.publisher:
        qs = qs.filter(publisher_slug=filters.publisher)
    return qs.order_by(*SORTS.get(filters.sort, SORTS["name"])).distinct()


def facet_counts(qs: QuerySet[Solution]) -> dict[str, list[tuple[str, int]]]:
    """For every facet kind, the values present in the result with their counts (one query)."""
    rows = (
        SolutionFacet.objects.filter(solution__in=qs.order_by().values("pk"))
        .values("kind", "value")
        .annotate(n=Count("solution", distinct=True))
        .order_by("kind", "-n", "value")
    )
    counts: dict[str, list[tuple[str, int]]] = {kind: [] for kind in FACET_KINDS}
    for row in rows:
        if row["kind"] in counts:
            counts[row["kind"]].append((row["value"], row["n"]))
    return counts


def documented_transfers(solution: Solution) -> list:
    """Documented transfers (projects.DocumentedTransfer, from public sources) of this solution's
    repository, its other addresses or a copy folded into it; matched by normalised address."""
    from stadtnetz.projects.models import DocumentedTransfer

    keys = {solution.repository_key, *solution.aliases,
            *solution.duplicates.values_list("repository_key", flat=True)}  # fmt: skip
    keys = {k.split(":", 1)[0] for k in keys}
    transfers = (
        DocumentedTransfer.objects.exclude(repository_url="")
        .select_related("origin", "adopter_state", "adopter_municipality", "adopter_county")
        .order_by("year", "adopter_name", "pk")
    )
    return [t for t in transfers if normalise_url(t.repository_url) in keys]


def project_links(solution: Solution) -> list[SolutionProjectLink]:
    return list(solution.project_links.select_related("project").order_by("role", "label", "pk"))


def solution_get(pk: int) -> Solution | None:
    current = Reuse.objects.filter(withdrawn_at__isnull=True).select_related("organisation")
    return (
        Solution.objects.select_related("organisation", "merged_into")
        .prefetch_related(Prefetch("reuses", queryset=current, to_attr="current_reuses"))
        .filter(pk=pk)
        .first()
    )


@dataclass
class UsedBy:
    text: str
    organisation: Organisation | None
    confirmed: Reuse | None


def used_by(solution: Solution, reuses: list[Reuse]) -> list[UsedBy]:
    """The publisher's ``usedBy`` names, each matched to a registry organisation by an official
    key (AGS) in the text or by its exact folded name; and whether that organisation confirmed."""
    names = solution.used_by[:50]
    if not names:
        return []
    keys = {m for name in names for m in AGS_IN_TEXT.findall(name)}
    by_key = {
        o.municipality.ags: o
        for o in Organisation.objects.select_related("municipality").filter(
            municipality__ags__in=keys
        )
        if o.municipality is not None
    }
    folded = {fold(name): name for name in names}
    by_name = {}
    for organisation in Organisation.objects.only("pk", "name", "slug"):
        key = fold(organisation.name)
        if key in folded:
            by_name[key] = organisation
    confirmed = {reuse.organisation_id: reuse for reuse in reuses}
    result = []
    for name in names:
        match = next((by_key[k] for k in AGS_IN_TEXT.findall(name) if k in by_key), None)
        match = match or by_name.get(fold(name))
        result.append(UsedBy(name, match, confirmed.get(match.pk) if match else None))
    return result


def reuses_for_publisher(slug: str) -> QuerySet[Reuse]:
    return (
        Reuse.objects.filter(withdrawn_at__isnull=True, solution__publisher_slug=slug)
        .select_related("solution", "organisation")
        .order_by("solution__name", "-since")
    )


def reuses_of_organisation(organisation: Organisation) -> QuerySet[Reuse]:
    return (
        Reuse.objects.filter(organisation=organisation, withdrawn_at__isnull=True)
        .select_related("solution")
        .order_by("solution__name")
    )


def publisher_name(slug: str) -> str | None:
    return (
        Solution.objects.listed()
        .filter(publisher_slug=slug)
        .values_list("publisher_name", flat=True)
        .first()
    )


def open_claims(limit: int = 200) -> list[SolutionClaim]:
    return list(
        SolutionClaim.objects.filter(status=ClaimStatus.OPEN)
        .select_related("claimant", "claimed")
        .order_by("-created_at", "-pk")[:limit]
    )


def crawl_runs(limit: int = 20) -> QuerySet[CrawlRun]:
    return CrawlRun.objects.select_related("started_by")[:limit]
