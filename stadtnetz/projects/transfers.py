# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""A model project's transfer figure: the bodies that took over one of its solutions.

Confirmed reuses on the platform (solutions.Reuse, in production or piloting, not withdrawn) of
solutions the project developed (catalog link "developed in the model project", or the
repository of one of its measures), and transfers public sources document with the project as
origin (DocumentedTransfer). An adopter counted by both is counted once. At most five queries for
any number of projects. Shown on the project page, in the open data and on the grant office's
dashboard."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from stadtnetz.solutions.catalog_lookup import catalog_entries, repository_key
from stadtnetz.solutions.models import ProjectLinkRole, Reuse, ReuseStatus, SolutionProjectLink

from .models import DocumentedTransfer, Measure, ModelProject

COUNTED_REUSE_STATES = (ReuseStatus.PRODUCTION, ReuseStatus.PILOTING)


@dataclass
class TransferFigure:
    confirmed_reuses: int = 0
    documented_transfers: int = 0
    adopters: int = 0  # distinct bodies, each counted once (the transfer figure)

    @property
    def figure(self) -> int:
        return self.adopters


def transfer_figures(project_ids: Iterable[int] | None = None) -> dict[int, TransferFigure]:
    """Project id → transfer figure, in at most five queries for any number of projects."""
    projects = ModelProject.objects.all()
    if project_ids is not None:
        projects = projects.filter(pk__in=list(project_ids))
    organisation_of = dict(projects.values_list("pk", "organisation_id"))
    ids = list(organisation_of)
    adopters: dict[int, set] = defaultdict(set)
    result: dict[int, TransferFigure] = {pk: TransferFigure() for pk in ids}
    transfers = DocumentedTransfer.objects.filter(origin_id__in=ids).values_list(
        "origin_id", "adopter_municipality_id", "adopter_county_id", "adopter_name",
        "adopter_state_id",
    )  # fmt: skip
    for origin, municipality, county, name, state in transfers:
        result[origin].documented_transfers += 1
        adopters[origin].add(("m", municipality) if municipality else ("c", county) if county
                             else ("n", state, name.strip().casefold()))  # fmt: skip
    # solutions developed by each project: a catalog link "origin", or a measure's repository
    origin_solutions: dict[int, set[int]] = defaultdict(set)
    links = SolutionProjectLink.objects.filter(project_id__in=ids, role=ProjectLinkRole.ORIGIN)
    for project_id, solution_id in links.values_list("project_id", "solution_id"):
        origin_solutions[project_id].add(solution_id)
    repos = Measure.objects.filter(project_id__in=ids).exclude(repository_url="")
    repo_rows = list(repos.values_list("project_id", "repository_url"))
    entries = catalog_entries(repository_key(url) for _p, url in repo_rows)
    for project_id, url in repo_rows:
        entry = entries.get(repository_key(url))
        if entry is not None:
            origin_solutions[project_id].add(entry.pk)
    wanted = set().union(*origin_solutions.values()) if origin_solutions else set()
    if wanted:
        reuses = (
            Reuse.objects.filter(solution_id__in=wanted, withdrawn_at__isnull=True,
                                 status__in=COUNTED_REUSE_STATES)
            .values_list("solution_id", "organisation_id", "organisation__municipality_id",
                         "organisation__county_id")
        )  # fmt: skip
        by_solution: dict[int, list] = defaultdict(list)
        for row in reuses:
            by_solution[row[0]].append(row[1:])
        for project_id, solution_ids in origin_solutions.items():
            for solution_id in solution_ids:
                for organisation, municipality, county in by_solution.get(solution_id, ()):
                    if organisation == organisation_of.get(project_id):
                        continue  # the project's own organisation is no adopter
                    result[project_id].confirmed_reuses += 1
                    adopters[project_id].add(("m", municipality) if municipality
                                             else ("c", county) if county else ("o", organisation))  # fmt: skip
    for project_id, figure in result.items():
        figure.adopters = len(adopters.get(project_id, ()))
    return result


def transfer_figure(project) -> TransferFigure:
    return transfer_figures([project.pk]).get(project.pk, TransferFigure())
