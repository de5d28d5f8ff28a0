# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The crawler: repositories → catalog entries, incremental by HEAD, one failure never stops it.

``crawl_run(run_id)`` is what the background task and the ``stadtnetz crawl`` command run. For
each source: refuse unsafe addresses; ask the remote for HEAD and tags (``git ls-remote``); skip
when HEAD is unchanged since the last visit; otherwise clone shallowly, read publiccode.yml at the
root, validate it against the checkout, record the repository signals, and merge duplicates.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from stadtnetz.organisations.models import Organisation
from stadtnetz.publiccode import validate

from . import codehosts, gitrepo, netguard, readiness, services, sources
from .models import (
    CrawledRepository,
    CrawlLog,
    CrawlOutcome,
    CrawlRun,
    CrawlState,
    Solution,
)

MAX_PUBLISHERS_BYTES = 1024 * 1024
MAX_TARGETS = 10_000


def setting(name: str, default: Any) -> Any:
    env = os.environ.get(f"STADTNETZ_{name}")
    value = getattr(settings, f"SOLUTIONS_{name}", None)
    if value is not None:
        return value
    if env:
        return type(default)(env)
    return default


def cache_dir() -> Path:
    return Path(setting("CRAWL_CACHE", str(Path(settings.DATA_DIR) / "crawl-cache")))


class PublishersError(Exception):
    pass


def load_publishers(path: str | Path) -> list[dict[str, str | None]]:
    """Targets from a publishers file: a YAML list of ``{organisation: <slug>, name: …,
    repos: [url|path, …], groups: [group address|local folder, …]}``. A local group is a folder
    whose sub-folders are repositories; a code-host group (https://github.com/ORG, a GitLab
    group) is listed over the host's API when the crawl runs (codehosts.py)."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_PUBLISHERS_BYTES + 1)
    except OSError as error:
        raise PublishersError(f"cannot read {path}: {error.strerror}") from None
    if len(raw) > MAX_PUBLISHERS_BYTES:
        raise PublishersError("the publishers file is larger than 1 MB")
    try:
        data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise PublishersError(f"the publishers file is not valid YAML{where}") from None
    if not isinstance(data, list):
        raise PublishersError("the publishers file must be a YAML list of publishers")
    targets: list[dict[str, str | None]] = []
    for index, entry in enumerate(data, start=1):
        if not isinstance(entry, dict):
            raise PublishersError(f"publisher {index}: expected a mapping")
        organisation = entry.get("organisation")
        if organisation is not None and not isinstance(organisation, str):
            raise PublishersError(f"publisher {index}: organisation must be a slug")
        repos = entry.get("repos") or []
        groups = entry.get("groups") or []
        if not isinstance(repos, list) or not isinstance(groups, list):
            raise PublishersError(f"publisher {index}: repos and groups must be lists")
        for repo in repos:
            targets.append({"source": str(repo), "organisation": organisation})
        for group in groups:
            group = str(group)
            if "://" in group:
                targets.append({"source": group, "organisation": organisation, "group": "1"})
                continue
            try:
                parsed = sources.parse(group)
            except sources.RefusedSource:
                targets.append({"source": group, "organisation": organisation})
                continue
            for child in sorted(Path(parsed.url).iterdir()):
                if (child / ".git").exists() or (child / "HEAD").is_file():
                    targets.append({"source": str(child), "organisation": organisation})
    return targets[:MAX_TARGETS]


def run_create(*, targets: list[dict], actor=None) -> CrawlRun:
    return CrawlRun.objects.create(sources=targets[:MAX_TARGETS], started_by=actor,
                                   total=min(len(targets), MAX_TARGETS))  # fmt: skip


@dataclass
class Context:
    run: CrawlRun
    home: Path
    timeout: float
    max_bytes: int
    now: Any


def _log(ctx: Context, source: str, outcome: str, message: str = "", solution=None) -> CrawlLog:
    return CrawlLog.objects.create(run=ctx.run, source=source[:500], outcome=outcome,
                                   message=message[:5000], solution=solution)  # fmt: skip


def _repository(source: sources.Source) -> CrawledRepository:
    repo, _ = CrawledRepository.objects.get_or_create(
        key=source.key, defaults={"url": source.url[:500]}
    )
    return repo


def expand_groups(ctx: Context, targets: list) -> list[dict]:
    """Replace each code-host group by its repositories; a group that cannot be listed is
    logged (refused or failed) and the crawl goes on with the rest."""
    expanded: list[dict] = []
    for target in targets:
        target = target if isinstance(target, dict) else {"source": str(target)}
        if not target.get("group"):
            expanded.append(target)
            continue
        text = str(target.get("source", ""))
        try:
            addresses = codehosts.list_group(text, timeout=ctx.timeout)
        except codehosts.GroupError as error:
            outcome = CrawlOutcome.REFUSED if error.refused else CrawlOutcome.FAILED
            _log(ctx, text, outcome, f"group not listed: {error}")
            continue
        expanded += [{"source": address, "organisation": target.get("organisation")}
                     for address in addresses]  # fmt: skip
    return expanded[:MAX_TARGETS]


def crawl_one(ctx: Context, target: dict) -> CrawlLog:
    text = str(target.get("source", ""))
    if target.get("group"):
        return _log(ctx, text, CrawlOutcome.REFUSED, "a group must be listed before it is crawled")
    try:
        source = sources.parse(text)
    except sources.RefusedSource as error:
        return _log(ctx, text, CrawlOutcome.REFUSED, str(error))
    if not source.local:
        parts = urlsplit(source.url)
        try:
            netguard.public_addresses(parts.hostname or "", parts.port or 443)
        except netguard.RefusedHost as error:
            return _log(ctx, text, CrawlOutcome.REFUSED, str(error))
        except netguard.LookupFailed:
            pass  # git reports the failure (and is pinned to checked addresses only)
    organisation = None
    if target.get("organisation"):
        organisation = Organisation.objects.filter(slug=target["organisation"]).first()
    repo = _repository(source)
    existing = services.entry_for_repository(source.key) or repo.solution
    try:
        head, tags = gitrepo.remote_refs(source, home=ctx.home, timeout=ctx.timeout)
    except gitrepo.GitError as error:
        return _failed(ctx, repo, existing, text, str(error))
    if not head:
        return _failed(ctx, repo, existing, text, "the repository has no commits")
    if repo.head == head and repo.outcome in (CrawlOutcome.NEW, CrawlOutcome.UPDATED,
                                              CrawlOutcome.UNCHANGED, CrawlOutcome.MERGED,
                                              CrawlOutcome.NO_PUBLICCODE):  # fmt: skip
        repo.last_crawled_at = ctx.now
        repo.save(update_fields=["last_crawled_at", "updated_at"])
        if existing is not None:
            Solution.objects.filter(pk=existing.pk).update(
                last_crawled_at=ctx.now,
                last_verified_at=ctx.now if existing.crawl_state == CrawlState.OK else None,
            )
        return _log(ctx, text, CrawlOutcome.UNCHANGED, head[:12], existing)
    dest = ctx.home / "checkouts" / hashlib.sha256(source.key.encode()).hexdigest()[:24]
    try:
        notes = gitrepo.clone(source, dest, home=ctx.home, timeout=ctx.timeout,
                              max_bytes=ctx.max_bytes, now=ctx.now)  # fmt: skip
        found = gitrepo.signals(source, dest, home=ctx.home, timeout=ctx.timeout, now=ctx.now,
                                tag_count=tags)  # fmt: skip
        found.notes = notes
        publiccode = gitrepo.read_publiccode(dest, services.MAX_PUBLICCODE_BYTES)
        result = validate(publiccode[1], base_path=dest) if publiccode else None
        return _record(ctx, source, repo, existing, organisation, found, publiccode, result, text)
    except gitrepo.GitError as error:
        return _failed(ctx, repo, existing, text, str(error))
    finally:
        shutil.rmtree(dest, ignore_errors=True)


def _failed(ctx, repo, existing, text, message) -> CrawlLog:
    repo.outcome, repo.error, repo.last_crawled_at = CrawlOutcome.FAILED, message, ctx.now
    repo.save(update_fields=["outcome", "error", "last_crawled_at", "updated_at"])
    if existing is not None:
        Solution.objects.filter(pk=existing.pk).update(
            crawl_state=CrawlState.FAILED, crawl_error=message[:5000], last_crawled_at=ctx.now
        )
    return _log(ctx, text, CrawlOutcome.FAILED, message, existing)


def _apply_signals(solution: Solution, found: gitrepo.Signals, now) -> None:
    solution.head_commit = found.head
    solution.last_commit_at = found.last_commit_at
    solution.first_commit_seen_at = found.first_commit_seen_at
    solution.history_truncated = found.history_truncated
    solution.commits_12m, solution.authors_12m = found.commits_12m, found.authors_12m
    solution.tag_count = found.tag_count
    solution.has_license_file, solution.has_readme = found.has_license_file, found.has_readme
    solution.has_contributing, solution.has_security = found.has_contributing, found.has_security
    solution.reuse_compliant = found.reuse_compliant
    age = readiness.age_days(found.first_commit_seen_at, now)
    if found.history_truncated:
        age = max(age, gitrepo.WINDOW_DAYS)
    solution.vitality = readiness.vitality(authors_12m=found.authors_12m,
                                           commits_12m=found.commits_12m,
                                           tags=found.tag_count, age_days=age)  # fmt: skip


@transaction.atomic
def _record(ctx, source, repo, existing, organisation, found, publiccode, result, text):
    repo.head, repo.last_crawled_at, repo.error = found.head, ctx.now, ""
    if publiccode is None:
        repo.outcome = CrawlOutcome.NO_PUBLICCODE
        repo.save()
        if existing is not None:
            _apply_signals(existing, found, ctx.now)
            existing.crawl_state = CrawlState.NO_PUBLICCODE
            existing.crawl_error = ""
            existing.last_crawled_at = ctx.now
            existing.save()
            services.refresh(existing)
        return _log(ctx, text, CrawlOutcome.NO_PUBLICCODE,
                    "no publiccode.yml or publiccode.yaml at the repository root", existing)  # fmt: skip
    name, raw = publiccode
    declared = ""
    if result.document and isinstance(result.document.get("url"), str):
        try:
            declared_source = sources.parse(result.document["url"])
            declared = "" if declared_source.local else declared_source.key
        except sources.RefusedSource:
            declared = ""
    outcome = CrawlOutcome.UPDATED
    # A declared url of another entry's repository is a claim, never a merge: a repository may
    # only update the entry whose repository it is (decision 0061, issue 14 item 13).
    claimed = services.find_by_key(declared) if declared and declared != source.key else None
    if existing is None:
        twin = Solution.objects.listed().filter(head_commit=found.head).first()
        if twin is not None:
            existing, outcome = twin, CrawlOutcome.MERGED
    if existing is None:
        web = source.url if not source.local else (result.document or {}).get("url", "")
        existing = Solution(repository_url=str(web or source.url)[:500],
                            repository_key=source.key)  # fmt: skip
        outcome = CrawlOutcome.NEW
    elif source.key != existing.repository_key:
        outcome = CrawlOutcome.MERGED
        if existing.crawl_state == CrawlState.OK:
            # another address (a fork or a mirror) of an entry crawled at its own address: keep
            # it as an alias; the entry's data comes from its own repository only
            services.set_aliases(existing, [*existing.aliases, source.key])
            existing.save(update_fields=["aliases", "alias_text", "updated_at"])
            repo.outcome, repo.solution = outcome, existing
            repo.save()
            return _log(ctx, text, outcome, f"same software as {existing.repository_key}",
                        existing)  # fmt: skip
        if existing.crawl_state == CrawlState.FAILED:
            # the old address is gone (renamed or moved): the new one becomes the main address
            old_key = existing.repository_key
            existing.repository_key = source.key
            if not source.local:
                existing.repository_url = source.url
            services.set_aliases(existing, [*existing.aliases, old_key])
        else:
            services.set_aliases(existing, [*existing.aliases, source.key])
    services.apply_publiccode(existing, raw, result)
    existing.publiccode_path = name
    _apply_signals(existing, found, ctx.now)
    existing.crawl_state = CrawlState.OK
    existing.crawl_error = "; ".join(found.notes)[:5000]
    existing.last_crawled_at = existing.last_verified_at = ctx.now
    if organisation is not None:
        existing.organisation = organisation
    existing.full_clean()
    existing.save()
    # duplicates already in the catalog: the same repository under another key, or an exact
    # copy (same HEAD commit); never the entry a declared url names
    others = (
        Solution.objects.listed()
        .exclude(pk=existing.pk)
        .filter(Q(repository_key=source.key) | Q(head_commit=found.head))
        .order_by("pk")
    )
    for other in others:
        older, newer = (other, existing) if other.pk < existing.pk else (existing, other)
        existing = services.solution_merge(duplicate=newer, into=older)
        outcome = CrawlOutcome.MERGED
    services.refresh(existing)
    repo.outcome, repo.solution = outcome, existing
    repo.save()
    summary = "valid" if result.valid else f"{len(result.errors)} error(s)"
    if claimed is not None and claimed.pk != existing.pk:
        services.claim_record(claimant=existing, claimed=claimed,
                              declared_url=str(result.document["url"]))  # fmt: skip
        summary += (f"; declares the url of {claimed.repository_key}: kept as a claim for staff "
                    "to confirm")  # fmt: skip
    return _log(ctx, text, outcome, f"{name}: {summary}", existing)


def crawl_run(run_id: int, progress: Callable[[CrawlRun, CrawlLog], None] | None = None
              ) -> CrawlRun:  # fmt: skip
    run = CrawlRun.objects.get(pk=run_id)
    run.status, run.started_at = CrawlRun.Status.RUNNING, timezone.now()
    run.total = len(run.sources)
    run.save(update_fields=["status", "started_at", "total", "updated_at"])
    home = cache_dir()
    home.mkdir(parents=True, exist_ok=True)
    ctx = Context(run=run, home=home, timeout=float(setting("CRAWL_TIMEOUT", 120.0)),
                  max_bytes=int(setting("CRAWL_MAX_BYTES", 200_000_000)), now=timezone.now())  # fmt: skip
    counts: Counter[str] = Counter()
    targets = expand_groups(ctx, list(run.sources))
    listing_logs = list(run.logs.all())  # groups that could not be listed
    for log in listing_logs:
        counts[log.outcome] += 1
    run.total, run.processed = len(targets) + len(listing_logs), len(listing_logs)
    run.counts = dict(counts)
    run.save(update_fields=["total", "processed", "counts", "updated_at"])
    for target in targets:
        try:
            log = crawl_one(ctx, target)
        except Exception as error:  # noqa: BLE001 - one repository never stops the crawl
            log = _log(ctx, str(target)[:500], CrawlOutcome.FAILED, f"internal error: {error}")
        counts[log.outcome] += 1
        run.processed += 1
        run.counts = dict(counts)
        run.save(update_fields=["processed", "counts", "updated_at"])
        if progress:
            progress(run, log)
    run.status, run.finished_at = CrawlRun.Status.DONE, timezone.now()
    run.save(update_fields=["status", "finished_at", "updated_at"])
    return run
