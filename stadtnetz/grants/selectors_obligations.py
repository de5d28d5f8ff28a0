# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Reads of the programme's two obligations: open source and knowledge transfer.

Open source. A measure *produces software* when its SoftwareObligation row says so or, without a
row, when it names a repository (``Measure.repository_url``). Each software measure's repository
is looked up in the solution catalog, which the crawler and the publiccode.yml validator fill
(stadtnetz/solutions): by the catalog's repository key (``sources.normalise_url``), by an entry's
other addresses (aliases after renames and merges), or by the web address a crawled
publiccode.yml declares. Nothing is fetched here; the stored verdict of the last crawl counts.

- ``valid``: published, and the catalog holds a valid publiccode.yml for it;
- ``no_publiccode``: published, but without publiccode.yml or with one that is not valid;
- ``not_published``: no repository named, the catalog does not know the address (not checked),
  or the last crawl could not reach it.

Licence (OSI approved or on the EU's EUPL compatibility list) and REUSE compliance are shown
next to the verdict; they do not change it.

Knowledge transfer. A project's transfer figure counts the bodies that took over one of its
solutions: confirmed reuses on the platform (solutions.Reuse, in production or piloting, not
withdrawn) of solutions the project developed (catalog link "developed in the model project", or
the repository of one of its software measures), and transfers public sources document with the
project as origin (projects.DocumentedTransfer). An adopter counted by both is counted once.

All functions read in a constant number of queries, whatever the number of projects/measures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from stadtnetz.projects.models import Lesson, Measure, MeasureStatus
from stadtnetz.projects.transfers import (  # noqa: F401  (read here by the grant pages)
    COUNTED_REUSE_STATES,
    TransferFigure,
    transfer_figure,
    transfer_figures,
)
from stadtnetz.solutions.catalog_lookup import (  # noqa: F401
    SOLUTION_FIELDS,
    CatalogEntry,
    catalog_entries,
    repository_key,
)
from stadtnetz.solutions.models import (
    CrawlState,
)

VALID = "valid"
NO_PUBLICCODE = "no_publiccode"
NOT_PUBLISHED = "not_published"
PUBLICATION_LABELS = {
    VALID: _("published with a valid publiccode.yml"),
    NO_PUBLICCODE: _("published without a valid publiccode.yml"),
    NOT_PUBLISHED: _("not published"),
}
DETAIL_LABELS = {
    "ok": _("The catalog holds a valid publiccode.yml for this repository."),
    "missing": _("The repository has no publiccode.yml."),
    "invalid": _("The repository's publiccode.yml is not valid."),
    "no_repository": _("No repository named."),
    "not_checked": _("The solution catalog does not know this repository yet (not checked)."),
    "unreachable": _("The last check could not reach the repository."),
}
COMPLETED_MEASURE_STATES = (MeasureStatus.DONE, MeasureStatus.CONTINUED)


@dataclass(frozen=True)
class SoftwareCheck:
    """The open-source verdict of one measure."""

    measure_id: int
    project_id: int
    title: str
    produces_software: bool
    flag_recorded: bool  # an editor or the office said so (else: derived from the repository)
    repository_url: str
    status: str  # VALID | NO_PUBLICCODE | NOT_PUBLISHED ("" when the measure is no software)
    detail: str  # a key of DETAIL_LABELS
    entry: CatalogEntry | None = None
    exception_reason: str = ""

    @property
    def published(self) -> bool:
        return self.status in (VALID, NO_PUBLICCODE)

    @property
    def blocks_final_statement(self) -> bool:
        return self.produces_software and not self.published and not self.exception_reason

    @property
    def status_label(self):
        return PUBLICATION_LABELS.get(self.status, "")

    @property
    def detail_label(self):
        return DETAIL_LABELS.get(self.detail, "")


def classify(entry: CatalogEntry | None, repository_url: str) -> tuple[str, str]:
    """(status, detail) of a software measure's repository."""
    if not repository_url:
        return NOT_PUBLISHED, "no_repository"
    if entry is None:
        return NOT_PUBLISHED, "not_checked"
    if entry.crawl_state == CrawlState.FAILED:
        return NOT_PUBLISHED, "unreachable"
    if entry.crawl_state == CrawlState.NO_PUBLICCODE or not entry.has_publiccode:
        return NO_PUBLICCODE, "missing"
    if not entry.valid:
        return NO_PUBLICCODE, "invalid"
    return VALID, "ok"


MEASURE_FIELDS = ("pk", "project_id", "title", "repository_url",
                  "software_obligation__produces_software",
                  "software_obligation__exception_reason")  # fmt: skip


def software_checks(measures) -> list[SoftwareCheck]:
    """The verdict of every measure of a queryset (software or not), in three queries."""
    rows = list(measures.values(*MEASURE_FIELDS).order_by("project_id", "title", "pk"))
    entries = catalog_entries(repository_key(row["repository_url"]) for row in rows)
    checks = []
    for row in rows:
        flag = row["software_obligation__produces_software"]
        produces = bool(row["repository_url"]) if flag is None else flag
        url = row["repository_url"] or ""
        status, detail = classify(entries.get(repository_key(url)), url) if produces else ("", "")
        checks.append(SoftwareCheck(
            measure_id=row["pk"], project_id=row["project_id"], title=row["title"],
            produces_software=produces, flag_recorded=flag is not None, repository_url=url,
            status=status, detail=detail, entry=entries.get(repository_key(url)) if url else None,
            exception_reason=row["software_obligation__exception_reason"] or "",
        ))  # fmt: skip
    return checks


def project_software(project) -> list[SoftwareCheck]:
    return software_checks(Measure.objects.filter(project=project))


@dataclass
class SoftwareSummary:
    """Counts of software measures by verdict (per project, or for the programme)."""

    valid: int = 0
    no_publiccode: int = 0
    not_published: int = 0
    excepted: int = 0  # not published, with the office's exception
    measures: int = 0  # all measures, software or not
    blocking: list[str] = field(default_factory=list)  # titles of blocking measures

    @property
    def software(self) -> int:
        return self.valid + self.no_publiccode + self.not_published

    @property
    def published(self) -> int:
        return self.valid + self.no_publiccode

    def add(self, check: SoftwareCheck) -> None:
        self.measures += 1
        if not check.produces_software:
            return
        if check.status == VALID:
            self.valid += 1
        elif check.status == NO_PUBLICCODE:
            self.no_publiccode += 1
        else:
            self.not_published += 1
            if check.exception_reason:
                self.excepted += 1
            else:
                self.blocking.append(check.title)


def software_by_project(project_ids: Iterable[int] | None = None) -> dict[int, SoftwareSummary]:
    """Project id → counts, for the given projects (or every project), in three queries."""
    measures = Measure.objects.all()
    if project_ids is not None:
        measures = measures.filter(project_id__in=list(project_ids))
    result: dict[int, SoftwareSummary] = defaultdict(SoftwareSummary)
    for check in software_checks(measures):
        result[check.project_id].add(check)
    return dict(result)


def programme_software(project_ids: Iterable[int] | None = None) -> SoftwareSummary:
    total = SoftwareSummary()
    for summary in software_by_project(project_ids).values():
        total.valid += summary.valid
        total.no_publiccode += summary.no_publiccode
        total.not_published += summary.not_published
        total.excepted += summary.excepted
        total.measures += summary.measures
        total.blocking += summary.blocking
    return total


# --- knowledge transfer ---------------------------------------------------------------------


# --- lessons ----------------------------------------------------------------------------------


def measures_without_lesson(project_ids: Iterable[int]) -> dict[int, list[str]]:
    """Project id → titles of completed measures (done, continued) without a lesson."""
    with_lesson = Lesson.objects.filter(measure_id__isnull=False).values("measure_id")
    rows = (
        Measure.objects.filter(project_id__in=list(project_ids),
                               status__in=COMPLETED_MEASURE_STATES)
        .exclude(pk__in=with_lesson)
        .values_list("project_id", "title")
        .order_by("project_id", "title")
    )  # fmt: skip
    result: dict[int, list[str]] = defaultdict(list)
    for project_id, title in rows:
        result[project_id].append(title)
    return dict(result)


def projects_with_lessons(project_ids: Iterable[int]) -> set[int]:
    return set(
        Lesson.objects.filter(project_id__in=list(project_ids))
        .values_list("project_id", flat=True)
        .distinct()
    )
