# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Writes to the search index: update the documents of some objects, or rebuild everything."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from . import registry
from .models import SearchDocument
from .registry import Document, Provider
from .text import index_terms

BATCH_SIZE = 1000
UPDATED_FIELDS = [
    "title", "body", "url", "state", "size_class", "kind", "fields", "updated", "title_terms",
    "body_terms",
]  # fmt: skip


def document_row(doc_type: str, document: Document) -> SearchDocument:
    """The index row of a provider's document: facets cleaned, index terms computed."""
    fields = "".join(f"|{key}" for key in dict.fromkeys(document.fields) if key)
    return SearchDocument(
        doc_type=doc_type,
        object_id=str(document.object_id)[:64],
        title=document.title[:300],
        body=document.body,
        url=document.url[:500],
        state=(document.state or "")[:2],
        size_class=document.size_class or "",
        kind=document.kind or "",
        fields=f"{fields}|" if fields else "",
        updated=document.updated,
        title_terms=index_terms(document.title),
        body_terms=index_terms(document.body),
    )


def _write(rows: list[SearchDocument]) -> None:
    SearchDocument.objects.bulk_create(
        rows,
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=["doc_type", "object_id"],
        update_fields=UPDATED_FIELDS,
    )


@transaction.atomic
def documents_update(*, provider: Provider, pks: Iterable) -> int:
    """Bring the documents of the given objects up to date; objects that are gone are removed."""
    keys = [str(pk) for pk in pks]
    if not keys:
        return 0
    rows = [document_row(provider.key, document) for document in provider.documents(keys)]
    SearchDocument.objects.filter(doc_type=provider.key, object_id__in=keys).exclude(
        object_id__in=[row.object_id for row in rows]
    ).delete()
    _write(rows)
    return len(rows)


@transaction.atomic
def documents_remove(*, provider_key: str, pks: Iterable) -> int:
    deleted, _ = SearchDocument.objects.filter(
        doc_type=provider_key, object_id__in=[str(pk) for pk in pks]
    ).delete()
    return deleted


@dataclass
class ReindexReport:
    counts: dict[str, int]
    removed: int


@transaction.atomic
def search_reindex(*, keys: Iterable[str] | None = None) -> ReindexReport:
    """Rebuild the index from the providers, all at once: readers see the old or the new index."""
    selected = registry.providers()
    if keys is not None:
        wanted = set(keys)
        unknown = wanted - {provider.key for provider in selected}
        if unknown:
            raise ValueError(f"Unknown search types: {', '.join(sorted(unknown))}")
        selected = [provider for provider in selected if provider.key in wanted]
    counts: dict[str, int] = {}
    removed = 0
    if keys is None:
        known = [provider.key for provider in selected]
        removed, _ = SearchDocument.objects.exclude(doc_type__in=known).delete()
    for provider in selected:
        SearchDocument.objects.filter(doc_type=provider.key).delete()
        batch: list[SearchDocument] = []
        counts[provider.key] = 0
        for document in provider.documents(None):
            batch.append(document_row(provider.key, document))
            if len(batch) >= BATCH_SIZE:
                SearchDocument.objects.bulk_create(batch)
                counts[provider.key] += len(batch)
                batch = []
        SearchDocument.objects.bulk_create(batch)
        counts[provider.key] += len(batch)
    return ReindexReport(counts=counts, removed=removed)
