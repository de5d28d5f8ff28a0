# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The German catalog: real publiccode.yml files of German public-sector repositories and the
model projects' repositories without one (data/SOURCE.md, decision 0061).

``import_german_catalog()`` checks both files completely before it writes anything (a bad row is
refused with its line and reason, nothing is half-imported), then in one transaction:

- every MANIFEST row becomes an entry keyed by its repository, validated: a file that is not valid
  YAML or has schema errors is imported with its findings, never dropped;
- rows marked DUPLICATE-OF-UPSTREAM or FORK/PROPOSAL keep their own (hidden) entry, folded into
  the upstream entry (``merged_into``). The upstream is the row whose repository the file's ``url``
  names, else the row with a byte-identical file, else an entry at the declared ``url`` read from
  the newest copy (Masterportal: only forks carry its file);
- every row of ``repos-without-publiccode.csv`` becomes an entry marked "without publiccode.yml"
  with its licence, description and a hint how to add one;
- the model-project link a row states is resolved to the registry of model projects by the table
  ``PROJECT_LINKS``; a link that names no known project stays visible, unresolved.

Entries the crawler has already visited are left alone (the crawl is fresher); re-running the
import changes nothing (idempotent).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction
from django.utils.text import slugify

from stadtnetz.publiccode import validate

from . import licences, services
from .models import (
    CrawlState,
    ImportedFrom,
    ProjectLinkRole,
    Solution,
    SolutionFacet,
    SolutionProjectLink,
)
from .sources import RefusedSource, normalise_url, parse

DATA = Path(__file__).parent / "data"
CORPUS_DE = DATA / "corpus-de"
WITHOUT_PUBLICCODE = DATA / "repos-without-publiccode.csv"
FOREIGN_MANIFEST = Path(__file__).parent / "tests" / "data" / "corpus" / "MANIFEST.csv"

MANIFEST_COLUMNS = ["repo", "path", "commit", "publisher", "country", "why_german", "mpsc_link",
                    "notes"]  # fmt: skip
WITHOUT_COLUMNS = ["repo", "commit", "name", "licence_spdx", "description", "mpsc_link", "source"]
DUPLICATE_MARKS = ("DUPLICATE-OF-UPSTREAM", "FORK/PROPOSAL")
REPO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}/[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
COMMIT = re.compile(r"^[0-9a-f]{40}$")
MAX_BYTES = services.MAX_PUBLICCODE_BYTES

# How the sources name a model project (start of the link text) → the model project's name in
# projects/data/model-projects.csv, and whether the project developed or reused the solution.
# Editorial: written for Stadtnetz from the link texts of both files.
PROJECT_LINKS: list[tuple[str, str, str]] = [
    ("MPSC Bad Belzig & Wiesenburg/Mark",
     "Bad Belzig und Gemeinde Wiesenburg/Mark (Smart Village / Zukunftsschusterei)",
     ProjectLinkRole.ORIGIN),
    ("Connected Urban Twins",
     "Hamburg in Kooperation mit Leipzig und München (Connected Urban Twins)",
     ProjectLinkRole.ORIGIN),
    ("MPSC Münster", "Münster", ProjectLinkRole.ORIGIN),
    ("origin MPSC Münster", "Münster", ProjectLinkRole.ORIGIN),
    ("MPSC Solingen", "Solingen", ProjectLinkRole.ORIGIN),
    ("MPSC Berlin", "Berlin", ProjectLinkRole.ORIGIN),
    ("MPSC Landkreis Kusel", "Landkreis Kusel", ProjectLinkRole.ORIGIN),
    ("Nachnutzung durch MPSC Wolfsburg", "Wolfsburg", ProjectLinkRole.REUSE),
]  # fmt: skip


class CatalogDataError(Exception):
    """The data files were refused; ``problems`` lists each as "file, line N: reason"."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class CatalogReport:
    files: int = 0
    without_publiccode: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    folded: int = 0
    with_errors: int = 0
    links: int = 0
    unresolved_links: list[str] = field(default_factory=list)
    removed_foreign: int = 0

    @property
    def listed(self) -> int:
        return Solution.objects.listed().count()


@dataclass
class _Row:
    line: int
    data: dict[str, str]
    raw: bytes = b""
    key: str = ""

    @property
    def url(self) -> str:
        return f"https://github.com/{self.data['repo']}"

    @property
    def entry_url(self) -> str:
        """The repository, or the folder of a file below its root."""
        path = self.data.get("path", "")
        if "/" not in path:
            return self.url
        return f"{self.url}/tree/{self.data['commit']}/{path.rsplit('/', 1)[0]}"

    @property
    def duplicate(self) -> bool:
        return self.data.get("notes", "").startswith(DUPLICATE_MARKS)


def _read_csv(path: Path, columns: list[str], problems: list[str]) -> list[_Row]:
    name = path.name
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, [])
            if header != columns:
                problems.append(f"{name}, line 1: expected the columns {', '.join(columns)}")
                return []
            rows = []
            for cells in reader:
                line = reader.line_num
                if len(cells) != len(columns):
                    problems.append(f"{name}, line {line}: {len(cells)} columns, expected "
                                    f"{len(columns)}")  # fmt: skip
                    continue
                rows.append(_Row(line=line, data=dict(zip(columns, cells, strict=True))))
            return rows
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        problems.append(f"{name}: cannot be read ({error})")
        return []


def _check_repo(name: str, row: _Row, problems: list[str]) -> None:
    repo, commit = row.data["repo"], row.data["commit"]
    if not REPO.match(repo):
        problems.append(f"{name}, line {row.line}: the repo {repo!r} is not owner/name")
    if not COMMIT.match(commit):
        problems.append(f"{name}, line {row.line}: the commit {commit!r} is not a 40-digit hash")


def read_manifest(directory: Path = CORPUS_DE) -> tuple[list[_Row], list[str]]:
    problems: list[str] = []
    rows = _read_csv(directory / "MANIFEST.csv", MANIFEST_COLUMNS, problems)
    files = {p.name for p in directory.iterdir() if p.suffix in (".yml", ".yaml")}
    used: set[str] = set()
    seen: dict[str, int] = {}
    for row in rows:
        _check_repo("MANIFEST.csv", row, problems)
        repo, path = row.data["repo"], row.data["path"]
        if not path or path.startswith("/") or ".." in path.split("/"):
            problems.append(f"MANIFEST.csv, line {row.line}: the path {path!r} is not a path "
                            "inside the repository")  # fmt: skip
            continue
        ident = f"{repo.lower()}|{path}"
        if ident in seen:
            problems.append(f"MANIFEST.csv, line {row.line}: {repo} {path} is listed twice "
                            f"(line {seen[ident]})")  # fmt: skip
        seen[ident] = row.line
        filename = _filename(repo, path, files)
        if filename not in files:
            problems.append(f"MANIFEST.csv, line {row.line}: the file {filename} is missing")
            continue
        used.add(filename)
        row.raw = (directory / filename).read_bytes()
        if len(row.raw) > MAX_BYTES:
            problems.append(f"MANIFEST.csv, line {row.line}: {filename} is larger than "
                            f"{MAX_BYTES // 1024} KB")  # fmt: skip
        row.key = normalise_url(row.url)
        if "/" in path:  # a file below the root describes a part of the repository
            row.key += ":" + path.rsplit("/", 1)[0]
    for extra in sorted(files - used):
        problems.append(f"corpus-de/{extra}: not listed in MANIFEST.csv")
    return rows, problems


def _filename(repo: str, path: str, files: set[str]) -> str:
    """The corpus file name: ``owner__name.yml``, or ``owner__name__<folder>_publiccode.yml``
    for a second file of the same repository below its root (as collected)."""
    base = repo.replace("/", "__")
    folder = path.rsplit("/", 1)[0].replace("/", "_") if "/" in path else ""
    specific = f"{base}__{folder}_publiccode.yml"
    return specific if folder and specific in files else f"{base}.yml"


def read_without_publiccode(path: Path = WITHOUT_PUBLICCODE) -> tuple[list[_Row], list[str]]:
    problems: list[str] = []
    rows = _read_csv(path, WITHOUT_COLUMNS, problems)
    seen: dict[str, int] = {}
    for row in rows:
        _check_repo(path.name, row, problems)
        if not row.data["name"].strip():
            problems.append(f"{path.name}, line {row.line}: the name is empty")
        row.key = normalise_url(row.url)
        if row.key in seen:
            problems.append(f"{path.name}, line {row.line}: {row.data['repo']} is listed twice "
                            f"(line {seen[row.key]})")  # fmt: skip
        seen[row.key] = row.line
    return rows, problems


def _declared_key(raw: bytes) -> tuple[str, str]:
    """The normalised key and the address of the ``url`` a publiccode.yml declares (or "")."""
    try:
        data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except yaml.YAMLError:
        return "", ""
    url = data.get("url") if isinstance(data, dict) else None
    if not isinstance(url, str):
        return "", ""
    try:
        source = parse(url.strip())
    except RefusedSource:
        return "", ""
    if source.local:
        return "", ""
    return source.key, source.url.removesuffix(".git")


def _version_of(raw: bytes) -> tuple[str, str]:
    try:
        data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except yaml.YAMLError:
        return "", ""
    if not isinstance(data, dict):
        return "", ""
    return str(data.get("releaseDate") or ""), str(data.get("softwareVersion") or "")


def resolve_link(text: str) -> tuple[str, str, bool] | None:
    """(model project name, role, presumed) for a link text, or None if no project is known."""
    text = text.strip()
    for prefix, project, role in PROJECT_LINKS:
        if text.startswith(prefix):
            return project, role, "vermutet" in text
    return None


def _split_licence(text: str) -> tuple[str, str]:
    """``MIT`` → (MIT, ""); ``NOASSERTION (keine LICENSE-Datei)`` → ("", the whole text);
    ``LicenseRef-X (note)`` → (LicenseRef-X, note)."""
    text = " ".join(text.split())
    head, _sep, rest = text.partition(" ")
    if head == "NOASSERTION" or not head:
        return "", text[:300]
    if head in licences.spdx_ids() or head.startswith("LicenseRef-"):
        return head[:300], rest.strip(" ()")[:300]
    return "", text[:300]


def _upsert_file(row: _Row, *, key: str, url: str, raw: bytes, report: CatalogReport,
                 read_from_copy: str = "", notes: str = "") -> Solution:  # fmt: skip
    solution = Solution.objects.filter(repository_key=key).first()
    if solution is not None and solution.crawl_state != CrawlState.IMPORTED:
        return solution  # crawled since: the crawl is fresher
    text = raw.decode("utf-8", "replace")
    source_url = f"{row.url}/blob/{row.data['commit']}/{row.data['path']}"
    if (solution is not None and solution.publiccode_raw == text
            and solution.source_url == source_url and solution.import_notes == notes
            and solution.imported_from == ImportedFrom.CORPUS_DE):  # fmt: skip
        report.unchanged += 1
        return solution
    created = solution is None
    if solution is None:
        solution = Solution(repository_url=url[:500], repository_key=key)
    result = validate(raw)
    services.apply_publiccode(solution, raw, result)
    solution.publiccode_path = row.data["path"][:40]
    solution.crawl_state = CrawlState.IMPORTED
    solution.imported_from = ImportedFrom.CORPUS_DE
    solution.source_url = source_url[:500]
    solution.import_notes = notes
    solution.read_from_copy = read_from_copy[:500]
    solution.licence_note = ""
    solution.full_clean()
    solution.save()
    report.created += int(created)
    report.updated += int(not created)
    return solution


def _upsert_without(row: _Row, report: CatalogReport) -> Solution:
    solution = Solution.objects.filter(repository_key=row.key).first()
    if solution is not None and solution.crawl_state not in (CrawlState.IMPORTED,
                                                             CrawlState.NO_PUBLICCODE):  # fmt: skip
        return solution
    if solution is not None and solution.crawl_state == CrawlState.NO_PUBLICCODE \
            and solution.last_crawled_at is not None:  # fmt: skip
        return solution  # the crawler looked at it: its data is fresher
    data = row.data
    licence, note = _split_licence(data["licence_spdx"])
    values = {
        "name": " ".join(data["name"].split())[:300], "repository_url": row.url,
        "publiccode_raw": "", "publiccode": None, "publiccode_path": "", "valid": False,
        "validation_results": [], "error_count": 0, "warning_count": 0,
        "licence": licence, "licence_note": note,
        "short_description_de": " ".join(data["description"].split())[:500],
        "publisher_name": data["repo"].split("/")[0][:300],
        "crawl_state": CrawlState.NO_PUBLICCODE, "imported_from": ImportedFrom.WITHOUT_PUBLICCODE,
        "source_url": f"{row.url}/tree/{data['commit']}", "import_notes": data["source"],
        "read_from_copy": "",
    }  # fmt: skip
    if solution is not None and all(getattr(solution, k) == v for k, v in values.items()):
        report.unchanged += 1
        return solution
    created = solution is None
    if solution is None:
        solution = Solution(repository_key=row.key)
    for name, value in values.items():
        setattr(solution, name, value)
    solution.publisher_slug = slugify(solution.publisher_name)[:120]
    verdict = licences.judge(licence)
    solution.licence_osi, solution.licence_fsf = verdict.osi, verdict.fsf
    solution.licence_eupl_compatible = verdict.eupl_compatible
    solution.full_clean()
    solution.save()
    report.created += int(created)
    report.updated += int(not created)
    return solution


def _fold(duplicate: Solution, into: Solution, report: CatalogReport) -> None:
    report.folded += 1
    if duplicate.pk == into.pk or duplicate.merged_into_id == into.pk:
        return
    duplicate.merged_into = into
    duplicate.save(update_fields=["merged_into", "updated_at"])
    SolutionFacet.objects.filter(solution=duplicate).delete()


def remove_foreign_seed(keep: set[str]) -> int:
    """Entries an earlier version seeded from the foreign test corpus, untouched since (never
    crawled, no confirmed reuse, no measure, not folded into): removed, so the catalog shows the
    German data only (decision 0061)."""
    if not FOREIGN_MANIFEST.exists():
        return 0
    with open(FOREIGN_MANIFEST, encoding="utf-8", newline="") as fh:
        keys = {normalise_url(f"https://github.com/{r['repo']}") for r in csv.DictReader(fh)}
    candidates = (
        Solution.objects.filter(repository_key__in=keys - keep, crawl_state=CrawlState.IMPORTED)
        .filter(imported_from__in=["", ImportedFrom.CORPUS])
        .filter(reuses__isnull=True, measures__isnull=True, duplicates__isnull=True)
    )
    count = 0
    for solution in candidates.distinct():
        solution.delete()
        count += 1
    return count


def import_german_catalog(directory: Path = CORPUS_DE, without: Path = WITHOUT_PUBLICCODE
                          ) -> CatalogReport:  # fmt: skip
    rows, problems = read_manifest(directory)
    plain, more = read_without_publiccode(without)
    problems += more
    overlap = {r.key for r in rows} & {r.key for r in plain}
    for row in plain:
        if row.key in overlap:
            problems.append(f"{without.name}, line {row.line}: {row.data['repo']} has a "
                            "publiccode.yml in corpus-de")  # fmt: skip
    for row in [*rows, *plain]:
        link = row.data["mpsc_link"].strip()
        if link and resolve_link(link) is None and link.startswith(("MPSC", "Connected")):
            problems.append(f"line {row.line}: the model-project link {link[:60]!r} is not in "
                            "PROJECT_LINKS")  # fmt: skip
    if problems:
        raise CatalogDataError(problems)
    with transaction.atomic():
        return _import(rows, plain)


def _import(rows: list[_Row], plain: list[_Row]) -> CatalogReport:
    from stadtnetz.projects.models import ModelProject

    report = CatalogReport(files=len(rows), without_publiccode=len(plain))
    keep = {r.key for r in rows} | {r.key for r in plain}
    upstream_rows = [r for r in rows if not r.duplicate]
    # 1. the rows that describe their own repository
    entries: dict[int, Solution] = {}
    for row in upstream_rows:
        entries[row.line] = _upsert_file(row, key=row.key, url=row.entry_url, raw=row.raw,
                                         report=report, notes=row.data["notes"])  # fmt: skip
    by_key = {r.key: entries[r.line] for r in upstream_rows}
    by_bytes = {r.raw: entries[r.line] for r in upstream_rows}
    # 2. copies: their own hidden entry, folded into the upstream entry
    groups: dict[str, list[_Row]] = {}
    targets: dict[int, Solution] = {}
    for row in (r for r in rows if r.duplicate):
        key, _url = _declared_key(row.raw)
        target = by_key.get(key) if key and key != row.key else None
        target = target or by_bytes.get(row.raw)
        if target is not None:
            targets[row.line] = target
        elif key:
            groups.setdefault(key, []).append(row)
        # else: nothing to fold into; the copy stays an entry of its own (listed)
    for key, group in groups.items():
        newest = max(group, key=lambda r: _version_of(r.raw))
        _key, url = _declared_key(newest.raw)
        keep.add(key)
        upstream = _upsert_file(newest, key=key, url=url, raw=newest.raw, report=report,
                                read_from_copy=newest.url,
                                notes=f"read from the copy in {newest.data['repo']}")  # fmt: skip
        for row in group:
            targets[row.line] = upstream
    for row in (r for r in rows if r.duplicate):
        own = _upsert_file(row, key=row.key, url=row.entry_url, raw=row.raw, report=report,
                           notes=row.data["notes"])  # fmt: skip
        entries[row.line] = own
        if row.line in targets and own.crawl_state == CrawlState.IMPORTED:
            _fold(own, targets[row.line], report)
    # 3. repositories without publiccode.yml
    for row in plain:
        entries[-row.line] = _upsert_without(row, report)
    report.removed_foreign = remove_foreign_seed(keep)
    # 4. links to model projects, on the entry that is shown
    projects = {p.name: p for p in ModelProject.objects.only("pk", "name")}
    wanted: dict[int, set[tuple[str, str]]] = {}
    for index, row in [*((r.line, r) for r in rows), *((-r.line, r) for r in plain)]:
        link = row.data["mpsc_link"].strip()
        if not link:
            continue
        solution = entries[index]
        shown = solution.merged_into if solution.merged_into_id else solution
        via = row.data["repo"] if shown.pk != solution.pk else ""
        resolved = resolve_link(link)
        project, role, presumed = None, ProjectLinkRole.ORIGIN, False
        if resolved is not None:
            project = projects.get(resolved[0])
            role, presumed = resolved[1], resolved[2]
        if project is None:
            report.unresolved_links.append(f"{row.data['repo']}: {link[:80]}")
        SolutionProjectLink.objects.update_or_create(
            solution=shown, label=link[:500], via_repository=via,
            defaults={"project": project, "role": role, "presumed": presumed,
                      "source": row.data.get("source", "")},
        )  # fmt: skip
        wanted.setdefault(shown.pk, set()).add((link[:500], via))
        report.links += 1
    for solution_pk, pairs in wanted.items():
        for link in SolutionProjectLink.objects.filter(solution_id=solution_pk):
            if (link.label, link.via_repository) not in pairs:
                link.delete()
    # 5. facets, readiness, search text of every shown entry
    shown_pks = {s.merged_into_id or s.pk for s in entries.values()}
    for solution in Solution.objects.filter(pk__in=shown_pks, merged_into__isnull=True):
        services.refresh(solution)
    report.with_errors = Solution.objects.filter(
        pk__in=[s.pk for s in entries.values()], imported_from=ImportedFrom.CORPUS_DE, valid=False
    ).count()
    return report
