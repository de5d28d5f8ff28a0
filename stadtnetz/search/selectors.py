# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Reads of the search index: ranked hits, facets with counts, snippets."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import ranking, registry
from .backends import ROW_COLUMNS, backend
from .highlight import highlight, snippet
from .models import SearchDocument
from .text import ParsedQuery

PAGE_SIZE = 20
# How many of the newest matches, and of the newest title matches, a search ranks (decision 0042).
CANDIDATES = 200
FACET_NAMES = ("type", "state", "size_class", "field", "kind")
FACET_PATTERN = re.compile(r"[a-z0-9_-]{1,40}")
STATE_PATTERN = re.compile(r"[A-Z]{2}")


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
    size_classes = registry.facet_labels("size_class")
    if cleaned.get("size_class") and cleaned["size_class"] not in size_classes:
        raise FilterError(
            "size_class",
            _("Unknown size class. Choose one of: %(classes)s.")
            % {"classes": ", ".join(size_classes)},
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
    # The number of ranked results; when ``complete`` is false there are more matches than these.
    total: int
    complete: bool
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


_STATE_NAMES: dict[str, str] = {}


def _state_names() -> dict[str, str]:
    """The 16 state names; read once per process (they change only with a registry import)."""
    if not _STATE_NAMES:
        _STATE_NAMES.update(registry.facet_labels("state"))
    return _STATE_NAMES


@lru_cache(maxsize=8)
def _static_labels(language: str) -> dict[str, dict[str, str]]:
    with translation.override(language):
        return {
            "size_class": registry.facet_labels("size_class"),
            "kind": registry.facet_labels("kind"),
            "field": registry.facet_labels("field"),
        }


def _labels(language: str) -> dict[str, dict[str, str]]:
    return {
        **_static_labels(language),
        "type": {p.key: str(p.label) for p in registry.providers()},
        "state": _state_names(),
    }


def _facets(rows: list[dict], filters: SearchFilters) -> list[Facet]:
    """Facet options with counts over the considered documents (see :func:`_candidates`)."""
    counters: dict[str, Counter] = {name: Counter() for name in FACET_NAMES}
    for row in rows:
        counters["type"][row["doc_type"]] += 1
        for name in ("state", "size_class", "kind"):
            if row[name]:
                counters[name][row[name]] += 1
        for key in row["fields"].split("|"):
            if key:
                counters["field"][key] += 1
    labels = _labels(get_language() or "de")
    titles = {
        "type": _("Type"),
        "state": _("State"),
        "size_class": _("Size class"),
        "field": _("Field of action"),
        "kind": _("Kind of organisation"),
    }
    selected = filters.as_dict()
    facets = []
    for name in FACET_NAMES:
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
    return facets


def _candidates(query: ParsedQuery, filters: SearchFilters) -> tuple[list[dict], bool]:
    """The documents a search ranks, and whether they are all the matches.

    With at most :data:`CANDIDATES` matches, all of them. With more, the newest
    :data:`CANDIDATES` matches together with the newest :data:`CANDIDATES` matches that have one
    of the words in their title (the documents that score highest), so that the cost of a search
    does not grow with the number of matches (docs/decisions/0042-bounded-search-cost.md).
    Each candidate comes as a dict of :data:`backends.ROW_COLUMNS`.
    """
    index = backend()
    newest = index.newest_rows(query, filters, titled=False, limit=CANDIDATES + 1)
    complete = len(newest) <= CANDIDATES
    rows = {row[0]: row for row in newest[:CANDIDATES]}
    if not complete:
        for row in index.newest_rows(query, filters, titled=True, limit=CANDIDATES):
            rows.setdefault(row[0], row)
    return [dict(zip(ROW_COLUMNS, row, strict=True)) for row in rows.values()], complete


def _ranked(query: ParsedQuery, rows: list[dict], upto: int) -> list[dict]:
    """The candidates best first (ties: newer, then type and id), exact down to rank ``upto``.

    The title terms come with the candidates and give each its title score; the text can add at
    most ``Scorer.bound``. Only candidates whose title score plus that bound reaches the
    ``upto``-th best title score can rank that high, so only their text is read and scored
    (decision 0043). The others follow, by title score; each row gets its ``score``, exact for
    those whose text was read.
    """
    scorer = ranking.Scorer(query)
    for row in rows:
        row["score"] = scorer.title(row["title_terms"])
    if len(rows) > upto:
        threshold = sorted((row["score"] for row in rows), reverse=True)[upto - 1]
        reach = [row for row in rows if row["score"] + scorer.bound >= threshold]
    else:
        reach = rows
    texts = backend().texts([row["id"] for row in reach])
    for row in reach:
        row["score"] += scorer.body(row["title_terms"], texts[row["id"]])
        row["exact"] = True
    # Stable sorts: type and id ascending, then score and time descending.
    rows = sorted(rows, key=lambda r: (r["doc_type"], r["object_id"]))
    rows.sort(key=lambda r: ("exact" in r, r["score"], r["updated"]), reverse=True)
    return rows


def search(query: ParsedQuery, filters: SearchFilters | None = None, page: int = 1) -> SearchResult:
    filters = filters or SearchFilters()
    candidates, complete = _candidates(query, filters)
    facets = _facets(candidates, filters)
    total = len(candidates)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(1, page), pages)
    offset = (page - 1) * PAGE_SIZE
    shown = _ranked(query, candidates, upto=offset + PAGE_SIZE)[offset : offset + PAGE_SIZE]
    documents = SearchDocument.objects.only("title", "body", "url", "updated").in_bulk(
        [row["id"] for row in shown]
    )
    labels = {p.key: str(p.label) for p in registry.providers()}
    hits = []
    for row in shown:
        document = documents[row["id"]]
        hits.append(
            Hit(
                doc_type=row["doc_type"],
                type_label=labels.get(row["doc_type"], row["doc_type"]),
                object_id=row["object_id"],
                title_text=document.title,
                title=highlight(document.title, query),
                snippet=snippet(document.body, query),
                url=document.url,
                state=row["state"],
                size_class=row["size_class"],
                kind=row["kind"],
                fields=[key for key in row["fields"].split("|") if key],
                updated=document.updated,
                score=row["score"],
            )
        )
    return SearchResult(
        query=query,
        filters=filters,
        total=total,
        complete=complete,
        page=page,
        pages=pages,
        hits=hits,
        facets=facets,
    )


def ranked_ids(query: ParsedQuery, filters: SearchFilters | None = None, limit: int = 20) -> list:
    """(type, object id, score) of the best documents: for comparing the two backends."""
    candidates, _complete = _candidates(query, filters or SearchFilters())
    return [
        (row["doc_type"], row["object_id"], row["score"])
        for row in _ranked(query, candidates, upto=limit)[:limit]
    ]
