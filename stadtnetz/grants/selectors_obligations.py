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

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from stadtnetz.projects.models import DocumentedTransfer, Lesson, Measure, MeasureStatus
from stadtnetz.solutions.models import (
    CrawlState,
    ProjectLinkRole,
    Reuse,
    ReuseStatus,
    Solution,
    SolutionProjectLink,
)
from stadtnetz.solutions.sources import normalise_url

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
COUNTED_REUSE_STATES = (ReuseStatus.PRODUCTION, ReuseStatus.PILOTING)
SOLUTION_FIELDS = ("pk", "name", "repository_key", "repository_url", "crawl_state", "valid",
                   "has_file", "licence", "licence_osi", "licence_eupl_compatible",
                   "reuse_compliant", "last_crawled_at", "organisation_id")  # fmt: skip


@dataclass(frozen=True)
class CatalogEntry:
    """What the catalog stores about one repository (the entry it was merged into, if any)."""

    pk: int
    name: str
    repository_url: str
    crawl_state: str
    valid: bool
    has_publiccode: bool
    licence: str
    licence_approved: bool | None  # None: no licence stated
    reuse_compliant: bool | None
    last_crawled_at: object = None


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


def _entry(row: dict) -> CatalogEntry:
    licence = row["licence"] or ""
    approved = None if not licence else bool(row["licence_osi"] or row["licence_eupl_compatible"])
    return CatalogEntry(
        pk=row["pk"], name=row["name"], repository_url=row["repository_url"],
        crawl_state=row["crawl_state"], valid=bool(row["valid"]),
        has_publiccode=bool(row["has_file"]), licence=licence, licence_approved=approved,
        reuse_compliant=row["reuse_compliant"], last_crawled_at=row["last_crawled_at"],
    )  # fmt: skip


def repository_key(url: str) -> str:
    """The catalog's identity key of an https address ("" for no address)."""
    url = (url or "").strip()
    return normalise_url(url) if url else ""


def _url_variants(key: str) -> list[str]:
    return [f"https://{key}", f"https://{key}.git", f"https://{key}/", f"https://www.{key}"]


def catalog_entries(keys: Iterable[str]) -> dict[str, CatalogEntry]:
    """Repository key → catalog entry, in two queries for any number of keys: entries by key or
    by declared web address (merged duplicates resolved to the entry they were merged into),
    then entries that list the key among their other addresses."""
    from django.db.models import BooleanField, Case, Value, When

    keys = {key for key in keys if key}
    if not keys:
        return {}
    has_file = Case(When(publiccode_raw="", then=Value(False)), default=Value(True),
                    output_field=BooleanField())  # fmt: skip
    merged_has_file = Case(When(merged_into__publiccode_raw="", then=Value(False)),
                           default=Value(True), output_field=BooleanField())  # fmt: skip
    variants = [variant for key in keys for variant in _url_variants(key)]
    merged_fields = [f"merged_into__{name}" for name in SOLUTION_FIELDS
                     if name not in ("pk", "has_file")]  # fmt: skip
    rows = (
        Solution.objects.annotate(url_lower=Lower("repository_url"), has_file=has_file,
                                  merged_has_file=merged_has_file)
        .filter(Q(repository_key__in=keys) | Q(url_lower__in=variants))
        .values(*SOLUTION_FIELDS, "merged_into_id", "url_lower", *merged_fields,
                "merged_has_file")
        .order_by("pk")
    )  # fmt: skip
    found: dict[str, CatalogEntry] = {}
    by_url: dict[str, CatalogEntry] = {}
    for row in rows:
        if row["merged_into_id"]:
            merged = {name.removeprefix("merged_into__"): value for name, value in row.items()
                      if name.startswith("merged_into__")}  # fmt: skip
            merged["pk"], merged["has_file"] = row["merged_into_id"], row["merged_has_file"]
            entry = _entry(merged)
        else:
            entry = _entry(row)
        if row["repository_key"] in keys:
            found.setdefault(row["repository_key"], entry)
        web_key = normalise_url(row["repository_url"]) if "://" in row["repository_url"] else ""
        if web_key in keys:
            by_url.setdefault(web_key, entry)
    for key, entry in by_url.items():
        found.setdefault(key, entry)
    missing = keys - set(found)
    if missing:
        aliased = (
            Solution.objects.filter(merged_into=None)
            .exclude(alias_text="")
            .annotate(has_file=has_file)
            .values(*SOLUTION_FIELDS, "alias_text")
            .order_by("pk")
        )
        for row in aliased:
            for alias in row["alias_text"].split():
                if alias in missing:
                    found.setdefault(alias, _entry(row))
    return found


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
    from stadtnetz.projects.models import ModelProject

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
