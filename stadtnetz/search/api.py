# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""``GET /api/v1/search``: one search over everything, with facets and highlighted snippets."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from stadtnetz.core.api_errors import ErrorOut, error

from . import selectors
from .text import QueryError, parse_query

router = Router(tags=["search"])


class FacetOptionOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class HitOut(Schema):
    type: str = Field(description="type key: municipality, organisation, model_project, …")
    type_label: str
    id: str = Field(description="the id of the object within its type")
    title: str
    title_html: str = Field(description="the title as escaped HTML, matched words in <mark>")
    snippet_html: str = Field(description="a passage as escaped HTML, matched words in <mark>")
    url: str
    state: str
    size_class: str
    kind: str
    fields: list[str]
    updated: dt.datetime
    score: int


class SearchOut(Schema):
    query: str
    count: int = Field(description="the number of ranked results that can be paged through")
    complete: bool = Field(
        description="false when there are more matches than the ranked results: the search then "
        "ranks the 200 newest matches and the 200 newest title matches, and the facet counts "
        "are counted over those; narrow the search to see all"
    )
    page: int
    pages: int
    items: list[HitOut]
    facets: dict[str, list[FacetOptionOut]]


def _error(parameter: str, code: str, detail: str):
    return error(400, detail, code=code, parameter=parameter)


@router.get("/search", response={200: SearchOut, 400: ErrorOut})
def search(
    request,
    q: str = "",
    type: str = "",  # noqa: A002 - the documented parameter name
    state: str = "",
    size_class: str = "",
    field: str = "",
    kind: str = "",
    page: str = "1",
):
    """Search municipalities, organisations, model projects, measures, lessons, calls, solutions.

    All words must occur (in any form: "Bürger" finds "Buerger" and "Bürgern"); the last word also
    matches the start of longer words. Filters narrow by type, state (two-letter code), size class,
    field of action and kind of organisation. An empty, one-letter or over-long (over 200
    characters) query is refused with 400 and a message.
    """
    try:
        query = parse_query(q)
    except QueryError as error:
        return _error("q", error.code, error.message)
    try:
        filters = selectors.filters_clean(
            type=type, state=state, size_class=size_class, field=field, kind=kind
        )
    except selectors.FilterError as error:
        return _error(error.name, "invalid_filter", error.message)
    if not (page.isdigit() and len(page) < 6 and int(page) >= 1):
        return _error("page", "invalid_page", _("The page must be a whole number from 1."))
    result = selectors.search(query, filters, page=int(page))
    return {
        "query": q,
        "count": result.total,
        "complete": result.complete,
        "page": result.page,
        "pages": result.pages,
        "items": [
            {
                "type": hit.doc_type,
                "type_label": hit.type_label,
                "id": hit.object_id,
                "title": hit.title_text,
                "title_html": str(hit.title),
                "snippet_html": str(hit.snippet),
                "url": hit.url,
                "state": hit.state,
                "size_class": hit.size_class,
                "kind": hit.kind,
                "fields": hit.fields,
                "updated": hit.updated,
                "score": hit.score,
            }
            for hit in result.hits
        ],
        "facets": {
            facet.name: [
                {
                    "value": o.value,
                    "label": o.label,
                    "count": o.count,
                    "selected": o.selected,
                }
                for o in facet.options
            ]
            for facet in result.facets
        },
    }
