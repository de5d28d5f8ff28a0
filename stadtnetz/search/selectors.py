# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Reads of the search index: ranked hits, facets with counts, snippets. Three queries a search."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import Count, QuerySet
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from stadtnetz.municipalities.models import SizeClass, State
from stadtnetz.organisations.models import OrganisationKind

from . import registry
from .backends import backend, rank_expression
from .highlight import highlight, snippet
from .models import SearchDocument
from .text import ParsedQuery

PAGE_SIZE = 20
MAX_PAGE = 500
FACET_PATTERN = re.compile(r"[a-z0-9_-]{1,40}")
STATE_PATTERN = re.compile(r"[A-Z]{2}")


def field_labels() -> dict[str, str]:
    """Fields of action and their names; the controlled list belongs to the projects app."""
    try:
        from stadtnetz.projects.fields_of_action import FIELDS_OF_ACTION
    except ImportError:  # pragma: no cover - the projects app ships the list
        return {}
    return {key: _(name) for key, name in FIELDS_OF_ACTION}


@dataclass(frozen=True)
class SearchFilters:
    type: str = ""
    state: str = ""
    size_class: str = ""
    field: str = ""
    kind: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "type": self.type,
            "state": self.state,
            "size_class": self.size_class,
            "field": self.field,
            "kind": self.kind,
        }


class FilterError(ValueError):
    def __init__(self, name: str, message: str):
        self.name = name
        self.message = message
        super().__init__(message)


def filters_clean(**values: str) -> SearchFilters:
    """Checked facet filters; raises FilterError naming the parameter that is wrong."""
    cleaned = {key: (value or "").strip() for key, value in values.items()}
    if cleaned.get("type") and registry.provider(cleaned["type"]) is None:
        raise FilterError(
            "type",
            _("Unknown type. Choose one of: %(types)s.")
            % {"types": ", ".join(p.key for p in registry.providers())},
        )
    if cleaned.get("state"):
        cleaned["state"] = cleaned["state"].upper()
        if not STATE_PATTERN.fullmatch(cleaned["state"]):
            raise FilterError("state", _("Give the state as its two-letter code, such as NW."))
    if cleaned.get("size_class") and cleaned["size_class"] not in SizeClass.values:
        raise FilterError(
            "size_class",
            _("Unknown size class. Choose one of: %(classes)s.")
            % {"classes": ", ".join(SizeClass.values)},
        )
    for name in ("field", "kind"):
        if cleaned.get(name) and not FACET_PATTERN.fullmatch(cleaned[name]):
            raise FilterError(name, _("This filter value is not valid."))
    return SearchFilters(**{key: cleaned.get(key, "") for key in SearchFilters.__annotations__})


@dataclass
class Hit:
    doc_type: str
    type_label: str
    object_id: str
    title_text: str
    title: SafeString
    snippet: SafeString
    url: str
    state: str
    size_class: str
    kind: str
    fields: list[str]
    updated: dt.datetime
    score: int


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    options: list[FacetOption] = field(default_factory=list)


@dataclass
class SearchResult:
    query: ParsedQuery
    filters: SearchFilters
    total: int
    page: int
    pages: int
    hits: list[Hit]
    facets: list[Facet]

    @property
    def first_rank(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1

    @property
    def previous_page(self) -> int:
        return self.page - 1

    @property
    def next_page(self) -> int:
        return self.page + 1


def _filtered(query: ParsedQuery, filters: SearchFilters) -> QuerySet[SearchDocument]:
    qs = SearchDocument.objects.filter(backend().match(query))
    if filters.type:
        qs = qs.filter(doc_type=filters.type)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.size_class:
        qs = qs.filter(size_class=filters.size_class)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.field:
        qs = qs.filter(fields__contains=f"|{filters.field}|")
    return qs


_STATE_NAMES: dict[str, str] = {}


def _state_names() -> dict[str, str]:
    """The 16 state names; read once per process (they change only with a registry import)."""
    if not _STATE_NAMES:
        _STATE_NAMES.update(State.objects.values_list("code", "name"))
    return _STATE_NAMES


@lru_cache(maxsize=8)
def _static_labels(language: str) -> dict[str, dict[str, str]]:
    with translation.override(language):
        return {
            "size_class": {value: str(label) for value, label in SizeClass.choices},
            "kind": {value: str(label) for value, label in OrganisationKind.choices},
            "field": field_labels(),
        }


def _labels(language: str) -> dict[str, dict[str, str]]:
    return {
        **_static_labels(language),
        "type": {p.key: str(p.label) for p in registry.providers()},
        "state": _state_names(),
    }


def _facets(qs: QuerySet[SearchDocument], filters: SearchFilters) -> tuple[int, list[Facet]]:
    counters: dict[str, Counter] = {name: Counter() for name in ("type", "state", "size_class")}
    counters["kind"] = Counter()
    total = 0
    for row in (
        qs.order_by().values("doc_type", "state", "size_class", "kind").annotate(n=Count("id"))
    ):
        total += row["n"]
        counters["type"][row["doc_type"]] += row["n"]
        for name in ("state", "size_class", "kind"):
            if row[name]:
                counters[name][row[name]] += row["n"]
    fields: Counter = Counter()
    if total:
        for row in qs.order_by().exclude(fields="").values("fields").annotate(n=Count("id")):
            for key in row["fields"].split("|"):
                if key:
                    fields[key] += row["n"]
    labels = _labels(get_language() or "de")
    titles = {
        "type": _("Type"),
        "state": _("State"),
        "size_class": _("Size class"),
        "field": _("Field of action"),
        "kind": _("Kind of organisation"),
    }
    counters["field"] = fields
    selected = filters.as_dict()
    facets = []
    for name in ("type", "state", "size_class", "field", "kind"):
        facet = Facet(name=name, label=titles[name])
        for value, count in counters[name].items():
            facet.options.append(
                FacetOption(
                    value=value,
                    label=labels[name].get(value, value),
                    count=count,
                    selected=selected[name] == value,
                )
            )
        facet.options.sort(key=lambda option: (-option.count, option.label))
        facets.append(facet)
    return total, facets


def search(query: ParsedQuery, filters: SearchFilters | None = None, page: int = 1) -> SearchResult:
    filters = filters or SearchFilters()
    qs = _filtered(query, filters)
    total, facets = _facets(qs, filters)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(1, page), pages, MAX_PAGE)
    hits: list[Hit] = []
    if total:
        offset = (page - 1) * PAGE_SIZE
        rows = (
            qs.annotate(score=rank_expression(query))
            .order_by("-score", "-updated", "doc_type", "object_id")
            .only(
                "doc_type", "object_id", "title", "body", "url", "state", "size_class", "kind",
                "fields", "updated",
            )[offset : offset + PAGE_SIZE]
        )  # fmt: skip
        labels = {p.key: str(p.label) for p in registry.providers()}
        hits = [
            Hit(
                doc_type=row.doc_type,
                type_label=labels.get(row.doc_type, row.doc_type),
                object_id=row.object_id,
                title_text=row.title,
                title=highlight(row.title, query),
                snippet=snippet(row.body, query),
                url=row.url,
                state=row.state,
                size_class=row.size_class,
                kind=row.kind,
                fields=row.field_keys,
                updated=row.updated,
                score=row.score,
            )
            for row in rows
        ]
    return SearchResult(
        query=query, filters=filters, total=total, page=page, pages=pages, hits=hits, facets=facets
    )


def ranked_ids(query: ParsedQuery, filters: SearchFilters | None = None, limit: int = 20) -> list:
    """(type, object id, score) of the best documents: for comparing the two backends."""
    qs = _filtered(query, filters or SearchFilters())
    return list(
        qs.annotate(score=rank_expression(query))
        .order_by("-score", "-updated", "doc_type", "object_id")
        .values_list("doc_type", "object_id", "score")[:limit]
    )
