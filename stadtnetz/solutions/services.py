# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Writes of the solution catalog: entries from publiccode.yml, seed, merges, confirmed reuses."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from stadtnetz.core.text import fold
from stadtnetz.organisations.models import Organisation
from stadtnetz.publiccode import ValidationResult, validate

from . import extract, licences, readiness
from .models import (
    ClaimStatus,
    CrawlState,
    Reuse,
    ReuseRecord,
    ReuseStatus,
    Solution,
    SolutionClaim,
    SolutionFacet,
)
from .sources import normalise_url

# The foreign corpus (IT, NL, SE, …) is test data only since decision 0061: make run seeds the
# German catalog (german_catalog.py).
CORPUS_DIR = Path(__file__).parent / "tests" / "data" / "corpus"
MAX_PUBLICCODE_BYTES = 512 * 1024


class ReuseError(Exception):
    pass


def _search_text(solution: Solution) -> str:
    words = [solution.name, solution.publisher_name, solution.short_description_de,
             solution.short_description_en, " ".join(solution.categories),
             " ".join(solution.features[:20]), solution.repository_key]  # fmt: skip
    return " " + " ".join(fold(" ".join(words)).split()) + " "


DOCUMENT_ERRORS = {"too_large", "too_complex", "yaml_syntax", "invalid_utf8", "read_error",
                   "multiple_docs", "too_many_results"}  # fmt: skip


def _document(raw: bytes, result: ValidationResult) -> dict | None:
    """The parsed file for the catalog fields. When the validator stopped early (e.g. at an
    unquoted version number) the file is still read for display, but only if the validator
    found it safe to parse (no size, complexity, encoding or syntax problem)."""
    if isinstance(result.document, dict):
        return result.document
    if any(r.code in DOCUMENT_ERRORS for r in result.results) or len(raw) > MAX_PUBLICCODE_BYTES:
        return None
    try:
        data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except yaml.YAMLError:
        return None
    return json.loads(json.dumps(data, default=str)) if isinstance(data, dict) else None


def apply_publiccode(solution: Solution, raw: bytes, result: ValidationResult) -> None:
    """Copy the file, the verdict and the catalog fields onto the (unsaved) solution."""
    solution.publiccode_raw = raw.decode("utf-8", "replace")[:MAX_PUBLICCODE_BYTES]
    solution.publiccode = _document(raw, result)
    solution.valid = result.valid
    solution.validation_results = result.to_list(german=True)[:500]
    solution.error_count = len(result.errors)
    solution.warning_count = len(result.warnings)
    fallback = solution.repository_key.rsplit("/", 1)[-1] or solution.repository_key
    data = extract.fields(solution.publiccode, solution.repository_url, fallback)
    data.pop("declared_url")
    for key, value in data.items():
        setattr(solution, key, value)
    verdict = licences.judge(solution.licence)
    solution.licence_osi = verdict.osi
    solution.licence_fsf = verdict.fsf
    solution.licence_eupl_compatible = verdict.eupl_compatible


def refresh(solution: Solution) -> None:
    """Recompute readiness, search text and facets of a saved solution."""
    counts = solution.reuses.filter(withdrawn_at__isnull=True).aggregate(
        production=Count("pk", filter=Q(status=ReuseStatus.PRODUCTION)),
        piloting=Count("pk", filter=Q(status=ReuseStatus.PILOTING)),
    )
    parts = readiness.parts(solution, confirmed_production=counts["production"],
                            confirmed_piloting=counts["piloting"])  # fmt: skip
    solution.readiness = readiness.total(parts)
    solution.readiness_parts = readiness.as_json(parts)
    solution.search_text = _search_text(solution)
    Solution.objects.filter(pk=solution.pk).update(
        readiness=solution.readiness, readiness_parts=solution.readiness_parts,
        search_text=solution.search_text,
    )  # fmt: skip
    values: set[tuple[str, str]] = set()
    values.update(("category", c[:120]) for c in solution.categories)
    values.update(("platform", p[:120].lower()) for p in solution.platforms)
    audience = (solution.publiccode or {}).get("intendedAudience")
    scopes = audience.get("scope") if isinstance(audience, dict) else None
    if isinstance(scopes, list):
        values.update(("scope", s[:120]) for s in scopes[:50] if isinstance(s, str) and s)
    values.update(("country", c[:120]) for c in solution.countries)
    values.update(("licence", i[:120]) for i in licences.identifiers(solution.licence))
    for kind, value in (("status", solution.development_status),
                        ("maintenance", solution.maintenance_type),
                        ("type", solution.software_type)):  # fmt: skip
        if value:
            values.add((kind, value[:120]))
    if not solution.publiccode_raw:
        values.add(("validity", "none"))
    else:
        values.add(("validity", "valid" if solution.valid else "invalid"))
    values.add(("readiness", readiness.bucket(solution.readiness)))
    SolutionFacet.objects.filter(solution=solution).delete()
    SolutionFacet.objects.bulk_create(
        [SolutionFacet(solution=solution, kind=k, value=v) for k, v in sorted(values)]
    )


def find_by_key(key: str) -> Solution | None:
    """The entry with this repository key, directly or as an alias (after merges and renames)."""
    solution = Solution.objects.filter(repository_key=key).first()
    if solution is None:
        solution = Solution.objects.filter(alias_text__contains=f" {key} ").first()
    while solution is not None and solution.merged_into_id:
        solution = solution.merged_into
    return solution


def entry_for_repository(key: str) -> Solution | None:
    """The entry a crawl of repository ``key`` may update: the entry of that repository, or the
    one that has it as an address (a rename, or a claim staff confirmed). A folded copy (merged
    without becoming an address of its upstream) is its own entry: it never updates the upstream
    entry (issue 14 item 13)."""
    solution = Solution.objects.filter(repository_key=key).select_related("merged_into").first()
    if solution is None:
        solution = Solution.objects.filter(alias_text__contains=f" {key} ").first()
    seen = set()
    while (solution is not None and solution.merged_into is not None and solution.pk not in seen
           and key in (solution.merged_into.aliases or [])):  # fmt: skip
        seen.add(solution.pk)
        solution = solution.merged_into
    return solution


@transaction.atomic
def solution_import(*, repository_url: str, raw: bytes, publiccode_path: str = "publiccode.yml"
                    ) -> tuple[Solution, bool]:  # fmt: skip
    """Create or refresh an entry from a publiccode.yml read elsewhere (the seed corpus).

    Entries that the crawler has already visited are left alone: the crawl is fresher.
    """
    key = normalise_url(repository_url)
    solution = find_by_key(key)
    created = solution is None
    if solution is None:
        solution = Solution(repository_url=repository_url, repository_key=key)
    elif solution.crawl_state != CrawlState.IMPORTED:
        return solution, False
    result = validate(raw)
    apply_publiccode(solution, raw, result)
    solution.publiccode_path = publiccode_path
    solution.crawl_state = CrawlState.IMPORTED
    solution.full_clean()
    solution.save()
    refresh(solution)
    return solution, created


@dataclass
class SeedReport:
    created: int = 0
    unchanged: int = 0
    total: int = 0


def seed_corpus(directory: Path = CORPUS_DIR) -> SeedReport:
    """Load a corpus folder (MANIFEST.csv + files) as "imported, not yet crawled" entries; used
    by tests and benchmarks with the foreign corpus. Idempotent."""
    report = SeedReport()
    with open(directory / "MANIFEST.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        path = directory / row["file"]
        raw = path.read_bytes()
        url = f"https://github.com/{row['repo']}"
        existing = find_by_key(normalise_url(url))
        report.total += 1
        if existing is not None and existing.publiccode_raw == raw.decode("utf-8", "replace"):
            report.unchanged += 1
            continue
        _solution, created = solution_import(repository_url=url, raw=raw,
                                             publiccode_path=row["path"])  # fmt: skip
        report.created += int(created)
        report.unchanged += int(not created)
    return report


def set_aliases(solution: Solution, aliases: list[str]) -> None:
    keys = sorted({a for a in aliases if a and a != solution.repository_key and " " not in a})
    solution.aliases = keys
    solution.alias_text = " " + " ".join(keys) + " " if keys else ""


@transaction.atomic
def solution_merge(*, duplicate: Solution, into: Solution) -> Solution:
    """Fold a duplicate (same repository under another address, or an unchanged fork) into
    the older entry: its addresses become aliases, its reuses move; it is hidden, not deleted."""
    if duplicate.pk == into.pk:
        return into
    aliases = [a for a in [*into.aliases, duplicate.repository_key, *duplicate.aliases]
               if a != into.repository_key]  # fmt: skip
    set_aliases(into, aliases)
    into.save(update_fields=["aliases", "alias_text", "updated_at"])
    for reuse in duplicate.reuses.filter(withdrawn_at__isnull=True):
        if into.reuses.filter(organisation=reuse.organisation, withdrawn_at__isnull=True).exists():
            continue
        reuse.solution = into
        reuse.save(update_fields=["solution", "updated_at"])
    duplicate.merged_into = into
    duplicate.save(update_fields=["merged_into", "updated_at"])
    SolutionFacet.objects.filter(solution=duplicate).delete()
    refresh(into)
    return into


# --- claims: a repository declaring another entry's url (decision 0061) -----------------------


def claim_record(*, claimant: Solution, claimed: Solution, declared_url: str) -> SolutionClaim:
    """Keep (once) that ``claimant``'s publiccode.yml names ``claimed``'s repository as its url.
    A claim staff rejected stays rejected."""
    claim, _created = SolutionClaim.objects.get_or_create(
        claimant=claimant, claimed=claimed, defaults={"declared_url": declared_url[:500]}
    )
    return claim


@transaction.atomic
def claim_decide(*, claim: SolutionClaim, actor, confirm: bool) -> SolutionClaim:
    """Staff confirm (the claiming repository is the same software, e.g. its new address: it is
    folded into the claimed entry and becomes one of its addresses) or reject a claim."""
    claim = SolutionClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != ClaimStatus.OPEN:
        raise ValidationError(_("This claim has already been decided."))
    if confirm:
        solution_merge(duplicate=claim.claimant, into=claim.claimed)
    claim.status = ClaimStatus.CONFIRMED if confirm else ClaimStatus.REJECTED
    claim.decided_by, claim.decided_at = actor, timezone.now()
    claim.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return claim


# --- confirmed reuse ------------------------------------------------------------------------


@transaction.atomic
def reuse_declare(*, solution: Solution, organisation: Organisation, actor, status: str,
                  since: date, note: str = "", contact_name: str = "",
                  contact_email: str = "") -> Reuse:  # fmt: skip
    """Declare (or update) that an organisation runs, pilots or tried and dropped a solution."""
    if status not in ReuseStatus.values:
        raise ValidationError({"status": _("Choose one of the given statuses.")})
    if status == ReuseStatus.DROPPED and not note.strip():
        raise ValidationError(
            {"note": _("Please say why the solution was dropped: failures help others most.")}
        )
    if since > timezone.localdate():
        raise ValidationError({"since": _("The date cannot be in the future.")})
    if solution.merged_into is not None:
        solution = solution.merged_into
    reuse = (
        Reuse.objects.select_for_update()
        .filter(solution=solution, organisation=organisation, withdrawn_at__isnull=True)
        .first()
    )
    action = "changed" if reuse else "declared"
    if reuse is None:
        reuse = Reuse(solution=solution, organisation=organisation)
    reuse.status, reuse.since, reuse.note = status, since, note.strip()
    reuse.contact_name, reuse.contact_email = contact_name.strip(), contact_email.strip()
    reuse.declared_by = actor
    reuse.full_clean()
    reuse.save()
    ReuseRecord.objects.create(reuse=reuse, status=status, note=reuse.note, action=action,
                               actor=actor)  # fmt: skip
    refresh(solution)
    return reuse


@transaction.atomic
def reuse_withdraw(*, reuse: Reuse, actor) -> Reuse:
    if reuse.withdrawn_at is None:
        reuse.withdrawn_at = timezone.now()
        reuse.save(update_fields=["withdrawn_at", "updated_at"])
        ReuseRecord.objects.create(reuse=reuse, status=reuse.status, action="withdrawn",
                                   actor=actor)  # fmt: skip
        refresh(reuse.solution)
    return reuse


def now() -> datetime:
    return timezone.now()
