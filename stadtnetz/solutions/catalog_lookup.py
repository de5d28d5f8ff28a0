# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The solution catalog looked up by repository address: what the crawler and the publiccode.yml
validator stored about each repository (decision 0063). Read by the grant app's open-source check
and by the model projects' transfer figure; two queries for any number of addresses."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.db.models.functions import Lower

from .models import Solution
from .sources import normalise_url

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
